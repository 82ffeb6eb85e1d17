package io.roomcast.devstack.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The chaos run's audio arithmetic, pure (docs/reliability.md, "Chaos run"): the gap a listener heard in one
 * speaker's stream around a fault, percentiles of the gaps, and the frames lost outside the fault windows. Times
 * are {@link System#nanoTime()} values of one process; gaps are in ms.
 */
final class AudioGaps {
    /** A fault window: from {@code startNanos} to {@code endNanos}, both included. */
    record Window(long startNanos, long endNanos) {
        boolean contains(long nanos) {
            return nanos >= startNanos && nanos <= endNanos;
        }
    }

    private AudioGaps() {
    }

    /**
     * The audio gap around a fault: from the last packet that arrived before {@code faultNanos} (or {@code faultNanos}
     * itself when none did) to the first that arrived at or after it.
     *
     * @param arrivalsNanos the stream's arrival times, in any order
     * @return the gap in ms (rounded down); empty when nothing arrived at or after the fault (the audio never came back)
     */
    static OptionalLong gapMs(long[] arrivalsNanos, long faultNanos) {
        long before = faultNanos;
        boolean any = false;
        long after = Long.MAX_VALUE;
        for (long t : arrivalsNanos) {
            if (t < faultNanos) {
                before = any ? Math.max(before, t) : t;
                any = true;
            } else {
                after = Math.min(after, t);
            }
        }
        return after == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of((after - before) / 1_000_000L);
    }

    /**
     * The nearest-rank percentile (the smallest value with at least {@code percent} % of the values at or below it).
     *
     * @param values  any order, not modified
     * @param percent 0 (exclusive) to 100
     * @return the percentile, or 0 for no values
     */
    static long percentile(List<Long> values, double percent) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /** How many of {@code sentNanos} (send times of frames not received) fall in none of {@code windows}. */
    static long outside(long[] sentNanos, List<Window> windows) {
        return Arrays.stream(sentNanos).filter(t -> windows.stream().noneMatch(w -> w.contains(t))).count();
    }
}
