package io.roomcast.media.forwarding;

/**
 * A token bucket limiting one sender's packets (issue 5, "Privacy and abuse": a sender over its
 * packet-rate limit is cut off and counted; issue 19: one that floods, over twice its limit for over a second,
 * is unbound, see {@link #flooding()}). Also limits each source's binding requests (issue 19). It refills at {@code packetsPerSecond} and holds at most
 * one second's worth, so a sender may burst up to the rate after a pause, never more on average.
 * Integer arithmetic on nanoseconds, no allocation. Not thread-safe: a sender's packets arrive on one
 * socket (the kernel hashes a source to one SO_REUSEPORT socket), so one thread uses it.
 */
public final class PacketRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacityNanos;
    private final long nanosPerPacket;
    private final int packetsPerSecond;
    private long credit;
    private long lastNanos;
    private boolean started;
    /** Start of the current one-second window of refusals; refusals in it, and in the window just before. */
    private long windowStartNanos;
    private boolean windowOpen;
    private int refusedNow;
    private int refusedBefore;

    /**
     * @param packetsPerSecond sustained limit, packets/s, 1 or more
     * @throws IllegalArgumentException for a limit below 1
     */
    public PacketRateLimiter(int packetsPerSecond) {
        if (packetsPerSecond < 1) {
            throw new IllegalArgumentException("packetsPerSecond must be at least 1, was " + packetsPerSecond);
        }
        this.packetsPerSecond = packetsPerSecond;
        this.nanosPerPacket = NANOS_PER_SECOND / packetsPerSecond;
        this.capacityNanos = NANOS_PER_SECOND;
    }

    /**
     * Takes one packet's credit.
     *
     * @param nowNanos arrival time, {@link System#nanoTime()} ns
     * @return true when the packet is within the limit; false when it is over (and takes no credit)
     */
    public boolean tryAcquire(long nowNanos) {
        if (!started) {
            started = true;
            credit = capacityNanos;
        } else {
            credit = Math.min(capacityNanos, credit + Math.max(0, nowNanos - lastNanos));
        }
        lastNanos = nowNanos;
        if (credit < nanosPerPacket) {
            long sinceStart = nowNanos - windowStartNanos;
            if (!windowOpen || sinceStart >= 2 * NANOS_PER_SECOND) {
                windowOpen = true;
                windowStartNanos = nowNanos;
                refusedBefore = 0;
                refusedNow = 0;
            } else if (sinceStart >= NANOS_PER_SECOND) {
                windowStartNanos += NANOS_PER_SECOND;
                refusedBefore = refusedNow;
                refusedNow = 0;
            }
            refusedNow++;
            return false;
        }
        credit -= nanosPerPacket;
        return true;
    }

    /**
     * Whether the sender floods: at least {@code packetsPerSecond} packets refused in each of two consecutive
     * one-second windows, i.e. more than twice its limit for over a second. A sender merely over its limit,
     * or one sending a backlog at once after a stall (all within one window), is only dropped.
     */
    public boolean flooding() {
        return refusedBefore >= packetsPerSecond && refusedNow >= packetsPerSecond;
    }
}
