package io.roomcast.media.rtp;

/**
 * Interarrival jitter of one source, per RFC 3550 section 6.4.1 and appendix A.8: for consecutive
 * packets i, j, D = (Rj - Ri) - (Sj - Si) with R the arrival time and S the RTP timestamp, both in
 * RTP timestamp units, and J += (|D| - J) / 16. Kept, as in A.8, as 16·J in an integer, so no
 * floating point and no allocation. Differences are taken modulo 2^32, so RTP timestamp wrap-around
 * does not disturb it. Not thread-safe.
 */
public final class JitterEstimator {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private boolean started;
    private int lastTransit;
    private long jitterTimes16;

    /**
     * Accounts one packet.
     *
     * @param arrival arrival time in RTP timestamp units (see {@link #toRtpUnits}), raw 32 bits
     * @param rtpTimestamp the packet's RTP timestamp, raw 32 bits
     */
    public void update(int arrival, int rtpTimestamp) {
        int transit = arrival - rtpTimestamp;
        if (!started) {
            started = true;
            lastTransit = transit;
            return;
        }
        long d = Math.abs((long) (transit - lastTransit));
        lastTransit = transit;
        jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
    }

    /** The current estimate in RTP timestamp units, as reported in an RR block (A.8: jitter >> 4). */
    public long jitter() {
        return jitterTimes16 >> 4;
    }

    /**
     * A time in nanoseconds (e.g. {@link System#nanoTime()}) in units of a {@code clockRateHz} RTP clock
     * (48,000 for Opus, RFC 7587 section 4.1), truncated to the raw 32 bits the estimator compares.
     */
    public static int toRtpUnits(long nanos, int clockRateHz) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (int) (seconds * clockRateHz + rest * clockRateHz / NANOS_PER_SECOND);
    }
}
