package io.roomcast.roomstate.readmodel;

import io.roomcast.schemas.ReadModelKeys;

import static io.roomcast.roomstate.readmodel.Snapshots.T0;
import static io.roomcast.roomstate.readmodel.Snapshots.at;
import static io.roomcast.roomstate.readmodel.Snapshots.hand;
import static io.roomcast.roomstate.readmodel.Snapshots.participant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.roomcast.servers.RedisServer;
import io.roomcast.events.HandRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.testkit.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read model against a real Redis (shared with other tests: every test uses its own ids). */
@IntegrationTest
class RedisReadModelIT {

    private static final Duration IDLE_EXPIRY = Duration.ofHours(1);
    /** Slack allowed between a write and the TTL check. */
    private static final long TTL_SLACK_MS = Duration.ofMinutes(1).toMillis();

    private final RedisServer redis;
    private RedisReadModel model;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redisCommands;
    /** Unique per test: prefix of room and user ids. */
    private String id;

    RedisReadModelIT(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void connect() {
        id = "it-" + UUID.randomUUID() + "-";
        model = new RedisReadModel(redis.uri(), IDLE_EXPIRY);
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        redisCommands = connection.sync();
    }

    @AfterEach
    void disconnect() {
        model.close();
        connection.close();
        client.shutdown();
    }

    @Test
    void aSnapshotGivesTheDocumentedKeysFieldsScoresAndTtls() {
        String room = id + "room";
        RoomSnapshot applied = snapshot(room, 3, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.SPEAKER, 30, 60L),
                participant(u("bob"), Role.LISTENER, 40, null),
                participant(u("cid"), Role.INVITED_SPEAKER, 50, null)),
                List.of(hand(u("bob"), 70)), "jazz");
        model.apply(room, applied);

        assertThat(model.roomHash(room)).hasValueSatisfying(hash -> assertThat(hash).containsOnly(
                entry("title", "Late night jazz"),
                entry("topic", "jazz"),
                entry("category", "jazz"),
                entry("visibility", "CLUB"),
                entry("clubId", "club-7"),
                entry("lifecycle", "LIVE"),
                entry("createdBy", "creator"),
                entry("createdAt", ms(T0)),
                entry("startsAt", ms(at(5))),
                entry("startedAt", ms(at(10))),
                entry("lastActivityAt", ms(at(103))),
                entry("version", "3"),
                entry("participants", "4"),
                entry("speakers", "2"),
                entry("listeners", "2"),
                entry("handsRaised", "1"),
                entry("snapshot", io.roomcast.schemas.RoomSnapshotText.encode(applied))));
        assertThat(zset(ReadModelKeys.moderators(room))).containsExactly(entry(u("creator"), T0.toEpochMilli()));
        assertThat(zset(ReadModelKeys.speakers(room))).containsExactly(entry(u("ann"), at(60).toEpochMilli()));
        assertThat(zset(ReadModelKeys.listeners(room))).containsExactly(
                entry(u("bob"), at(40).toEpochMilli()), entry(u("cid"), at(50).toEpochMilli()));
        assertThat(zset(ReadModelKeys.handRaised(room))).containsExactly(entry(u("bob"), at(70).toEpochMilli()));
        assertThat(redisCommands.hgetall(ReadModelKeys.presence(u("ann")))).containsOnly(
                entry("roomId", room), entry("role", "SPEAKER"), entry("joinedAt", ms(at(30))));
        assertThat(redisCommands.hgetall(ReadModelKeys.presence(u("cid")))).containsEntry("role", "INVITED_SPEAKER");

