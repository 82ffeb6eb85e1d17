package io.roomcast.ranking.core;

import static io.roomcast.ranking.core.Rooms.live;
import static io.roomcast.ranking.core.Rooms.scheduled;
import static io.roomcast.ranking.core.Rooms.viewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.roomcast.events.HallwayViewer;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.RankingReason;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HallwayRankerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final HallwayRanker RANKER = new HallwayRanker(HallwayRanker.Settings.DEFAULTS);
    private static final Predicate<String> NO_FOLLOWERS = user -> false;

    private static HallwayRanker.Hallway rank(HallwayViewer viewer, Map<String, Double> joinsPerMinute,
                                              RoomSnapshot... rooms) {
        return rank(viewer, NO_FOLLOWERS, joinsPerMinute, rooms);
    }

    private static HallwayRanker.Hallway rank(HallwayViewer viewer, Predicate<String> followers,
                                              Map<String, Double> joinsPerMinute, RoomSnapshot... rooms) {
        return RANKER.rank(viewer, followers, RANKER.rooms(List.of(rooms), id -> joinsPerMinute.getOrDefault(id, 0.0),
            Map.<String, Double>of()::get), HallwayRanker.Personal.NONE, NOW);
    }

    private static List<String> ids(List<RankedRoom> rooms) {
        return rooms.stream().map(RankedRoom::getRoomId).toList();
    }

    /** Ann follows bob, who speaks in "friends"; "busy" has more people and 10 joins a minute. */
    private static HallwayRanker.Hallway annFollowingBob() {
        RoomSnapshot busy = live("busy", "host", Visibility.PUBLIC, "jazz", null, List.of("s1"), List.of("l1", "l2"), NOW);
        RoomSnapshot friends = live("friends", "host2", Visibility.PUBLIC, null, null, List.of("bob"), List.of(), NOW);
        return rank(viewer("ann", List.of("bob"), Map.of(), NOW), Map.of("busy", 10.0), busy, friends);
    }

    @Test
    void aRoomWhereAFolloweeSpeaksComesFirstWithItsReasonAndTheSpeaker() {
        HallwayRanker.Hallway hallway = annFollowingBob();

        assertThat(hallway.coldStart()).isFalse();
        assertThat(ids(hallway.live())).containsExactly("friends", "busy");
        RankedRoom first = hallway.live().getFirst();
        assertThat(first.getReasons()).containsExactly(RankingReason.FOLLOWED_SPEAKER);
        assertThat(first.getFollowedSpeakerIds()).containsExactly("bob");
        assertThat(first.getSpeakerCount()).isEqualTo(2);
        assertThat(first.getListenerCount()).isZero();
        assertThat(first.getScore()).isGreaterThan(hallway.live().get(1).getScore());
        assertThat(hallway.live().get(1).getReasons()).containsExactly(RankingReason.TRENDING);
        assertThat(first.getTerms().getSocial()).as("the features of the score, logged with each impression")
            .isGreaterThan(0.5);
        assertThat(first.getTerms().getMomentum()).isZero();
        assertThat(hallway.live().get(1).getTerms().getMomentum()).as("10 joins/min").isEqualTo(10 / 15.0);
    }

    @Test
    void aRankedRoomCarriesTheRoomsLanguageOrNone() {
        RoomSnapshot portuguese = live("pt", "h1", Visibility.PUBLIC, null, null, List.of("bob"), List.of(), NOW);
        portuguese.getDetails().setLanguage("pt-BR");
        RoomSnapshot unsaid = live("unsaid", "h2", Visibility.PUBLIC, null, null, List.of(), List.of(), NOW);

        List<RankedRoom> live = rank(viewer("ann", List.of("bob"), Map.of(), NOW), Map.of(), portuguese, unsaid).live();

        assertThat(live).extracting(RankedRoom::getRoomId, RankedRoom::getLanguage)
            .containsExactly(tuple("pt", "pt-BR"), tuple("unsaid", null));
    }

    @Test
    void aRankedRoomNamesItsFirstFiveSpeakersInTheRoomsOrderAndNoListener() {
        RoomSnapshot crowded = live("crowded", "h1", Visibility.PUBLIC, null, null,
            List.of("s1", "s2", "s3", "s4", "s5", "s6"), List.of("l1"), NOW);

        RankedRoom ranked = rank(viewer("ann"), Map.of(), crowded).live().getFirst();

        assertThat(ranked.getSpeakerIds()).as("the host (moderator) first, then the speakers as they joined")
            .containsExactly("h1", "s1", "s2", "s3", "s4");
        assertThat(ranked.getSpeakerCount()).isEqualTo(7);
    }

    @Test
    void aFollowedSpeakerOutranksAFollowedListener() {
        RoomSnapshot listening = live("listening", "h1", Visibility.PUBLIC, null, null, List.of(), List.of("bob"), NOW);
        RoomSnapshot speaking = live("speaking", "h2", Visibility.PUBLIC, null, null, List.of("bob2"), List.of(), NOW);
        HallwayRanker.Hallway hallway = rank(viewer("ann", List.of("bob", "bob2"), Map.of(), NOW), Map.of(),
            listening, speaking);

        assertThat(ids(hallway.live())).containsExactly("speaking", "listening");
    }

    @Test
    void aColdStartUserGetsTheirTopicsFirstThenTrendingRooms() {
        RoomSnapshot trending = live("trending", "h1", Visibility.PUBLIC, "news", null, List.of(), List.of(), NOW);
        RoomSnapshot quiet = live("quiet", "h2", Visibility.PUBLIC, "cars", null, List.of(), List.of(), NOW);
        RoomSnapshot jazz = live("jazz", "h3", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), NOW);
        RoomSnapshot rock = live("rock", "h4", Visibility.PUBLIC, "rock", null, List.of(), List.of(), NOW);
        HallwayViewer newcomer = viewer("new", List.of(), Map.of("jazz", 1.0, "rock", 0.5), NOW);
        HallwayRanker.Hallway hallway = rank(newcomer, Map.of("trending", 50.0, "quiet", 0.5, "rock", 2.0),
            quiet, trending, rock, jazz);

        assertThat(hallway.coldStart()).isTrue();
        assertThat(ids(hallway.live())).containsExactly("jazz", "rock", "trending", "quiet");
        assertThat(hallway.live().get(0).getReasons()).containsExactly(RankingReason.TOPIC_MATCH);
        assertThat(hallway.live().get(2).getReasons()).containsExactly(RankingReason.TRENDING);
    }

    @Test
    void upcomingRoomsAreThoseOfFollowedUsersAndClubsWithinTheHorizonSoonestFirst() {
        HallwayViewer ann = viewer("ann", List.of("bob"), Map.of(), NOW);
        ann.getFollowedClubs().add("jazz-club");
        RoomSnapshot later = scheduled("later", "bob", Visibility.PUBLIC, null, NOW.plus(Duration.ofDays(2)), NOW);
        RoomSnapshot soon = scheduled("soon", "other", Visibility.PUBLIC, "jazz-club", NOW.plus(Duration.ofHours(1)), NOW);
        RoomSnapshot tooFar = scheduled("far", "bob", Visibility.PUBLIC, null, NOW.plus(Duration.ofDays(30)), NOW);
        RoomSnapshot stranger = scheduled("stranger", "zed", Visibility.PUBLIC, null, NOW.plus(Duration.ofHours(1)), NOW);
        HallwayRanker.Hallway hallway = rank(ann, Map.of(), later, soon, tooFar, stranger);

        assertThat(hallway.live()).isEmpty();
        assertThat(ids(hallway.upcoming())).containsExactly("soon", "later");
        assertThat(hallway.upcoming().getFirst().getLifecycle()).isEqualTo(RoomLifecycle.SCHEDULED);
        assertThat(hallway.upcoming().getFirst().getStartsAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(hallway.upcoming().getFirst().getReasons())
            .containsExactly(RankingReason.SCHEDULED, RankingReason.FOLLOWED_CLUB);
        assertThat(ids(hallway.rooms())).containsExactly("soon", "later");
    }

    @Test
    void privateBlockedBannedForeignClubAndStrangersSocialRoomsNeverAppear() {
        HallwayViewer ann = viewer("ann", List.of("bob"), Map.of(), NOW);
        ann.getClubs().add("mine");
        ann.getBlockedBy().add("troll");
        RoomSnapshot banned = live("banned", "bob", Visibility.PUBLIC, null, null, List.of(), List.of(), NOW);
        banned.getBannedUserIds().add("ann");
        HallwayRanker.Hallway hallway = rank(ann, Set.of("friend")::contains, Map.of(),
            live("private", "bob", Visibility.PRIVATE, null, null, List.of(), List.of(), NOW),
            live("troll", "troll", Visibility.PUBLIC, null, null, List.of("bob"), List.of(), NOW),
            banned,
            live("their-club", "bob", Visibility.CLUB, null, "theirs", List.of(), List.of(), NOW),
            live("my-club", "x", Visibility.CLUB, null, "mine", List.of(), List.of(), NOW),
            live("stranger-social", "zed", Visibility.SOCIAL, null, null, List.of("bob"), List.of(), NOW),
            live("friend-social", "friend", Visibility.SOCIAL, null, null, List.of(), List.of(), NOW),
            scheduled("private-upcoming", "bob", Visibility.PRIVATE, null, NOW.plusSeconds(60), NOW));

        assertThat(ids(hallway.rooms())).containsExactlyInAnyOrder("my-club", "friend-social");
        assertThat(hallway.live().stream().filter(r -> r.getRoomId().equals("my-club")).findFirst().orElseThrow()
            .getReasons()).contains(RankingReason.FOLLOWED_CLUB);
    }

    @Test
    void theListsAreCutAtTheirLimits() {
        HallwayRanker small = new HallwayRanker(new HallwayRanker.Settings(HallwayScore.Settings.DEFAULTS, 2, 1,
            Duration.ofDays(7), 1.0, 1));
        HallwayRanker.Hallway hallway = small.rank(viewer("ann", List.of("bob"), Map.of(), NOW), NO_FOLLOWERS,
            small.rooms(List.of(
                live("a", "h", Visibility.PUBLIC, null, null, List.of(), List.of(), NOW),
                live("b", "h", Visibility.PUBLIC, null, null, List.of(), List.of(), NOW),
                live("c", "h", Visibility.PUBLIC, null, null, List.of(), List.of(), NOW),
                scheduled("s1", "bob", Visibility.PUBLIC, null, NOW.plusSeconds(60), NOW),
                scheduled("s2", "bob", Visibility.PUBLIC, null, NOW.plusSeconds(120), NOW)),
            id -> 0, Map.<String, Double>of()::get), HallwayRanker.Personal.NONE, NOW);

        assertThat(ids(hallway.live())).containsExactly("a", "b");
        assertThat(ids(hallway.upcoming())).containsExactly("s1");
    }


    @Test
    void coListeningIsFoundInAnyLiveRoomOfTheViewerAndFrequentCoListenersCountMore() {
        HallwayViewer ann = viewer("ann", List.of("bob", "cy"), Map.of(), NOW);
        RoomSnapshot privateTogether = live("together", "host", Visibility.PRIVATE, null, null, List.of("bob"),
            List.of("ann", "stranger"), NOW);
        RoomSnapshot withoutAnn = live("apart", "host", Visibility.PUBLIC, null, null, List.of(), List.of("cy"), NOW);
        assertThat(rank(ann, Map.of(), privateTogether, withoutAnn).together())
            .as("a private room the hallway never lists still counts").containsExactly(Map.entry("together", List.of("bob")));

        RoomSnapshot bobs = live("z-bob", "h1", Visibility.PUBLIC, null, null, List.of(), List.of("bob"), NOW);
        RoomSnapshot cys = live("a-cy", "h2", Visibility.PUBLIC, null, null, List.of(), List.of("cy"), NOW);
        HallwayRanker.Hallway hallway = RANKER.rank(ann, NO_FOLLOWERS,
            RANKER.rooms(List.of(cys, bobs), id -> 0, Map.<String, Double>of()::get),
            new HallwayRanker.Personal(Map.of("bob", 3), Set.of()), NOW);
        assertThat(ids(hallway.live())).as("equal follows, bob co-listened 3 times").containsExactly("z-bob", "a-cy");
        assertThat(ids(rank(ann, Map.of(), cys, bobs).live())).as("without co-listens, tied: by id")
            .containsExactly("a-cy", "z-bob");
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new HallwayRanker.Settings(HallwayScore.Settings.DEFAULTS, 0, 1, Duration.ofDays(1), 1, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hallway settings");
    }

    @Test
    void theFingerprintChangesWithWhatTheViewerSeesAndNotWithScores() {
        HallwayRanker.Hallway hallway = annFollowingBob();
        List<RankedRoom> live = hallway.live();

        HallwayRanker.Hallway rescored = new HallwayRanker.Hallway(false, live.stream()
            .map(room -> RankedRoom.newBuilder(room).setScore(room.getScore() / 2).setTerms(null).build()).toList(),
            List.of(), Map.of());
        HallwayRanker.Hallway swapped = new HallwayRanker.Hallway(false, List.of(live.get(1), live.get(0)), List.of(),
            Map.of());
        HallwayRanker.Hallway fuller = new HallwayRanker.Hallway(false, List.of(live.get(0),
            RankedRoom.newBuilder(live.get(1)).setListenerCount(3).build()), List.of(), Map.of());
        HallwayRanker.Hallway cold = new HallwayRanker.Hallway(true, live, List.of(), Map.of());

        assertThat(rescored.fingerprint()).as("scores and their terms change with every tick: not a change")
            .isEqualTo(hallway.fingerprint());
        assertThat(List.of(swapped.fingerprint(), fuller.fingerprint(), cold.fingerprint()))
            .as("order, counts and cold start are what the viewer sees").doesNotContain(hallway.fingerprint());
    }

    @Test
    void theFingerprintIsTheSameForTheSameListingInAnyJvm() {
        HallwayRanker.Hallway hallway = annFollowingBob();
        HallwayRanker.Hallway copied = new HallwayRanker.Hallway(false, hallway.live().stream()
            .map(room -> RankedRoom.newBuilder(room).build()).toList(), List.of(), Map.of());

        assertThat(copied.fingerprint()).as("copies: other string and list instances").isEqualTo(hallway.fingerprint());
        assertThat(hallway.fingerprint()).as("stored and compared after restarts: strings by content, enums by ordinal")
            .isEqualTo(PINNED_FINGERPRINT);
    }

    /** annFollowingBob's fingerprint: changing how fingerprints are made changes it, and every stored one once. */
    private static final int PINNED_FINGERPRINT = -1_176_034_189;
}
