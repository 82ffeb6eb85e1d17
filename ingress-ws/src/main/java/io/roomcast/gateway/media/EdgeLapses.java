package io.roomcast.gateway.media;

import java.time.Duration;
import java.util.Set;
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
 */
public final class EdgeLapses {
    private final long graceMs;
    /** Edge ids live at the last check (with, during a grace, those live before it); null before the first. */
    private Set<String> previouslyLive;
    private long graceEndsMs = Long.MIN_VALUE;

    /**
     * @param grace how long after Redis lost its data the edges have to register again, at least the edges'
     *              heartbeat (1 s) and below their {@code roomcast.media.registration-ttl} is sensible
     * @throws IllegalArgumentException for a negative grace
     */
    public EdgeLapses(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.graceMs = grace.toMillis();
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
        return lapsed;
    }
}
