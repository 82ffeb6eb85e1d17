package io.roomcast.ranking.topology;

import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The newest read of the global rooms store ({@link HallwayRanker.Rooms}), shared by the hallway tasks of one
 * Kafka Streams instance (every task reads the same global store): a punctuator tick reuses it instead of decoding
 * every room again, which with 6 tasks and a 200 ms tick was 30 reads of every room per second, at rest too.
 *
 * <p>A read may be reused only if it is fresh enough for the rankings it serves: at most {@code maxAgeMs} old (rooms'
 * counts and momentum), made with the same weights, and <b>begun after</b> the moment its caller last relied on the
 * store: a nudge whose room the store already showed, or a wait that ended because it showed it
 * ({@link #mark()}); the global store only moves on, so a read begun after that moment holds the room. Order is
 * kept by a sequence, not by clocks (the stream threads' cached times differ). Thread-safe.
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
     * @param nowMs     the caller's wall-clock time (ms)
     * @param maxAgeMs  oldest reusable read, in ms before {@code nowMs}
     * @param after     the caller's newest {@link #mark()} (0 if none)
     * @param weights   the weights the caller ranks with
     * @param read      reads the store and indexes it, if no read can be reused
     * @return a read begun after {@code after}, at most {@code maxAgeMs} old, of these weights
     */
    HallwayRanker.Rooms get(long nowMs, long maxAgeMs, long after, HallwayScore.Weights weights,
                            Supplier<HallwayRanker.Rooms> read) {
        Read last = newest.get();
        if (last != null && last.sequence() > after && last.atMs() >= nowMs - maxAgeMs
                && last.weights().equals(weights)) {
            return last.rooms();
        }
        long begun = mark();
        Read made = new Read(begun, nowMs, weights, read.get());
        newest.accumulateAndGet(made, (old, fresh) -> old == null || fresh.sequence() > old.sequence() ? fresh : old);
        return made.rooms();
    }
}
