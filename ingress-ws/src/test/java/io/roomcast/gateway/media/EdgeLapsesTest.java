package io.roomcast.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeLapsesTest {
    private final EdgeLapses lapses = new EdgeLapses(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void anEdgeGoneSinceTheLastCheckLapsedOnceAndTheFirstCheckTellsNothing() {
        assertThat(lapses.check(Set.of("a", "b"), true, 0)).isEmpty();
        assertThat(lapses.check(Set.of("a", "b"), false, 1_000)).isEmpty();
        assertThat(lapses.check(Set.of("a"), false, 2_000)).containsExactly("b");
        assertThat(lapses.check(Set.of("a"), false, 3_000)).as("told once").isEmpty();
    }

    @Test
    void registrationsRedisLostAreNoLapseWhileTheEdgesRegisterAgain() {
        lapses.check(Set.of("a", "b"), true, 0);
        // Redis restarted: nothing registered, then the edges one by one at their heartbeats (the chaos run's case)
        assertThat(lapses.check(Set.of(), true, 1_000)).isEmpty();
        assertThat(lapses.check(Set.of("a"), false, 2_000)).isEmpty();
        assertThat(lapses.check(Set.of("a", "b"), false, 3_000)).isEmpty();
        assertThat(lapses.check(Set.of("a", "b"), false, 7_000)).isEmpty();
        assertThat(lapses.check(Set.of("a"), false, 8_000)).as("after the grace, lapses as ever").containsExactly("b");
    }

    @Test
    void anEdgeNotBackWhenTheGraceEndsLapsesAtTheFirstCheckAfter() {
        lapses.check(Set.of("a", "b"), true, 0);
        assertThat(lapses.check(Set.of(), true, 1_000)).isEmpty();
        assertThat(lapses.check(Set.of("a"), false, 5_999)).isEmpty();
        assertThat(lapses.check(Set.of("a"), false, 6_000)).containsExactly("b");
    }

    @Test
    void aLapseIsRememberedForLateComersUntilItsMemoryEndsEvenIfTheEdgeIsBack() {
        lapses.check(Set.of("a", "b", "c"), true, 0);
        assertThat(lapses.recent(0)).isEmpty();
        lapses.check(Set.of("a", "c"), false, 1_000);
        lapses.check(Set.of("a"), false, 2_000);
        assertThat(lapses.recent(30_000)).containsExactlyInAnyOrder("b", "c");
        lapses.check(Set.of("a", "c"), false, 40_000);
        assertThat(lapses.recent(40_000)).as("c is back, restarted: its bindings are gone").containsExactlyInAnyOrder("b", "c");
        assertThat(lapses.recent(61_000)).as("b lapsed at 1 s: remembered 60 s").containsExactlyInAnyOrder("b", "c");
        assertThat(lapses.recent(61_001)).as("c lapsed at 2 s").containsExactly("c");
        assertThat(lapses.recent(62_001)).isEmpty();
    }

    @Test
    void aNegativeGraceOrMemoryIsRefused() {
        assertThatThrownBy(() -> new EdgeLapses(Duration.ofSeconds(-1), Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeLapses(Duration.ZERO, Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
