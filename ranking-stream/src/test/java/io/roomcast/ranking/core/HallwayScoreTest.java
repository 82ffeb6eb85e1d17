package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.roomcast.ranking.core.HallwayScore.Follow;
import io.roomcast.ranking.core.HallwayScore.Room;
import io.roomcast.ranking.core.HallwayScore.Scored;
import io.roomcast.ranking.core.HallwayScore.Settings;
import io.roomcast.ranking.core.HallwayScore.Viewer;
import io.roomcast.ranking.core.HallwayScore.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HallwayScoreTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Follow FRESH = new Follow(NOW, 0);

    private final HallwayScore scoring = new HallwayScore(Settings.DEFAULTS);

    private static Room room(Set<String> onStage, Set<String> listeners) {
        return new Room("r-1", "jazz", null, onStage, listeners, 0);
    }

    private static Viewer viewer(Map<String, Follow> follows) {
        return new Viewer("ann", follows, Map.of(), Set.of());
    }

    @Test
    void socialIsZeroWithoutFolloweesInTheRoomAndGrowsWithThemTowardsOne() {
        Room room = room(Set.of("bob", "cy"), Set.of("dee", "eve"));

        assertThat(scoring.social(room, viewer(Map.of("zed", FRESH)), NOW)).isZero();
        double one = scoring.social(room, viewer(Map.of("dee", FRESH)), NOW);
        double two = scoring.social(room, viewer(Map.of("dee", FRESH, "eve", FRESH)), NOW);
        double all = scoring.social(room, viewer(Map.of("bob", FRESH, "cy", FRESH, "dee", FRESH, "eve", FRESH)), NOW);
        assertThat(one).isPositive().isLessThan(two);
        assertThat(two).isLessThan(all);
        assertThat(all).isLessThan(1);
        assertThat(one).isCloseTo(1 - Math.exp(-0.4 / Settings.DEFAULTS.socialSaturation()), within(1e-12));
    }

    @Test
    void aFollowedSpeakerCountsMoreThanAFollowedListener() {
        Room room = room(Set.of("bob"), Set.of("dee"));

        assertThat(scoring.social(room, viewer(Map.of("bob", FRESH)), NOW))
            .isGreaterThan(scoring.social(room, viewer(Map.of("dee", FRESH)), NOW));
    }

    @Test
    void frequentCoListeningCountsMoreThanAnOldFollow() {
        Room room = room(Set.of("bob"), Set.of());
        Follow frequent = new Follow(NOW.minus(Duration.ofDays(30)), 8);
        Follow old = new Follow(NOW.minus(Duration.ofDays(720)), 0);

        assertThat(scoring.social(room, viewer(Map.of("bob", frequent)), NOW))
            .isGreaterThan(scoring.social(room, viewer(Map.of("bob", FRESH)), NOW))
            .isGreaterThan(scoring.social(room, viewer(Map.of("bob", old)), NOW));
    }

    @Test
    void affinityHalvesAtTheHalfLifeKeepsItsFloorAndCapsCoListens() {
        assertThat(scoring.affinity(new Follow(NOW.minus(Duration.ofDays(180)), 0), NOW)).isCloseTo(0.5, within(1e-9));
        assertThat(scoring.affinity(new Follow(NOW.minus(Duration.ofDays(3650)), 0), NOW)).isEqualTo(0.25);
        assertThat(scoring.affinity(new Follow(NOW, 50), NOW)).isEqualTo(scoring.affinity(new Follow(NOW, 10), NOW))
            .isCloseTo(2.0, within(1e-12));
    }

    @Test
    void topicIsTheViewersInterestInTheRoomsTopicOrTheClubWeightForTheirClubsRoom() {
        Room jazz = new Room("r-1", "jazz", null, Set.of(), Set.of(), 0);
        Room clubRoom = new Room("r-2", "rock", "club-7", Set.of(), Set.of(), 0);
        Viewer fan = new Viewer("ann", Map.of(), Map.of("jazz", 0.9, "rock", 0.1), Set.of("club-7"));
        Viewer stranger = new Viewer("bo", Map.of(), Map.of(), Set.of());

        assertThat(scoring.topic(jazz, fan)).isEqualTo(0.9);
        assertThat(scoring.topic(clubRoom, fan)).as("club weight beats a weak interest").isEqualTo(0.8);
        assertThat(scoring.topic(jazz, stranger)).isZero();
        assertThat(scoring.topic(new Room("r-3", null, null, Set.of(), Set.of(), 0), fan)).isZero();
        assertThat(scoring.topic(jazz, new Viewer("x", Map.of(), Map.of("jazz", 7.0), Set.of()))).as("clamped").isEqualTo(1);
    }

    @Test
    void momentumIsHalfAtTheHalfSaturationRateAndBoundedByOne() {
        assertThat(scoring.momentum(0)).isZero();
        assertThat(scoring.momentum(-3)).isZero();
        assertThat(scoring.momentum(5)).isEqualTo(0.5);
        assertThat(scoring.momentum(10)).isGreaterThan(0.5);
        assertThat(scoring.momentum(1e9)).isLessThan(1);
    }

    @Test
    void speakerQualityIsTheSpeakersMeanWithAPriorForNewSpeakers() {
        assertThat(scoring.speakerQuality(Set.of(), Map.of("bob", 1.0)::get)).isZero();
        assertThat(scoring.speakerQuality(Set.of("bob", "cy"), Map.of("bob", 0.9, "cy", 0.3)::get)).isCloseTo(0.6, within(1e-12));
        assertThat(scoring.speakerQuality(Set.of("bob", "new"), Map.of("bob", 0.9)::get)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void byDefaultARoomWhereAFolloweeSpeaksOutranksAnyRoomWithoutSocialOrTopicSignal() {
        Viewer fan = viewer(Map.of("bob", FRESH));
        Room followees = new Room("bobs", null, null, Set.of("bob"), Set.of(), 0);
        Room crowded = new Room("crowded", null, null, Set.of("s1", "s2"), Set.of("l1"), 1e6);

        double withFollowee = scoring.score(followees, fan, Map.<String, Double>of()::get, NOW).score();
        assertThat(withFollowee).isGreaterThan(scoring.score(crowded, fan, Map.of("s1", 1.0, "s2", 1.0)::get, NOW).score());
        assertThat(withFollowee).as("the bound: all of momentum and speaker quality")
            .isGreaterThan(Weights.DEFAULTS.momentum() + Weights.DEFAULTS.speakerQuality());
    }

    @Test
    void theScoreIsTheWeightedSumOfTheTerms() {
        Room room = new Room("r-1", "jazz", null, Set.of("bob"), Set.of("dee"), 5);
        Viewer viewer = new Viewer("ann", Map.of("bob", FRESH), Map.of("jazz", 0.5), Set.of());

        Scored scored = scoring.score(room, viewer, Map.of("bob", 0.8)::get, NOW);

        Weights w = Weights.DEFAULTS;
        assertThat(scored.social()).isCloseTo(1 - Math.exp(-1 / Settings.DEFAULTS.socialSaturation()), within(1e-12));
        assertThat(scored.topic()).isEqualTo(0.5);
        assertThat(scored.momentum()).isEqualTo(0.5);
        assertThat(scored.speakerQuality()).isEqualTo(0.8);
        assertThat(scored.score()).isCloseTo(w.social() * scored.social() + w.topic() * 0.5 + w.momentum() * 0.5
            + w.speakerQuality() * 0.8, within(1e-12));
    }

    @Test
    void eachWeightScalesOnlyItsTerm() {
        Room room = new Room("r-1", "jazz", null, Set.of("bob"), Set.of(), 5);
        Viewer viewer = new Viewer("ann", Map.of("bob", FRESH), Map.of("jazz", 0.5), Set.of());
        Settings onlyMomentum = new Settings(new Weights(0, 0, 1, 0), 1.0, 0.4, 0.1, 10, Duration.ofDays(180), 0.25,
            2.0, 0.8, 5.0, 0.5);

        assertThat(new HallwayScore(onlyMomentum).score(room, viewer, Map.<String, Double>of()::get, NOW).score()).isEqualTo(0.5);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new Weights(-0.1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weights(0, 0, 0, 0)).as("all 0").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weights(Double.NaN, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Weights(Double.POSITIVE_INFINITY, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Weights.DEFAULTS, 1.0, 0.4, 0.1, 10, Duration.ofDays(180), 1.5, 2.0, 0.8,
            5.0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Weights.DEFAULTS, 1.0, 0.4, 0.1, 10, Duration.ZERO, 0.25, 2.0, 0.8,
            5.0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
