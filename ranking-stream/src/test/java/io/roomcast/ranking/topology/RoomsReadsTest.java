package io.roomcast.ranking.topology;

import static io.roomcast.ranking.core.Rooms.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RoomsReadsTest {
    private static final HallwayRanker RANKER = new HallwayRanker(HallwayRanker.Settings.DEFAULTS);
    private static final HallwayScore.Weights WEIGHTS = HallwayScore.Weights.DEFAULTS;
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private final RoomsReads reads = new RoomsReads();
    private final AtomicInteger storeReads = new AtomicInteger();
    /** The global store: one room, "jazz", at the version set here. */
    private final AtomicReference<Long> jazzVersion = new AtomicReference<>(1L);
    private final Supplier<HallwayRanker.Rooms> store = () -> {
        storeReads.incrementAndGet();
        return RANKER.rooms(List.of(jazz()), room -> 0, room -> null);
    };
    private final AtomicInteger updates = new AtomicInteger();
    /** Reads the named rooms again from the store (only jazz is there). */
    private final BiFunction<HallwayRanker.Rooms, Set<String>, HallwayRanker.Rooms> update = (previous, changed) -> {
        updates.incrementAndGet();
        return RANKER.rooms(previous, changed.contains("jazz") ? List.of(jazz()) : List.of(), List.of(), room -> 0,
            room -> null);
    };

    private RoomSnapshot jazz() {
        RoomSnapshot jazz = live("jazz", "host", Visibility.PUBLIC, "jazz", null, List.of(), List.of(), NOW);
        jazz.setVersion(jazzVersion.get());
        return jazz;
    }

    @Test
    void aReadIsSharedWithinItsAgeAndForTheSameWeights() {
        HallwayRanker.Rooms first = reads.get(1_000, 200, 0, Map.of(), WEIGHTS, store, update);

        assertThat(reads.get(1_150, 200, 0, Map.of(), WEIGHTS, store, update)).as("another task's tick 150 ms later")
            .isSameAs(first);
        assertThat(storeReads).hasValue(1);
        reads.get(1_201, 200, 0, Map.of(), WEIGHTS, store, update);
        assertThat(storeReads).as("older than 200 ms: read again").hasValue(2);
        reads.get(1_202, 200, 0, Map.of(), new HallwayScore.Weights(1, 0, 0, 0), store, update);
        assertThat(storeReads).as("other weights: read again").hasValue(3);
    }

    @Test
    void aReadWithoutANudgedRoomAtItsVersionDoesNotServeTheTaskThatSawIt() {
        HallwayRanker.Rooms before = reads.get(1_000, 200, 0, Map.of(), WEIGHTS, store, update);
        jazzVersion.set(2L); // a followee joined jazz; the task saw version 2 in the store with the nudge

        assertThat(reads.get(1_010, 200, 0, Map.of("jazz", 1L), WEIGHTS, store, update)).as("version 1 is what it needs")
            .isSameAs(before);
        HallwayRanker.Rooms after = reads.get(1_020, 200, 0, Map.of("jazz", 2L), WEIGHTS, store, update);
        assertThat(after).isNotSameAs(before);
        assertThat(after.holds("jazz", 2)).isTrue();
        assertThat(reads.get(1_030, 200, 0, Map.of("jazz", 2L), WEIGHTS, store, update)).isSameAs(after);
        assertThat(storeReads).as("the room read again, not every room").hasValue(1);
        assertThat(updates).hasValue(1);
    }

    @Test
    void anUpdatedReadKeepsTheAgeOfTheReadItCameFrom() {
        reads.get(1_000, 200, 0, Map.of(), WEIGHTS, store, update);
        jazzVersion.set(2L);
        reads.get(1_150, 200, 0, Map.of("jazz", 2L), WEIGHTS, store, update);

        reads.get(1_201, 200, 0, Map.of(), WEIGHTS, store, update);
        assertThat(storeReads).as("the update made at 1,150 ms holds a read of 1,000 ms: read again at 1,201")
            .hasValue(2);
    }

    @Test
    void aTaskThatStartsAfterAReadReadsAgain() {
        HallwayRanker.Rooms before = reads.get(1_000, 200, 0, Map.of(), WEIGHTS, store, update);
        long started = reads.mark(); // its stores' due rankings may rely on rooms it no longer knows of

        assertThat(reads.get(1_010, 200, started, Map.of(), WEIGHTS, store, update)).isNotSameAs(before);
        assertThat(storeReads).hasValue(2);
    }
}
