package io.roomcast.ranking.topology;

import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The newest read of the global rooms store ({@link HallwayRanker.Rooms}), shared by the hallway tasks of one
 * Kafka Streams instance (every task reads the same global store): a punctuator tick reuses it instead of decoding
 * every room again, which with 6 tasks and a 200 ms tick was 30 reads of every room per second, at rest too.
 *
 * <p>A read may be reused only if it is fresh enough for the rankings it serves: at most {@code maxAgeMs} old (rooms'
 * counts and momentum), made with the same weights, holding every room the caller relied on the store showing (a
 * nudge's room at the nudge's version: {@code needed}), and begun after the caller's {@link #mark()} (a task marks
 * when it starts: due rankings in its stores may have relied on rooms it no longer knows of; the global store only
 * moves on, so a read begun after the mark holds them). A read that is all that but for some needed rooms is
 * <b>updated</b>: those rooms are read again and the rest kept ({@link HallwayRanker#rooms(HallwayRanker.Rooms,
 * Iterable, Iterable, java.util.function.ToDoubleFunction, java.util.function.Function)}), keeping the age and the
 * start of the read it came from; under a stream of joins nearly every tick needs a room newer than the last read,
 * and reading all 2,000 rooms for it was a quarter of ranking-stream's CPU at the scale (docs/benchmarks.md,
 * hallway run 8). Order is kept by a sequence, not by clocks (the stream threads' cached times differ). Thread-safe.
 */
final class RoomsReads {
    /**
     * @param begun when the read of the store behind it began ({@link #mark()})
     * @param made  when this read was made (a full read: {@code begun}; an update: later): the newest made is kept
     * @param atMs  the wall-clock time of the read of the store behind it
     */
    private record Read(long begun, long made, long atMs, HallwayScore.Weights weights, HallwayRanker.Rooms rooms) {
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
     * @param read     reads the store and indexes it, if no read can be reused or updated
     * @param update   a read with the given rooms read again from the store (the ids of {@code needed} it lacks)
     * @return a read that serves the caller
     */
    HallwayRanker.Rooms get(long nowMs, long maxAgeMs, long after, Map<String, Long> needed,
                            HallwayScore.Weights weights, Supplier<HallwayRanker.Rooms> read,
                            BiFunction<HallwayRanker.Rooms, Set<String>, HallwayRanker.Rooms> update) {
        Read last = newest.get();
        if (last != null && last.begun() > after && last.atMs() >= nowMs - maxAgeMs && last.weights().equals(weights)) {
            Set<String> missing = needed.entrySet().stream()
                .filter(room -> !last.rooms().holds(room.getKey(), room.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
            if (missing.isEmpty()) {
                return last.rooms();
            }
            return keep(new Read(last.begun(), mark(), last.atMs(), weights, update.apply(last.rooms(), missing)));
        }
        long begun = mark();
        return keep(new Read(begun, begun, nowMs, weights, read.get()));
    }

    private HallwayRanker.Rooms keep(Read made) {
        newest.accumulateAndGet(made, (old, fresh) -> old == null || fresh.made() > old.made() ? fresh : old);
        return made.rooms();
    }
}