        List<String> keys = new ArrayList<>(List.of(ReadModelKeys.room(room), ReadModelKeys.speakers(room),
                ReadModelKeys.moderators(room), ReadModelKeys.listeners(room), ReadModelKeys.handRaised(room)));
        for (String user : List.of("creator", "ann", "bob", "cid")) {
            keys.add(ReadModelKeys.presence(u(user)));
        }
        for (String key : keys) {
            assertThat(redisCommands.pttl(key)).as("TTL of %s (ms)", key)
                    .isBetween(IDLE_EXPIRY.toMillis() - TTL_SLACK_MS, IDLE_EXPIRY.toMillis());
        }
        assertThat(redisCommands.exists(ReadModelKeys.departed(room))).isZero();
    }

    @Test
    void aNewerSnapshotReplacesContentAndClearsTheLeaversPresence() {
        String room = id + "room";
        String other = id + "other";
        model.apply(room, snapshot(room, 1, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.LISTENER, 30, null),
                participant(u("bob"), Role.LISTENER, 40, null),
                participant(u("dee"), Role.LISTENER, 45, null)),
                List.of(hand(u("ann"), 50)), "jazz"));
        // dee moves on: she joins another room, and the snapshot of that room arrives first.
        model.apply(other, snapshot(other, 1, List.of(participant(u("dee"), Role.LISTENER, 90, null)),
                List.of(), null));

        // bob and dee left, ann was accepted as a speaker (hand lowered), topic removed.
        model.apply(room, snapshot(room, 2, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.SPEAKER, 30, 95L)),
                List.of(), null));

        assertThat(model.roomHash(room)).hasValueSatisfying(hash -> assertThat(hash)
                .doesNotContainKey("topic")
                .contains(entry("version", "2"), entry("participants", "2"), entry("speakers", "2"),
                        entry("listeners", "0"), entry("handsRaised", "0")));
        assertThat(zset(ReadModelKeys.speakers(room))).containsExactly(entry(u("ann"), at(95).toEpochMilli()));
        assertThat(redisCommands.exists(ReadModelKeys.listeners(room), ReadModelKeys.handRaised(room))).isZero();
        assertThat(redisCommands.hget(ReadModelKeys.presence(u("ann")), "role")).isEqualTo("SPEAKER");
        assertThat(redisCommands.exists(ReadModelKeys.presence(u("bob")))).as("bob's presence").isZero();
        assertThat(redisCommands.hgetall(ReadModelKeys.presence(u("dee"))))
                .as("dee's presence in the room she moved to")
                .containsEntry("roomId", other).containsEntry("joinedAt", ms(at(90)));
        assertThat(redisCommands.exists(ReadModelKeys.departed(room))).isZero();
    }

    @Test
    void aRedisThatLostItsScriptsStillGetsEverySnapshotWritten() {
        String room = id + "room";
        model.apply(room, snapshot(room, 1, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L)), List.of(), "jazz"));

        redisCommands.scriptFlush(); // as after a Redis restart or fail-over: EVALSHA now answers NOSCRIPT
        model.apply(room, snapshot(room, 2, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.LISTENER, 30, null)),
                List.of(), "jazz"));

        assertThat(model.roomHash(room)).hasValueSatisfying(hash -> assertThat(hash)
                .contains(entry("version", "2"), entry("participants", "2")));
        assertThat(redisCommands.hget(ReadModelKeys.presence(u("ann")), "roomId")).isEqualTo(room);
    }

    @Test
    void aLateSnapshotOfTheOldRoomDoesNotTakeBackPresenceFromTheNewOne() {
        String room = id + "room";
        String other = id + "other";
        model.apply(other, snapshot(other, 1, List.of(participant(u("dee"), Role.LISTENER, 90, null)),
                List.of(), null));

        // The old room's snapshot from before dee left (another partition, processed later).
        model.apply(room, snapshot(room, 4, List.of(participant(u("dee"), Role.SPEAKER, 10, 20L)),
                List.of(), null));

        assertThat(redisCommands.hget(ReadModelKeys.presence(u("dee")), "roomId")).isEqualTo(other);
        assertThat(zset(ReadModelKeys.speakers(room))).containsOnlyKeys(u("dee"));
    }

    @Test
    void replayingAnOlderOrTheSameVersionChangesNothing() {
        String room = id + "room";
        List<RoomSnapshot> history = history(room);
        model.apply(room, history.get(2));
        Map<String, Object> before = dump(room);

        model.apply(room, history.get(0));
        model.apply(room, history.get(1));
        model.apply(room, history.get(2));

        assertThat(dump(room)).isEqualTo(before);
        assertThat(model.roomHash(room)).hasValueSatisfying(hash -> assertThat(hash).containsEntry("version", "3"));
    }

    @Test
    void replayingAllSnapshotsFromTheStartGivesTheContentOfTheLastOne() {
        String replayed = id + "replayed";
        String direct = id + "direct";
        for (RoomSnapshot s : history(replayed)) {
            model.apply(replayed, s);
        }
        for (RoomSnapshot s : history(replayed)) {
            model.apply(replayed, s);
        }
        List<RoomSnapshot> directHistory = history(direct);
        model.apply(direct, directHistory.getLast());

        assertThat(dump(replayed)).isEqualTo(dump(direct)).isNotEmpty();
    }

    @Test
    void aTombstoneDeletesTheRoomButNotAPresenceThatPointsToAnotherRoom() {
        String room = id + "room";
        String other = id + "other";
        model.apply(room, snapshot(room, 1, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.SPEAKER, 30, 40L),
                participant(u("bob"), Role.LISTENER, 40, null)),
                List.of(hand(u("bob"), 50)), "jazz"));
        // ann moved on before the room ended; her new room's snapshot arrived first.
        model.apply(other, snapshot(other, 1, List.of(participant(u("ann"), Role.LISTENER, 90, null)),
                List.of(), null));

        model.apply(room, null);

        assertThat(roomKeysInRedis(room)).isEmpty();
        assertThat(model.roomHash(room)).isEmpty();
        assertThat(redisCommands.exists(ReadModelKeys.presence(u("creator")), ReadModelKeys.presence(u("bob")))).isZero();
        assertThat(redisCommands.hget(ReadModelKeys.presence(u("ann")), "roomId")).isEqualTo(other);

        model.apply(room, null);
        assertThat(roomKeysInRedis(room)).as("a repeated tombstone").isEmpty();
    }

    @Test
    void theLivePublicIndexHoldsARoomExactlyWhileItIsPublicAndLive() {
        String room = id + "public";
        model.apply(room, roomAt(room, 1, Visibility.PUBLIC, RoomLifecycle.SCHEDULED));
        assertThat(indexScore(room)).as("scheduled").isNull();

        model.apply(room, roomAt(room, 2, Visibility.PUBLIC, RoomLifecycle.LIVE));
        assertThat(indexScore(room)).as("live: scored by when it went live").isEqualTo(at(10).toEpochMilli());
        assertThat(redisCommands.pttl(ReadModelKeys.LIVE_PUBLIC_ROOMS)).isPositive();
        model.apply(room, roomAt(room, 3, Visibility.PUBLIC, RoomLifecycle.LIVE));
        model.apply(room, roomAt(room, 1, Visibility.PUBLIC, RoomLifecycle.SCHEDULED));
        assertThat(indexScore(room)).as("a newer version, then a stale one").isEqualTo(at(10).toEpochMilli());

        model.apply(room, roomAt(room, 4, Visibility.PRIVATE, RoomLifecycle.LIVE));
        assertThat(indexScore(room)).as("made private").isNull();
        model.apply(room, roomAt(room, 5, Visibility.PUBLIC, RoomLifecycle.LIVE));
        model.apply(room, roomAt(room, 6, Visibility.PUBLIC, RoomLifecycle.ENDED));
        assertThat(indexScore(room)).as("ended").isNull();

        String ending = id + "tombstoned";
        model.apply(ending, roomAt(ending, 1, Visibility.PUBLIC, RoomLifecycle.LIVE));
        assertThat(indexScore(ending)).isNotNull();
        model.apply(ending, null);
        assertThat(indexScore(ending)).as("tombstone").isNull();

        String hidden = id + "private";
        model.apply(hidden, roomAt(hidden, 1, Visibility.PRIVATE, RoomLifecycle.LIVE));
        String club = id + "club";
        model.apply(club, roomAt(club, 1, Visibility.CLUB, RoomLifecycle.LIVE));
        assertThat(indexScore(hidden)).isNull();
        assertThat(indexScore(club)).isNull();
        model.apply(room, null);
        model.apply(hidden, null);
        model.apply(club, null);
    }

    @Test
    void aUsersHistoryRecordsEachRoomTheyWereInWithTitleRoleAndWhenTheyLeft() {
        String room = id + "history";
        String ann = u("hist-ann");
        model.apply(room, snapshot(room, 1, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(ann, Role.LISTENER, 30, null)), List.of(), "tech.ai"));
        String rooms = ReadModelKeys.historyRooms(ann);
        assertThat(redisCommands.zscore(ReadModelKeys.history(ann), room)).isEqualTo(at(30).toEpochMilli());
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "title"))).isEqualTo("Late night jazz");
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "topic"))).isEqualTo("tech.ai");
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "role"))).isEqualTo("LISTENER");
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "leftAt"))).as("still in it").isNull();
        assertThat(redisCommands.pttl(ReadModelKeys.history(ann))).isGreaterThan(Duration.ofDays(29).toMillis());

        model.apply(room, snapshot(room, 2, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(ann, Role.SPEAKER, 30, 40L)), List.of(), "tech.ai"));
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "role"))).as("promoted").isEqualTo("SPEAKER");

        RoomSnapshot left = snapshot(room, 3, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L)), List.of(),
                "tech.ai");
        model.apply(room, left);
        assertThat(redisCommands.hget(rooms, ReadModelKeys.historyField(room, "leftAt")))
                .isEqualTo(Long.toString(left.getLastActivityAt().toEpochMilli()));
        assertThat(redisCommands.zscore(ReadModelKeys.history(ann), room)).as("kept after leaving").isNotNull();
        model.apply(room, null);
    }

    @Test
    void aLivePublicRoomIsInItsTopicsCategoryIndexAndMovesWithATopicChange() {
        String room = id + "categorised";
        String tech = ReadModelKeys.livePublicRoomsOf("tech");
        String music = ReadModelKeys.livePublicRoomsOf("music");
        RoomSnapshot ai = roomAt(room, 1, Visibility.PUBLIC, RoomLifecycle.LIVE);
        ai.getDetails().setTopic("tech.ai");
        model.apply(room, ai);
        assertThat(redisCommands.zscore(tech, room)).as("live, public, topic tech.ai").isEqualTo(at(10).toEpochMilli());
        assertThat(model.roomHash(room).orElseThrow()).containsEntry(ReadModelKeys.CATEGORY, "tech");

        RoomSnapshot jazz = roomAt(room, 2, Visibility.PUBLIC, RoomLifecycle.LIVE);
        jazz.getDetails().setTopic("music.jazz");
        model.apply(room, jazz);
        assertThat(redisCommands.zscore(tech, room)).as("left the old category").isNull();
        assertThat(redisCommands.zscore(music, room)).as("in the new one").isNotNull();

        RoomSnapshot hidden = roomAt(room, 3, Visibility.PRIVATE, RoomLifecycle.LIVE);
        hidden.getDetails().setTopic("music.jazz");
        model.apply(room, hidden);
        assertThat(redisCommands.zscore(music, room)).as("made private").isNull();

        RoomSnapshot back = roomAt(room, 4, Visibility.PUBLIC, RoomLifecycle.LIVE);
        back.getDetails().setTopic("music.jazz");
        model.apply(room, back);
        assertThat(redisCommands.zscore(music, room)).isNotNull();
        model.apply(room, null);
        assertThat(redisCommands.zscore(music, room)).as("tombstone").isNull();
    }

    private Long indexScore(String room) {
        Double score = redisCommands.zscore(ReadModelKeys.LIVE_PUBLIC_ROOMS, room);
        return score == null ? null : score.longValue();
    }

    private RoomSnapshot roomAt(String room, long version, Visibility visibility, RoomLifecycle lifecycle) {
        RoomSnapshot s = Snapshots.live(room, version, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L)), List.of());
        s.setDetails(Snapshots.details("jazz", visibility, visibility == Visibility.CLUB ? "club-7" : null));
        s.setLifecycle(lifecycle);
        if (lifecycle == RoomLifecycle.SCHEDULED) {
            s.setStartedAt(null);
        }
        return s;
    }

    @Test
    void allKeysOfOneRoomHashToTheSameClusterSlot() {
        String room = id + "room";
        model.apply(room, snapshot(room, 1, List.of(
                participant(u("creator"), Role.MODERATOR, 0, 0L),
                participant(u("ann"), Role.SPEAKER, 30, 40L),
                participant(u("bob"), Role.LISTENER, 40, null)),
                List.of(hand(u("bob"), 50)), "jazz"));

        List<String> keys = roomKeysInRedis(room);

        assertThat(keys).hasSize(5);
        assertThat(keys).extracting(SlotHash::getSlot).containsOnly(SlotHash.getSlot(room));
    }

    @Test
    void aPresenceCleanupLeftUnfinishedIsFinishedByTheNextWrite() {
        String room = id + "room";
        RoomSnapshot v1 = snapshot(room, 1, List.of(participant(u("creator"), Role.MODERATOR, 0, 0L)),
                List.of(), null);
        model.apply(room, v1);
        // The state after a write that failed right after the room script: bob left, his presence
        // still points here, and he waits in the room's departed outbox.
        redisCommands.hset(ReadModelKeys.presence(u("bob")), Map.of("roomId", room, "role", "LISTENER", "joinedAt", "1"));
        redisCommands.sadd(ReadModelKeys.departed(room), u("bob"));

        model.apply(room, v1);

        assertThat(redisCommands.exists(ReadModelKeys.presence(u("bob")), ReadModelKeys.departed(room))).isZero();
        assertThat(redisCommands.hget(ReadModelKeys.presence(u("creator")), "roomId")).isEqualTo(room);
    }

    @Test
    void aRoomAtFullCapacityIsWrittenAndEmptied() {
        String room = id + "full";
        int capacity = 8_000;
        List<Participant> participants = new ArrayList<>();
        participants.add(participant(u("creator"), Role.MODERATOR, 0, 0L));
        List<HandRequest> hands = new ArrayList<>();
        for (int i = 1; i < capacity; i++) {
            participants.add(participant(u("l" + i), Role.LISTENER, i, null));
            if (i <= 500) {
                hands.add(hand(u("l" + i), capacity + i));
            }
        }
        model.apply(room, snapshot(room, 1, participants, hands, null));

        assertThat(model.roomHash(room)).hasValueSatisfying(hash -> assertThat(hash)
                .containsEntry("participants", "8000").containsEntry("listeners", "7999")
                .containsEntry("handsRaised", "500"));
        assertThat(redisCommands.zcard(ReadModelKeys.listeners(room))).isEqualTo(capacity - 1);
        assertThat(redisCommands.zcard(ReadModelKeys.handRaised(room))).isEqualTo(500);
        assertThat(redisCommands.hget(ReadModelKeys.presence(u("l7999")), "roomId")).isEqualTo(room);

        model.apply(room, null);

        assertThat(roomKeysInRedis(room)).isEmpty();
        assertThat(redisCommands.exists(ReadModelKeys.presence(u("l1")), ReadModelKeys.presence(u("l7999")))).isZero();
    }

    @Test
    void aSnapshotOfAnotherRoomIsRefusedAndWritesNothing() {
        String room = id + "room";
        RoomSnapshot elsewhere = snapshot(id + "elsewhere", 1,
                List.of(participant(u("ann"), Role.MODERATOR, 0, 0L)), List.of(), null);

        assertThatThrownBy(() -> model.apply(room, elsewhere)).isInstanceOf(IllegalArgumentException.class);
        assertThat(roomKeysInRedis(room)).isEmpty();
        assertThat(redisCommands.exists(ReadModelKeys.presence(u("ann")))).isZero();
    }

    /** A user id unique to this test. */
    private String u(String name) {
        return id + name;
    }

    private static String ms(java.time.Instant time) {
        return Long.toString(time.toEpochMilli());
    }

    private static RoomSnapshot snapshot(String room, long version, List<Participant> participants,
                                         List<HandRequest> hands, String topic) {
        RoomSnapshot s = Snapshots.live(room, version, participants, hands);
        s.getDetails().setTopic(topic);
        return s;
    }

    /** Four versions of a room whose users are named after the room: joins, a hand, a promotion, a leave. */
    private static List<RoomSnapshot> history(String room) {
        String creator = room + "/creator";
        String ann = room + "/ann";
        String bob = room + "/bob";
        return List.of(
                snapshot(room, 1, List.of(participant(creator, Role.MODERATOR, 0, 0L)), List.of(), "jazz"),
                snapshot(room, 2, List.of(participant(creator, Role.MODERATOR, 0, 0L),
                        participant(ann, Role.LISTENER, 20, null),
                        participant(bob, Role.LISTENER, 25, null)), List.of(), "jazz"),
                snapshot(room, 3, List.of(participant(creator, Role.MODERATOR, 0, 0L),
                        participant(ann, Role.LISTENER, 20, null),
                        participant(bob, Role.LISTENER, 25, null)), List.of(hand(ann, 30)), "jazz"),
                snapshot(room, 4, List.of(participant(creator, Role.MODERATOR, 0, 0L),
                        participant(ann, Role.SPEAKER, 20, 40L)), List.of(), "jazz"));
    }

    /**
     * Everything stored for a room of {@link #history}, with the room id replaced by "R" so two
     * rooms can be compared: room keys, and the presence of its users (TTLs only as "set").
     */
    private Map<String, Object> dump(String room) {
        Map<String, Object> out = new TreeMap<>();
        for (String key : roomKeysInRedis(room)) {
            String name = key.replace(room, "R");
            Object value = switch (redisCommands.type(key)) {
                case "hash" -> normalize(redisCommands.hgetall(key), room);
                case "zset" -> normalize(zset(key), room);
                default -> redisCommands.type(key);
            };
            out.put(name, value);
            out.put(name + " ttl set", redisCommands.pttl(key) > 0);
        }
        for (String user : List.of("/creator", "/ann", "/bob")) {
            String key = ReadModelKeys.presence(room + user);
            if (redisCommands.exists(key) == 1) {
                out.put("presence " + user, normalize(redisCommands.hgetall(key), room));
                out.put("presence " + user + " ttl set", redisCommands.pttl(key) > 0);
            }
        }
        return out;
    }

    private static Map<String, String> normalize(Map<String, ?> map, String room) {
        Map<String, String> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k.replace(room, "R"), k.equals(ReadModelKeys.SNAPSHOT)
                ? "version " + io.roomcast.schemas.RoomSnapshotText.decode((String) v).getVersion()
                : String.valueOf(v).replace(room, "R")));
        return out;
    }

    /** The sorted set as member -> score (epoch ms), lowest score first. */
    private Map<String, Long> zset(String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ScoredValue<String> v : redisCommands.zrangeWithScores(key, 0, -1)) {
            out.put(v.getValue(), (long) v.getScore());
        }
        return out;
    }

    /** Every key in Redis whose name starts with {@code room:{roomId}}. */
    private List<String> roomKeysInRedis(String room) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redisCommands, ScanArgs.Builder.matches(ReadModelKeys.room(room) + "*").limit(1_000))
                .forEachRemaining(keys::add);
        return keys;
    }
}
