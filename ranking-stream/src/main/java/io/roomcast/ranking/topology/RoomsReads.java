package io.roomcast.ranking.topology;

import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The newest read of the global rooms store ({@link HallwayRanker.Rooms}), shared by the hallway tasks of one
 * Kafka Streams instance (every task reads the same global store): a punctuator tick reuses it instead of decoding
 * every room again, which with 6 tasks and a 200 ms tick was 30 reads of every room per second, at rest too.
 *
 * <p>A read may be reused only if it is fresh enough for the rankings it serves: at most {@code maxAgeMs} old (rooms'
 * counts and momentum), made with the same weights, holding every room the caller relied on the store showing (a
 * nudge's room at the nudge's version: {@code needed}), and begun after the caller's {@link #mark()} (a task marks
 * when it starts: due rankings in its stores may have relied on rooms it no longer knows of; the global store only
 * moves on, so a read begun after the mark holds them). Order is kept by a sequence, not by clocks (the stream
 * threads' cached times differ). Thread-safe.
 */
final class RoomsReads {
    private record Read(long sequence, long atMs, HallwayScore.Weights weights, HallwayRanker.Rooms rooms) {
    }

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicReference<Read> newest = new AtomicReference<>();

    /** A point in the order of reads: a read reused for a caller must have begun after the caller's newest mark. */
    long mark() {
        return sequence.incrementAndGet();
    }

    /**
     * @param nowMs    the caller's wall-clock time (ms)
     * @param maxAgeMs oldest reusable read, in ms before {@code nowMs}
     * @param after    the caller's newest {@link #mark()} (0 if none)
     * @param needed   room id -> the version the caller saw in the store and a read must hold
     * @param weights  the weights the caller ranks with
     * @param read     reads the store and indexes it, if no read can be reused
     * @return a read that serves the caller
     */
    HallwayRanker.Rooms get(long nowMs, long maxAgeMs, long after, Map<String, Long> needed,
                            HallwayScore.Weights weights, Supplier<HallwayRanker.Rooms> read) {
        Read last = newest.get();
        if (last != null && last.sequence() > after && last.atMs() >= nowMs - maxAgeMs
                && last.weights().equals(weights)
                && needed.entrySet().stream().allMatch(room -> last.rooms().holds(room.getKey(), room.getValue()))) {
            return last.rooms();
        }
        long begun = mark();
        Read made = new Read(begun, nowMs, weights, read.get());
        newest.accumulateAndGet(made, (old, fresh) -> old == null || fresh.sequence() > old.sequence() ? fresh : old);
        return made.rooms();
    }
}
