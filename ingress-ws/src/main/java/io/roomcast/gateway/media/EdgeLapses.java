package io.roomcast.gateway.media;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One gateway node's view of which media edges lapsed, check by check (docs/media-protocol.md, "When an edge dies"),
 * telling a lapse from Redis losing its data. Pure; one instance per node, used by one thread.
 *
 * <p>Redis keeps nothing on disk: a restart (or a flush) loses every edge registration at once, though the edges
 * live and write theirs again at their next heartbeat (1 s). Taken for lapses, that would tell every room to move
 * (found by the chaos run, issue 19): its clients would all ask for media tokens in the second before the edges wrote
 * back their rooms' origins, and could be given a new origin while their speakers stayed on the old one. So after
 * Redis lost its data, for {@code grace} no edge lapses: the edges live before it must be back by then, and one that
 * is not lapses at the first check after.
 *
 * <p>It also remembers recent lapses ({@link #recent}) for {@code memory}: a session that enters a room after the lapse
 * was told (it was resuming, or reconnecting, at the time) is told then. An edge that registers again within the
 * memory is still remembered: it restarted and lost every binding, so a session bound to it before must bind again
 * (the chaos run's killed edges come back within about 60 s of the kill).
 */
public final class EdgeLapses {
    private final long graceMs;
    private final long memoryMs;
    /** Edges that lapsed within the memory, by the time (epoch ms) they last lapsed. */
    private final Map<String, Long> recent = new TreeMap<>();
    /** Edge ids live at the last check (with, during a grace, those live before it); null before the first. */
    private Set<String> previouslyLive;
    private long graceEndsMs = Long.MIN_VALUE;

    /**
     * @param grace  how long after Redis lost its data the edges have to register again, at least the edges'
     *               heartbeat (1 s) and below their {@code roomcast.media.registration-ttl} is sensible
     * @param memory how long a lapse is remembered for {@link #recent}, whether or not its edge is live again
     * @throws IllegalArgumentException for a negative grace or memory
     */
    public EdgeLapses(Duration grace, Duration memory) {
        if (grace.isNegative() || memory.isNegative()) {
            throw new IllegalArgumentException("grace and memory must not be negative: " + grace + ", " + memory);
        }
        this.graceMs = grace.toMillis();
        this.memoryMs = memory.toMillis();
    }

    /**
     * @param live     the edge ids live now (their registrations in Redis)
     * @param dataLost whether Redis lost its data since the last check (the node's watch marker was missing); the
     *                 first check's value is ignored
     * @param nowMs    the time of the check, epoch ms
     * @return the edges that lapsed since the last check, by id; empty at the first check and during a grace
     */
    public Set<String> check(Set<String> live, boolean dataLost, long nowMs) {
        if (previouslyLive == null) {
            previouslyLive = Set.copyOf(live);
            return Set.of();
        }
        if (dataLost) {
            graceEndsMs = nowMs + graceMs;
        }
        if (nowMs < graceEndsMs) {
            Set<String> both = new TreeSet<>(previouslyLive);
            both.addAll(live);
            previouslyLive = Set.copyOf(both);
            return Set.of();
        }
        Set<String> lapsed = EdgeFailover.lapsed(previouslyLive, live);
        previouslyLive = Set.copyOf(live);
        lapsed.forEach(edge -> recent.put(edge, nowMs));
        return lapsed;
    }

    /**
     * @param nowMs the time, epoch ms
     * @return the edges that lapsed at most {@code memory} before {@code nowMs} (live again or not), by id
     */
    public Set<String> recent(long nowMs) {
        recent.values().removeIf(at -> nowMs - at > memoryMs);
        return Set.copyOf(recent.keySet());
    }
}
