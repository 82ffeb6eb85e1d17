package io.roomcast.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AudioGapsTest {
    private static final long MS = 1_000_000L;

    @Test
    void theGapRunsFromTheLastFrameBeforeTheFaultToTheFirstAfterIt() {
        long[] arrivals = {0, 20 * MS, 40 * MS, 6_040 * MS, 6_060 * MS};
        assertThat(AudioGaps.gapMs(arrivals, 50 * MS)).hasValue(6_000);
    }

    @Test
    void arrivalsOutOfOrderGiveTheSameGap() {
        long[] arrivals = {6_060 * MS, 40 * MS, 6_040 * MS, 0, 20 * MS};
        assertThat(AudioGaps.gapMs(arrivals, 50 * MS)).hasValue(6_000);
    }

    @Test
    void withNothingBeforeTheFaultTheGapStartsAtTheFault() {
        assertThat(AudioGaps.gapMs(new long[] {1_500 * MS, 1_520 * MS}, 1_000 * MS)).hasValue(500);
    }

    @Test
    void audioThatNeverCameBackHasNoGap() {
        assertThat(AudioGaps.gapMs(new long[] {0, 20 * MS}, 50 * MS)).isEqualTo(OptionalLong.empty());
        assertThat(AudioGaps.gapMs(new long[0], 50 * MS)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void aFrameArrivingAtTheFaultInstantIsAfterIt() {
        assertThat(AudioGaps.gapMs(new long[] {0, 20 * MS}, 20 * MS)).hasValue(20);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Long> gaps = List.of(50L, 10L, 40L, 20L, 30L, 100L, 60L, 70L, 80L, 90L);
        assertThat(AudioGaps.percentile(gaps, 50)).isEqualTo(50);
        assertThat(AudioGaps.percentile(gaps, 99)).isEqualTo(100);
        assertThat(AudioGaps.percentile(gaps, 100)).isEqualTo(100);
        assertThat(AudioGaps.percentile(gaps, 10)).isEqualTo(10);
        assertThat(AudioGaps.percentile(List.of(7L), 99)).isEqualTo(7);
        assertThat(AudioGaps.percentile(List.of(), 50)).isZero();
    }

    @Test
    void framesMissedInsideAFaultWindowAreNotCountedOutsideIt() {
        List<AudioGaps.Window> windows = List.of(new AudioGaps.Window(100, 200), new AudioGaps.Window(500, 600));
        assertThat(AudioGaps.outside(new long[] {50, 100, 150, 200, 300, 550, 700}, windows)).isEqualTo(3);
        assertThat(AudioGaps.outside(new long[] {50}, List.of())).isEqualTo(1);
    }
}
