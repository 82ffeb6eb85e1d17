package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.HallwayViewer;
import io.roomcast.events.Participant;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.Role;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ranker looks at few rooms per viewer ({@link HallwayRanker#rank}); its listing must be the one that scoring
 * every room the viewer may see and sorting them all gives. Checked against that plain reference on random rooms and
 * viewers: every visibility, clubs followed and joined, blocks, bans, hidden rooms, cold-start viewers, rooms without
 * a topic or joins, scheduled rooms.
 */
class HallwayRankerPruningTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Visibility[] VISIBILITIES = {Visibility.PUBLIC, Visibility.PUBLIC, Visibility.PUBLIC,
        Visibility.SOCIAL, Visibility.CLUB, Visibility.PRIVATE};

    @ParameterizedTest(name = "live limit {0}")
    @ValueSource(ints = {1, 7, 50})
    void theListingIsTheOneThatScoringAndSortingEveryRoomGives(int liveLimit) {
        Random random = new Random(liveLimit);
        HallwayRanker.Settings settings = new HallwayRanker.Settings(HallwayScore.Settings.DEFAULTS, liveLimit, 5,
            Duration.ofDays(7), 1.0, 2); // cold start below 2 follows: some viewers with a club or a followee too
        HallwayRanker ranker = new HallwayRanker(settings);
        Map<String, Double> joinsPerMinute = new HashMap<>();
        Map<String, Double> quality = new HashMap<>();
        List<RoomSnapshot> rooms = new ArrayList<>();
        for (int r = 0; r < 400; r++) {
            rooms.add(randomRoom(random, "r" + r, joinsPerMinute, quality));
        }
        HallwayRanker.Rooms read = ranker.rooms(rooms, id -> joinsPerMinute.getOrDefault(id, 0.0), quality::get);
        int coldStarts = 0;
        for (int v = 0; v < 300; v++) {
            HallwayViewer viewer = randomViewer(random, "u" + v);
            Set<String> followers = users(random, 20);
            Set<String> hidden = new HashSet<>();
            for (int h = random.nextInt(4); h > 0; h--) {
                hidden.add("r" + random.nextInt(rooms.size()));
            }
            HallwayRanker.Hallway hallway = ranker.rank(viewer, followers::contains, read,
                new HallwayRanker.Personal(Map.of(), hidden), NOW);
            List<HallwayScore.Scored> expected = reference(settings, viewer, followers::contains, hidden, rooms,
                joinsPerMinute, quality);
            coldStarts += hallway.coldStart() ? 1 : 0;

            assertThat(hallway.live()).extracting(RankedRoom::getRoomId).as("viewer %s", viewer.getUserId())
                .containsExactlyElementsOf(expected.stream().map(HallwayScore.Scored::roomId).toList());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(hallway.live().get(i).getScore()).isCloseTo(expected.get(i).score(),
                    org.assertj.core.data.Offset.offset(1e-12));
            }
            assertThat(hallway.upcoming()).extracting(RankedRoom::getRoomId)
                .containsExactlyElementsOf(referenceUpcoming(settings, viewer, followers::contains, hidden, rooms));
        }
        assertThat(coldStarts).as("cold-start viewers were among them").isBetween(10, 290);
    }

    @org.junit.jupiter.api.Test
    void aReadUpdatedForSomeRoomsRanksAsAFullReadOfTheSameRooms() {
        Random random = new Random(7);
        HallwayRanker ranker = new HallwayRanker(HallwayRanker.Settings.DEFAULTS);
        Map<String, Double> joinsPerMinute = new HashMap<>();
        Map<String, Double> quality = new HashMap<>();
        Map<String, RoomSnapshot> rooms = new java.util.LinkedHashMap<>();
        for (int r = 0; r < 300; r++) {
            rooms.put("r" + r, randomRoom(random, "r" + r, joinsPerMinute, quality));
        }
        HallwayRanker.Rooms before = ranker.rooms(rooms.values(), id -> joinsPerMinute.getOrDefault(id, 0.0),
            quality::get);
        List<RoomSnapshot> changed = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (int r = 0; r < 60; r++) { // rooms whose people moved, and new rooms; speakers' quality as before
            String id = "r" + random.nextInt(320);
            RoomSnapshot room = randomRoom(random, id, joinsPerMinute, new HashMap<>());
            rooms.put(id, room);
            changed.add(room);
        }
        for (int r = 0; r < 20; r++) {
            String id = "r" + random.nextInt(300);
            if (changed.stream().noneMatch(room -> room.getRoomId().equals(id))) {
                rooms.remove(id);
                gone.add(id);
            }
        }

        HallwayRanker.Rooms updated = ranker.rooms(before, changed, gone, id -> joinsPerMinute.getOrDefault(id, 0.0),
            quality::get);
        HallwayRanker.Rooms full = ranker.rooms(rooms.values(), id -> joinsPerMinute.getOrDefault(id, 0.0),
            quality::get);
        assertThat(gone).isNotEmpty();
        for (int v = 0; v < 200; v++) {
            HallwayViewer viewer = randomViewer(random, "u" + v);
            HallwayRanker.Hallway fromUpdate = ranker.rank(viewer, user -> false, updated, HallwayRanker.Personal.NONE, NOW);
            HallwayRanker.Hallway fromFull = ranker.rank(viewer, user -> false, full, HallwayRanker.Personal.NONE, NOW);
            assertThat(fromUpdate.rooms()).as("viewer %s", viewer.getUserId()).isEqualTo(fromFull.rooms());
            assertThat(fromUpdate.together()).isEqualTo(fromFull.together());
        }
        gone.forEach(id -> assertThat(updated.exists(id)).as("a room gone").isFalse());
        changed.forEach(room -> assertThat(updated.holds(room.getRoomId(), room.getVersion())).isTrue());
    }

    private static RoomSnapshot randomRoom(Random random, String roomId, Map<String, Double> joinsPerMinute,
                                           Map<String, Double> quality) {
        String topic = random.nextInt(9) == 0 ? null : "topic" + random.nextInt(8);
        Visibility visibility = VISIBILITIES[random.nextInt(VISIBILITIES.length)];
        String club = visibility == Visibility.CLUB || random.nextInt(5) == 0 ? "club" + random.nextInt(4) : null;
        String host = "u" + random.nextInt(200);
        RoomSnapshot room;
        if (random.nextInt(8) == 0) {
            room = Rooms.scheduled(roomId, host, visibility, club, NOW.plus(Duration.ofHours(random.nextInt(24 * 10))),
                NOW);
        } else {
            List<String> speakers = new ArrayList<>(users(random, 3));
            speakers.remove(host);
            List<String> listeners = new ArrayList<>(users(random, 12));
            listeners.removeAll(speakers);
            listeners.remove(host);
            room = Rooms.live(roomId, host, visibility, topic, club, speakers, listeners, NOW);
            if (random.nextInt(3) > 0) { // else no joins known: ties broken by participants, then id
                joinsPerMinute.put(roomId, random.nextInt(4) == 0 ? 2.0 : random.nextDouble() * 20);
            }
            speakers.stream().filter(s -> random.nextBoolean()).forEach(s -> quality.put(s, random.nextDouble()));
        }
        if (random.nextInt(10) == 0) {
            room.getBannedUserIds().add("u" + random.nextInt(300));
        }
        if (visibility == Visibility.SOCIAL) {
            room.getInvitedUserIds().add("u" + random.nextInt(300));
        }
        return room;
    }

    private static HallwayViewer randomViewer(Random random, String userId) {
        HallwayViewer viewer = Rooms.viewer(userId);
        int follows = random.nextInt(3) == 0 ? random.nextInt(2) : random.nextInt(15);
        users(random, follows).forEach(u -> viewer.getFollows().put(u, NOW.minus(Duration.ofDays(random.nextInt(400)))
            .toEpochMilli()));
        for (int t = random.nextInt(4); t > 0; t--) {
            viewer.getTopics().put("topic" + random.nextInt(8), random.nextInt(3) == 0 ? 1.0 : random.nextDouble());
        }
        if (random.nextInt(3) == 0) {
            viewer.getClubs().add("club" + random.nextInt(4));
        }
        if (random.nextInt(3) == 0) {
            viewer.getFollowedClubs().add("club" + random.nextInt(4));
        }
        if (random.nextInt(4) == 0) {
            viewer.getBlocks().add("u" + random.nextInt(200));
        }
        return viewer;
    }

    private static Set<String> users(Random random, int count) {
        Set<String> users = new HashSet<>();
        for (int i = 0; i < count; i++) {
            users.add("u" + random.nextInt(200));
        }
        return users;
    }

    /** Every LIVE room the viewer may see, scored by {@link HallwayScore#score}, all sorted, cut at the limit. */
    private static List<HallwayScore.Scored> reference(HallwayRanker.Settings settings, HallwayViewer viewer,
                                              Predicate<String> followedBy, Set<String> hidden,
                                              List<RoomSnapshot> rooms, Map<String, Double> joinsPerMinute,
                                              Map<String, Double> quality) {
        HallwayScore score = new HallwayScore(settings.score());
        HallwayScore.Viewer scored = scoredViewer(viewer);
        boolean coldStart = viewer.getFollows().size() + viewer.getFollowedClubs().size() + viewer.getClubs().size()
            < settings.coldStartFollows();
        Map<String, RoomSnapshot> byId = new HashMap<>();
        Map<String, HallwayScore.Scored> scores = new HashMap<>();
        for (RoomSnapshot room : rooms) {
            if (room.getLifecycle() == RoomLifecycle.LIVE && HallwayPrivacy.mayAppear(facts(room),
                    viewerFacts(viewer, followedBy, hidden))) {
                Set<String> onStage = room.getParticipants().stream().filter(p -> p.getRole() != Role.LISTENER)
                    .map(Participant::getUserId).collect(Collectors.toSet());
                Set<String> listeners = room.getParticipants().stream().filter(p -> p.getRole() == Role.LISTENER)
                    .map(Participant::getUserId).collect(Collectors.toSet());
                byId.put(room.getRoomId(), room);
                scores.put(room.getRoomId(), score.score(new HallwayScore.Room(room.getRoomId(),
                    room.getDetails().getTopic(), room.getDetails().getClubId(), onStage, listeners,
                    joinsPerMinute.getOrDefault(room.getRoomId(), 0.0)), scored, quality::get, NOW));
            }
        }
        Comparator<String> order = coldStart
            ? Comparator.comparingDouble((String id) -> scores.get(id).topic()).reversed()
                .thenComparing(Comparator.comparingDouble((String id) -> joinsPerMinute.getOrDefault(id, 0.0)).reversed())
            : Comparator.comparingDouble((String id) -> scores.get(id).score()).reversed();
        order = order.thenComparing(Comparator.comparingInt((String id) -> byId.get(id).getParticipants().size()).reversed())
            .thenComparing(id -> id);
        return scores.keySet().stream().sorted(order).limit(settings.liveLimit())
            .map(scores::get).toList();
    }

    private static List<String> referenceUpcoming(HallwayRanker.Settings settings, HallwayViewer viewer,
                                                  Predicate<String> followedBy, Set<String> hidden,
                                                  List<RoomSnapshot> rooms) {
        Set<String> anyClub = scoredViewer(viewer).clubs();
        return rooms.stream().filter(room -> room.getLifecycle() == RoomLifecycle.SCHEDULED
                && HallwayPrivacy.mayAppear(facts(room), viewerFacts(viewer, followedBy, hidden))
                && (viewer.getFollows().containsKey(room.getCreatedBy()) || anyClub.contains(room.getDetails().getClubId()))
                && !room.getStartsAt().isAfter(NOW.plus(settings.upcomingHorizon())))
            .sorted(Comparator.comparing(RoomSnapshot::getStartsAt).thenComparing(RoomSnapshot::getRoomId))
            .limit(settings.upcomingLimit()).map(RoomSnapshot::getRoomId).toList();
    }

    private static HallwayScore.Viewer scoredViewer(HallwayViewer viewer) {
        Map<String, HallwayScore.Follow> follows = new HashMap<>();
        viewer.getFollows().forEach((user, since) -> follows.put(user, new HallwayScore.Follow(Instant.ofEpochMilli(since), 0)));
        Set<String> clubs = new HashSet<>(viewer.getClubs());
        clubs.addAll(viewer.getFollowedClubs());
        return new HallwayScore.Viewer(viewer.getUserId(), follows, viewer.getTopics(), clubs);
    }

    private static HallwayPrivacy.RoomFacts facts(RoomSnapshot room) {
        return new HallwayPrivacy.RoomFacts() {
            public String roomId() {
                return room.getRoomId();
            }

            public Visibility visibility() {
                return room.getDetails().getVisibility();
            }

            public String clubId() {
                return room.getDetails().getClubId();
            }

            public String hostId() {
                return room.getCreatedBy();
            }

            public boolean banned(String userId) {
                return room.getBannedUserIds().contains(userId);
            }

            public boolean invited(String userId) {
                return room.getInvitedUserIds().contains(userId);
            }
        };
    }

    private static HallwayPrivacy.ViewerFacts viewerFacts(HallwayViewer viewer, Predicate<String> followedBy,
                                                          Set<String> hidden) {
        return new HallwayPrivacy.ViewerFacts() {
            public String userId() {
                return viewer.getUserId();
            }

            public boolean memberOf(String clubId) {
                return viewer.getClubs().contains(clubId);
            }

            public boolean blockedWith(String userId) {
                return viewer.getBlocks().contains(userId) || viewer.getBlockedBy().contains(userId);
            }

            public boolean hid(String roomId) {
                return hidden.contains(roomId);
            }

            public boolean followedBy(String userId) {
                return followedBy.test(userId);
            }
        };
    }
}
