package io.roomcast.ranking.topology;

import static io.roomcast.ranking.core.Rooms.live;
import static io.roomcast.ranking.core.Rooms.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.HallwayRanking;
import java.util.Map;
import java.util.ArrayList;
import io.roomcast.ranking.core.Facts;
import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.RankingWeights;
import io.roomcast.events.ImpressedRoom;
import io.roomcast.events.HallwayListing;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.RankingReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.ImpressionAttribution;
import io.roomcast.ranking.core.SpeakerQualityRules;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.testkit.FixedRegistrySerdes;
import io.roomcast.testkit.TopologyDrivers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hallway in TopologyTestDriver: social-graph, heartbeats, room-state, room-stats and room-events in,
 * hallway-rankings out. Wall-clock punctuators run as the test advances the driver's clock.
 */
class HallwayTopologyTest {
    private static final String APP = "ranking-stream";
    private static final FixedRegistrySerdes SERDES = FixedRegistrySerdes.INSTANCE;
    private static final Instant T0 = Instant.parse("2026-12-03T10:15:00Z");
    /** One follower is enough to be a celebrity here (the service's default is 10,000). */
    private static final int CELEBRITY_FOLLOWERS = 1;
    private static final HallwayTopology.Settings SETTINGS = new HallwayTopology.Settings(HallwayRanker.Settings.DEFAULTS,
        Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(30),
        CELEBRITY_FOLLOWERS, Duration.ofSeconds(5), ImpressionAttribution.Settings.DEFAULTS, SpeakerQualityRules.Settings.DEFAULTS, 1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SocialEdge> graph;
    private TestInputTopic<String, PresenceHeartbeat> heartbeats;
    private TestInputTopic<String, RoomSnapshot> roomState;
    private TestInputTopic<String, RoomStats> roomStats;
    private TestInputTopic<String, RoomEvent> events;
    private TestOutputTopic<String, HallwayRanking> rankings;
    private TestInputTopic<String, HallwayImpression> impressions;
    private TestInputTopic<String, RankingWeights> config;
    private TestOutputTopic<String, HallwayAttribution> attributions;
    private TestOutputTopic<String, SpeakerQuality> speakerQuality;
    private final AtomicInteger celebrityMoves = new AtomicInteger();
    private final AtomicInteger rankingsComputed = new AtomicInteger();
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Instant now = T0;

    @BeforeEach
    void startDriver() {
        StreamsBuilder builder = new StreamsBuilder();
        RefusalObserver observer = (topic, reason) -> refusals.add(topic + ":" + reason);
        RankingTopology.build(builder, SERDES, RankingTopology.Settings.DEFAULTS.withPartitions(1), SETTINGS, observer, APP,
            new HallwayTopology.Counters() {
                @Override
                public void celebrityMove() {
                    celebrityMoves.incrementAndGet();
                }

                @Override
                public void rankingComputed() {
                    rankingsComputed.incrementAndGet();
                }
            });
        driver = TopologyDrivers.start(builder.build(), SERDES, observer, APP, stateDir, T0);
        StringSerializer keys = new StringSerializer();
        graph = driver.createInputTopic(Topics.SOCIAL_GRAPH.name(), keys, SERDES.value(Topics.SOCIAL_GRAPH).serializer());
        heartbeats = driver.createInputTopic(Topics.PRESENCE_HEARTBEATS.name(), keys,
            SERDES.value(Topics.PRESENCE_HEARTBEATS).serializer());
        roomState = driver.createInputTopic(Topics.ROOM_STATE.name(), keys, SERDES.value(Topics.ROOM_STATE).serializer());
        roomStats = driver.createInputTopic(Topics.ROOM_STATS.name(), keys, SERDES.value(Topics.ROOM_STATS).serializer());
        events = driver.createInputTopic(Topics.ROOM_EVENTS.name(), keys, SERDES.value(Topics.ROOM_EVENTS).serializer());
        rankings = driver.createOutputTopic(Topics.HALLWAY_RANKINGS.name(), new StringDeserializer(),
            SERDES.value(Topics.HALLWAY_RANKINGS).deserializer());
        config = driver.createInputTopic(Topics.RANKING_CONFIG.name(), keys, SERDES.value(Topics.RANKING_CONFIG).serializer());
        impressions = driver.createInputTopic(Topics.HALLWAY_IMPRESSIONS.name(), keys,
            SERDES.value(Topics.HALLWAY_IMPRESSIONS).serializer());
        attributions = driver.createOutputTopic(Topics.HALLWAY_ATTRIBUTIONS.name(), new StringDeserializer(),
            SERDES.value(Topics.HALLWAY_ATTRIBUTIONS).deserializer());
        speakerQuality = driver.createOutputTopic(Topics.SPEAKER_QUALITY.name(), new StringDeserializer(),
            SERDES.value(Topics.SPEAKER_QUALITY).deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void edge(String user, SocialRelation relation, SocialTargetType type, String target, boolean active,
                      Double weight) {
        SocialEdge edge = new SocialEdge(UUID.randomUUID(), now, user, null, relation, type, target, active, weight);
        graph.pipeInput(Topics.socialEdgeKey(edge), edge, now);
    }

    private void follows(String user, String target) {
        edge(user, SocialRelation.FOLLOWS, SocialTargetType.USER, target, true, null);
    }

    private void heartbeat(String user) {
        heartbeats.pipeInput(user, new PresenceHeartbeat(UUID.randomUUID(), now, user, null, "s-" + user, null, "gw-1"), now);
    }

    private void room(RoomSnapshot snapshot) {
        roomState.pipeInput(snapshot.getRoomId(), snapshot, now);
    }

    private void momentum(String roomId, double joinsPerMinute) {
        roomStats.pipeInput(roomId, RoomStats.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(roomId)
            .setVersion(1).setListeners(0).setSpeakers(0).setPeakConcurrent(0).setTotalJoins(0)
            .setJoinsPerMinute1m(joinsPerMinute).setJoinsPerMinute5m(joinsPerMinute).setStaysCompleted(0).setHandRaises(0)
            .setSpeakTime(List.of()).setHourly(List.of()).build(), now);
    }

    /** A join fact of room-state-stream (roomVersion 1: the stats' side ignores rooms it saw no RoomCreated of). */
    private void joins(String roomId, String user, Role role) {
        events.pipeInput(roomId, RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(roomId)
            .setUserId(user).setRoomVersion(1L).setFact(new ParticipantJoined(user, role)).build(), now);
    }

    private void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    private List<HallwayRanking> rankingsOf(String user) {
        return rankings.readKeyValuesToList().stream().filter(kv -> kv.key.equals(user)).map(kv -> kv.value).toList();
    }

    private static List<String> ids(HallwayRanking ranking) {
        return ranking.getRooms().stream().map(RankedRoom::getRoomId).toList();
    }

    @Test
    void anActiveFollowersHallwayPutsTheRoomTheirFolloweeJustJoinedAsSpeakerFirst() {
        follows("ann", "bob");
        heartbeat("ann");
        room(live("busy", "host", Visibility.PUBLIC, "news", null, List.of(), List.of("x", "y"), now));
        momentum("busy", 6.0);
        advance(Duration.ofMillis(100));
        List<HallwayRanking> firsts = rankingsOf("ann");
        assertThat(firsts).singleElement().satisfies(f -> assertThat(ids(f)).containsExactly("busy"));
        HallwayRanking first = firsts.getFirst();

        advance(Duration.ofSeconds(2));
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("bobs", "bob", Role.MODERATOR);
        advance(Duration.ofMillis(100));

        HallwayRanking ranking = rankingsOf("ann").getLast();
        assertThat(ranking.getUserId()).isEqualTo("ann");
        assertThat(ranking.getColdStart()).isFalse();
        assertThat(ids(ranking)).containsExactly("bobs", "busy");
        assertThat(ranking.getRooms().getFirst().getReasons()).containsExactly(RankingReason.FOLLOWED_SPEAKER);
        assertThat(ranking.getRooms().getFirst().getFollowedSpeakerIds()).containsExactly("bob");
        assertThat(ranking.getVersion()).isGreaterThan(first.getVersion());
    }

    @Test
    void aNudgeThatArrivesBeforeItsRoomsSnapshotWaitsForIt() {
        follows("ann", "bob");
        heartbeat("ann");
        advance(Duration.ofMillis(100));
        rankingsOf("ann");
        advance(Duration.ofSeconds(2));

        joins("bobs", "bob", Role.MODERATOR);
        advance(Duration.ofMillis(300));
        assertThat(rankingsOf("ann")).as("the room's snapshot is not in the global store yet").isEmpty();
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofMillis(200));

        assertThat(rankingsOf("ann")).as("ranked again once the snapshot arrived, not at the next refresh (30 s)")
            .last().satisfies(r -> assertThat(ids(r)).containsExactly("bobs"));
    }

    @Test
    void aNudgeWhoseRoomNeverArrivesRanksAfterTheWaitAnyway() {
        follows("ann", "bob");
        heartbeat("ann");
        room(live("other", "zed", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofMillis(100));
        rankingsOf("ann");
        advance(Duration.ofSeconds(2));
        room(live("later", "zed", Visibility.PUBLIC, null, null, List.of(), List.of(), now));

        joins("gone", "bob", Role.MODERATOR);
        advance(Duration.ofMillis(200));
        assertThat(rankingsOf("ann")).isEmpty();
        advance(SETTINGS.nudgeWait());
        assertThat(rankingsOf("ann")).as("ranked after the wait without the room").last()
            .satisfies(r -> assertThat(ids(r)).containsExactlyInAnyOrder("other", "later"));
    }

    @Test
    void aFolloweesNewRoomComesFirstAheadOfARoomWithABurstOfJoins() {
        follows("ann", "bob");
        heartbeat("ann");
        // The demo's room scenario: 200 listeners joined one room within the last minute, a host and 3 speakers.
        List<String> crowd = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "l" + i).toList();
        room(live("crowded", "host", Visibility.PUBLIC, null, null, List.of("s1", "s2", "s3"), crowd, now));
        momentum("crowded", 204.0);
        advance(Duration.ofMillis(100));
        assertThat(ids(rankingsOf("ann").getLast())).containsExactly("crowded");
        advance(Duration.ofSeconds(2));

        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("bobs", "bob", Role.MODERATOR);
        momentum("bobs", 1.0);
        advance(Duration.ofMillis(200));

        assertThat(ids(rankingsOf("ann").getLast())).containsExactly("bobs", "crowded");
    }

    @Test
    void aGatewayNodesTickIsNeitherAnActiveUserNorADeadLetter() {
        follows("ann", "bob");
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("bobs", "bob", Role.MODERATOR);
        heartbeats.pipeInput(null, PresenceTicks.tick("gw-1", now), now);
        advance(Duration.ofSeconds(5));

        assertThat(rankings.readKeyValuesToList()).isEmpty();
        assertThat(refusals).isEmpty();
    }

    @Test
    void aUserWithoutARecentHeartbeatIsNotRanked() {
        follows("ann", "bob");
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("bobs", "bob", Role.MODERATOR);
        advance(Duration.ofSeconds(5));
        assertThat(rankingsOf("ann")).isEmpty();

        heartbeat("ann");
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).hasSize(1);
        advance(Duration.ofSeconds(61));
        room(live("other", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("other", "bob", Role.MODERATOR);
        advance(Duration.ofSeconds(31));
        assertThat(rankingsOf("ann")).as("the active window lapsed: no more rankings").isEmpty();
    }

    @Test
    void aUserBackAfterTheActiveWindowLapsedGetsAVersionAboveEveryEarlierOne() {
        follows("ann", "bob");
        heartbeat("ann");
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("bobs", "bob", Role.MODERATOR);
        advance(Duration.ofMillis(100));
        long before = rankingsOf("ann").getLast().getVersion();
        advance(Duration.ofSeconds(61));
        advance(Duration.ofSeconds(31));

        heartbeat("ann");
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).singleElement().satisfies(r -> assertThat(r.getVersion())
            .as("the Redis read model keeps the highest version (for a day): a lower one would leave the old hallway served")
            .isGreaterThan(before));
    }

    @Test
    void aUserWhoNeverConnectedIsRankedOnTheirFirstRequestsEmptyImpression() {
        follows("ann", "bob");
        room(live("bobs", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofSeconds(5));
        assertThat(rankingsOf("ann")).as("no heartbeat, no request: not ranked").isEmpty();

        impressions.pipeInput("ann", HallwayImpression.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
            .setUserId("ann").setListing(HallwayListing.HALLWAY).setRankingVersion(0).setColdStart(false)
            .setRooms(List.of()).build(), now);
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).singleElement().satisfies(r -> assertThat(ids(r)).containsExactly("bobs"));

        advance(Duration.ofSeconds(61));
        room(live("other", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofSeconds(31));
        assertThat(rankingsOf("ann")).as("no request since: the active window lapsed").isEmpty();
    }

    @Test
    void rankingsAreDebouncedToOnePerIntervalHoweverManyInputsArrive() {
        follows("ann", "bob");
        heartbeat("ann");
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).hasSize(1);

        for (int i = 0; i < 5; i++) {
            room(live("r" + i, "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
            joins("r" + i, "bob", Role.MODERATOR);
            advance(Duration.ofMillis(100));
        }
        assertThat(rankingsOf("ann")).as("within the debounce of the first ranking").isEmpty();
        advance(Duration.ofMillis(600));
        assertThat(rankingsOf("ann")).singleElement().satisfies(r -> assertThat(ids(r)).hasSize(5));
    }

    @Test
    void aCelebritysMoveNudgesNoFollowerAndReachesThemAtTheirNextRefresh() {
        follows("ann", "star");
        follows("cy", "star");
        heartbeat("ann");
        advance(Duration.ofMillis(100));
        rankingsOf("ann");

        advance(Duration.ofSeconds(2));
        room(live("stage", "star", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        joins("stage", "star", Role.MODERATOR);
        advance(Duration.ofSeconds(2));
        assertThat(celebrityMoves).hasValue(1);
        assertThat(rankingsOf("ann")).as("no fan-out for a celebrity").isEmpty();

        heartbeat("ann");
        advance(Duration.ofSeconds(30));
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).last().satisfies(r -> assertThat(ids(r)).containsExactly("stage"));
    }

    /**
     * A read of the rooms is shared for up to the debounce, but a user who just arrived is ranked from one begun after
     * their arrival: a room made a moment before is in their first hallway, not left to their refresh an interval later.
     */
    @Test
    void aUserWhoJustArrivedIsRankedWithEveryRoomTheStoreShowedOnTheirArrival() {
        heartbeat("ann");
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).singleElement().satisfies(r -> assertThat(ids(r)).isEmpty());

        room(live("fresh", "host", Visibility.PUBLIC, "news", null, List.of(), List.of(), now));
        heartbeat("cy");
        advance(Duration.ofMillis(100));

        assertThat(rankingsOf("cy")).singleElement().satisfies(r -> assertThat(ids(r)).containsExactly("fresh"));
    }

    @Test
    void aNewUserGetsTopicRoomsThenTrendingOnes() {
        edge("new", SocialRelation.FOLLOWS, SocialTargetType.TOPIC, "jazz", true, 1.0);
        room(live("trending", "h1", Visibility.PUBLIC, "news", null, List.of(), List.of(), now));
        room(live("jazz", "h2", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), now));
        room(live("quiet", "h3", Visibility.PUBLIC, "cars", null, List.of(), List.of(), now));
        momentum("trending", 40.0);
        momentum("quiet", 0.2);
        heartbeat("new");
        advance(Duration.ofMillis(100));

        HallwayRanking ranking = rankingsOf("new").getLast();
        assertThat(ranking.getColdStart()).isTrue();
        assertThat(ids(ranking)).containsExactly("jazz", "trending", "quiet");
        assertThat(ranking.getRooms().get(0).getReasons()).containsExactly(RankingReason.TOPIC_MATCH);
        assertThat(ranking.getRooms().get(1).getReasons()).containsExactly(RankingReason.TRENDING);
    }

    @Test
    void scheduledRoomsOfFollowedUsersAndClubsAreListedAsUpcoming() {
        follows("ann", "bob");
        edge("ann", SocialRelation.FOLLOWS, SocialTargetType.CLUB, "jazz-club", true, null);
        room(scheduled("bobs-show", "bob", Visibility.PUBLIC, null, now.plus(Duration.ofHours(3)), now));
        room(scheduled("club-night", "zed", Visibility.PUBLIC, "jazz-club", now.plus(Duration.ofHours(1)), now));
        room(scheduled("strangers", "zed", Visibility.PUBLIC, null, now.plus(Duration.ofHours(1)), now));
        heartbeat("ann");
        advance(Duration.ofMillis(100));

        HallwayRanking ranking = rankingsOf("ann").getLast();
        assertThat(ids(ranking)).containsExactly("club-night", "bobs-show");
        assertThat(ranking.getRooms()).allSatisfy(r -> assertThat(r.getLifecycle()).isEqualTo(RoomLifecycle.SCHEDULED));
        assertThat(ranking.getRooms().get(1).getStartsAt()).isEqualTo(now.minusMillis(100).plus(Duration.ofHours(3)));
    }

    @Test
    void privateBlockedForeignClubAndFriendsOnlyRoomsOfOthersNeverAppear() {
        follows("ann", "bob");
        follows("ann", "troll");
        follows("friend", "ann");
        edge("troll", SocialRelation.BLOCKS, SocialTargetType.USER, "ann", true, null);
        edge("ann", SocialRelation.MEMBER, SocialTargetType.CLUB, "mine", true, null);
        room(live("private", "bob", Visibility.PRIVATE, null, null, List.of(), List.of(), now));
        room(live("trolls", "troll", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        room(live("their-club", "bob", Visibility.CLUB, null, "theirs", List.of(), List.of(), now));
        room(live("my-club", "zed", Visibility.CLUB, null, "mine", List.of(), List.of(), now));
        room(live("bobs-friends", "bob", Visibility.SOCIAL, null, null, List.of(), List.of(), now));
        room(live("friends-friends", "friend", Visibility.SOCIAL, null, null, List.of(), List.of(), now));
        heartbeat("ann");
        advance(Duration.ofMillis(100));

        assertThat(ids(rankingsOf("ann").getLast())).containsExactlyInAnyOrder("my-club", "friends-friends");

        edge("ann", SocialRelation.MEMBER, SocialTargetType.CLUB, "mine", false, null);
        advance(Duration.ofSeconds(1));
        assertThat(ids(rankingsOf("ann").getLast())).as("left the club").containsExactly("friends-friends");
    }

    @Test
    void aJoinOfARoomAServedPageShowedIsAttributedToThatImpression() {
        HallwayImpression page = HallwayImpression.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
            .setUserId("ann").setListing(HallwayListing.FRIENDS).setRankingVersion(4).setColdStart(false)
            .setRooms(List.of(ImpressedRoom.newBuilder().setRoomId("jazz").setPosition(0).setLifecycle(RoomLifecycle.LIVE)
                .setScore(0.7).setReasons(List.of(RankingReason.FOLLOWED_SPEAKER)).setListenerCount(3).setSpeakerCount(1)
                .build())).build();
        impressions.pipeInput("ann", page, now);
        advance(Duration.ofSeconds(7));
        joins("jazz", "ann", Role.LISTENER);
        joins("other", "ann", Role.LISTENER);
        joins("jazz", "bob", Role.LISTENER);

        List<HallwayAttribution> out = attributions.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().getImpressionId()).isEqualTo(page.getEventId());
        assertThat(out.getFirst().getRoomId()).isEqualTo("jazz");
        assertThat(out.getFirst().getPosition()).isZero();
        assertThat(out.getFirst().getListing()).isEqualTo(HallwayListing.FRIENDS);
        assertThat(out.getFirst().getAfterMs()).isEqualTo(7_000);
    }

    @Test
    void weightsSetOnRankingConfigApplyFromTheNextRankingWithoutARestartAndBadOnesAreSkipped() {
        follows("ann", "bob");
        edge("ann", SocialRelation.FOLLOWS, SocialTargetType.TOPIC, "jazz", true, 1.0);
        room(live("jazz", "h1", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), now));
        room(live("hot", "h2", Visibility.PUBLIC, "news", null, List.of(), List.of(), now));
        momentum("hot", 40.0);
        heartbeat("ann");
        advance(Duration.ofMillis(100));
        assertThat(ids(rankingsOf("ann").getLast())).as("default weights: topic 0.25 beats momentum 0.2")
            .containsExactly("jazz", "hot");

        weights(0, 0, 1, 0);
        refreshed("ann");
        assertThat(ids(rankingsOf("ann").getLast())).as("momentum only").containsExactly("hot", "jazz");

        weights(-1, 0, 0, 0);
        weights(0, 0, 0, 0);
        refreshed("ann");
        assertThat(rankingsOf("ann")).as("refused weights change nothing").isEmpty();

        config.pipeInput(Topics.HALLWAY_WEIGHTS, null, now);
        refreshed("ann");
        assertThat(ids(rankingsOf("ann").getLast())).as("a tombstone: the settings' weights").containsExactly("jazz", "hot");
    }

    @Test
    void theRefreshSpreadsActiveUsersOverItsIntervalSoANudgeIsNotQueuedBehindThem() {
        room(live("jazz", "h1", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), now));
        room(live("talk", "h2", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        List<String> users = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "u" + i).toList();
        follows("u29", "bob");
        users.forEach(this::heartbeat);
        advance(Duration.ofMillis(100));
        assertThat(rankingsComputed).as("each user's first sign ranks them at once").hasValue(30);
        rankingsComputed.set(0);

        users.forEach(this::heartbeat);
        advance(Duration.ofSeconds(30));
        advance(Duration.ofMillis(100));
        assertThat(rankingsComputed.get()).as("the refresh's first tick ranks the first slots only").isBetween(1, 2);
        room(live("stage", "h3", Visibility.PUBLIC, null, null, List.of("bob"), List.of(), now));
        joins("stage", "bob", Role.SPEAKER);
        advance(Duration.ofMillis(100));
        assertThat(ids(rankingsOf("u29").getLast())).as("the nudged follower, due last of the refresh, ranked now")
            .startsWith("stage");
        for (int i = 0; i < 295; i++) { // to just before the next refresh
            advance(Duration.ofMillis(100));
        }
        assertThat(rankingsComputed).as("every active user once in the interval, the nudged one at the nudge")
            .hasValue(30);
    }

    @Test
    void theRefreshLeavesAUserRankedSinceItsLastRefreshUntilTheIntervalAfterThatRanking() {
        room(live("jazz", "h1", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), now));
        follows("ann", "bob");
        heartbeat("ann");
        heartbeat("cy");
        advance(Duration.ofMillis(100));
        assertThat(rankingsComputed).as("both ranked at their first sign").hasValue(2);

        advance(Duration.ofSeconds(20));
        room(live("stage", "h3", Visibility.PUBLIC, null, null, List.of("bob"), List.of(), now));
        joins("stage", "bob", Role.SPEAKER);
        advance(Duration.ofMillis(100));
        assertThat(rankingsComputed).as("ann, nudged 20 s in").hasValue(3);
        heartbeat("ann");
        heartbeat("cy");

        advance(Duration.ofSeconds(10)); // the refresh at 30 s: slots at 30 s and 45 s for the two users
        for (int i = 0; i < 160; i++) { // to 46.2 s
            advance(Duration.ofMillis(100));
        }
        assertThat(rankingsComputed).as("cy refreshed at his slot; ann, nudged since, not at hers").hasValue(4);
        for (int i = 0; i < 42; i++) { // to 50.4 s
            advance(Duration.ofMillis(100));
        }
        assertThat(rankingsComputed).as("ann, 30 s after her nudged ranking").hasValue(5);
    }

    /** The user stays active and the refresh ranks them again. */
    private void refreshed(String user) {
        heartbeat(user);
        advance(Duration.ofSeconds(30));
        advance(Duration.ofMillis(100));
    }

    private void weights(double social, double topic, double momentum, double quality) {
        config.pipeInput(Topics.HALLWAY_WEIGHTS, new RankingWeights(UUID.randomUUID(), now, Topics.HALLWAY_WEIGHTS,
            social, topic, momentum, quality, "test"), now);
    }

    @Test
    void anUnchangedRankingIsNotWrittenAgain() {
        heartbeat("ann");
        room(live("r", "h", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofMillis(100));
        assertThat(rankingsOf("ann")).hasSize(1);

        heartbeat("ann");
        momentum("r", 0.5);
        advance(Duration.ofSeconds(30));
        assertThat(rankingsOf("ann")).as("momentum below trending moves the score and its terms only").isEmpty();
    }

    /** An ended room where {@code speaker} spoke and three listeners stayed {@code stay} each. */
    private void endedRoom(String roomId, String speaker, Duration stay) {
        Facts facts = new Facts(roomId);
        List<RoomEvent> sent = new ArrayList<>(List.of(facts.created(now), facts.joined(speaker, Role.MODERATOR, now),
            facts.speaking(speaker, true, now.plusSeconds(1)), facts.speaking(speaker, false, now.plusSeconds(2))));
        List.of("l1", "l2", "l3").forEach(user -> sent.add(facts.joined(user + roomId, Role.LISTENER, now)));
        List.of("l1", "l2", "l3").forEach(user -> sent.add(facts.left(user + roomId, now.plus(stay))));
        sent.add(facts.ended(now.plus(stay).plusSeconds(1)));
        sent.forEach(fact -> events.pipeInput(roomId, fact, fact.getOccurredAt()));
    }

    @Test
    void aSpeakerWhoseEndedRoomsHeldListenersLiftsTheirNextRoomAboveAPoorerSpeakers() {
        endedRoom("gus-past", "gus", Duration.ofMinutes(30));
        endedRoom("pat-past", "pat", Duration.ofSeconds(30));
        Map<String, SpeakerQuality> quality = speakerQuality.readKeyValuesToMap();
        assertThat(quality.keySet()).containsExactlyInAnyOrder("gus", "pat");
        assertThat(quality.get("gus").getQuality()).isGreaterThan(0.7);
        assertThat(quality.get("pat").getQuality()).isLessThan(0.1);
        endedRoom("gus-past", "gus", Duration.ofMinutes(30));
        assertThat(speakerQuality.isEmpty()).as("a replayed room is not counted again").isTrue();

        follows("ann", "zed");
        heartbeat("ann");
        room(live("a-pat", "pat", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        room(live("z-gus", "gus", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofMillis(100));

        HallwayRanking ranking = rankingsOf("ann").getLast();
        assertThat(ids(ranking)).as("otherwise tied, a-pat would come first by id").containsExactly("z-gus", "a-pat");
        assertThat(ranking.getRooms().getFirst().getTerms().getSpeakerQuality())
            .isEqualTo(quality.get("gus").getQuality());
    }

    @Test
    void aFolloweeTheUserListenedWithComesAheadOfAnEquallyFollowedOneAndAnUnfollowForgetsIt() {
        follows("ann", "bob");
        follows("ann", "cy");
        heartbeat("ann");
        room(live("shared", "host", Visibility.PRIVATE, null, null, List.of(), List.of("ann", "bob"), now));
        advance(Duration.ofMillis(100));
        roomState.pipeInput("shared", null, now);
        room(live("a-cy", "h1", Visibility.PUBLIC, null, null, List.of(), List.of("cy"), now));
        room(live("z-bob", "h2", Visibility.PUBLIC, null, null, List.of(), List.of("bob"), now));
        rankingsOf("ann");

        refreshed("ann");
        HallwayRanking ranking = rankingsOf("ann").getLast();
        assertThat(ids(ranking)).as("tied but for the co-listen, a-cy would come first by id").containsExactly("z-bob", "a-cy");
        assertThat(ranking.getRooms().getFirst().getTerms().getSocial())
            .isGreaterThan(ranking.getRooms().getLast().getTerms().getSocial());

        edge("ann", SocialRelation.FOLLOWS, SocialTargetType.USER, "bob", false, null);
        follows("ann", "bob");
        follows("ann", "cy");
        refreshed("ann");
        assertThat(ids(rankingsOf("ann").getLast())).as("a new follow starts from no co-listens (both follows renewed: equally old)")
            .containsExactly("a-cy", "z-bob");
    }

    @Test
    void aRoomTheUserHidNeverAppearsUntilShownAgain() {
        heartbeat("ann");
        room(live("loud", "host", Visibility.PUBLIC, null, null, List.of(), List.of("x", "y"), now));
        room(live("calm", "host2", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        advance(Duration.ofMillis(100));
        assertThat(ids(rankingsOf("ann").getLast())).containsExactly("loud", "calm");

        advance(Duration.ofSeconds(1));
        edge("ann", SocialRelation.HIDES, SocialTargetType.ROOM, "loud", true, null);
        advance(Duration.ofMillis(100));
        assertThat(ids(rankingsOf("ann").getLast())).as("hidden at the next ranking").containsExactly("calm");
        refreshed("ann");
        assertThat(rankingsOf("ann")).as("and at every later one").isEmpty();

        edge("ann", SocialRelation.HIDES, SocialTargetType.ROOM, "loud", false, null);
        advance(Duration.ofSeconds(1));
        assertThat(ids(rankingsOf("ann").getLast())).containsExactly("loud", "calm");
    }

    @Test
    void aHideMarkOfAnEndedRoomIsForgottenADayAfterItWasMadeAndOfALiveOneKept() {
        heartbeat("ann");
        room(live("gone", "host", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        room(live("stays", "host2", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        edge("ann", SocialRelation.HIDES, SocialTargetType.ROOM, "gone", true, null);
        edge("ann", SocialRelation.HIDES, SocialTargetType.ROOM, "stays", true, null);
        edge("ann", SocialRelation.HIDES, SocialTargetType.ROOM, "not-yet-known", true, null);
        advance(Duration.ofMillis(100));
        roomState.pipeInput("gone", null, now);
        refreshed("ann");
        assertThat(hidden()).as("a day has not passed").containsExactlyInAnyOrder("ann|gone", "ann|stays", "ann|not-yet-known");

        advance(HallwayTopology.HIDDEN_KEPT);
        room(live("stays", "host2", Visibility.PUBLIC, null, null, List.of(), List.of(), now));
        heartbeat("ann");
        refreshed("ann");
        assertThat(hidden()).as("the ended and the never-seen room's marks are gone").containsExactly("ann|stays");
        assertThat(rankingsOf("ann")).allSatisfy(r -> assertThat(ids(r)).doesNotContain("stays"));
    }

    private List<String> hidden() {
        List<String> keys = new java.util.ArrayList<>();
        try (var all = driver.<String, Long>getKeyValueStore(HallwayTopology.HIDDEN_STORE).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
