package io.roomcast.ranking.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RoomsReadsTest {
    private static final HallwayRanker RANKER = new HallwayRanker(HallwayRanker.Settings.DEFAULTS);
    private static final HallwayScore.Weights WEIGHTS = HallwayScore.Weights.DEFAULTS;

    private final RoomsReads reads = new RoomsReads();
    private final AtomicInteger storeReads = new AtomicInteger();
    private final Supplier<HallwayRanker.Rooms> store = () -> {
        storeReads.incrementAndGet();
        return RANKER.rooms(List.of(), room -> 0, room -> null);
    };

    @Test
    void aReadIsSharedWithinItsAgeAndForTheSameWeights() {
        HallwayRanker.Rooms first = reads.get(1_000, 200, 0, WEIGHTS, store);

        assertThat(reads.get(1_150, 200, 0, WEIGHTS, store)).as("another task's tick 150 ms later").isSameAs(first);
        assertThat(storeReads).hasValue(1);
        reads.get(1_201, 200, 0, WEIGHTS, store);
        assertThat(storeReads).as("older than 200 ms: read again").hasValue(2);
        reads.get(1_202, 200, 0, new HallwayScore.Weights(1, 0, 0, 0), store);
        assertThat(storeReads).as("other weights: read again").hasValue(3);
    }

    @Test
    void aReadBegunBeforeTheTaskReliedOnTheStoreIsNotReused() {
        HallwayRanker.Rooms before = reads.get(1_000, 200, 0, WEIGHTS, store);
        long relied = reads.mark(); // the task saw a nudge's room in the store after that read began

        HallwayRanker.Rooms after = reads.get(1_010, 200, relied, WEIGHTS, store);
        assertThat(after).as("the earlier read may lack the nudge's room").isNotSameAs(before);
        assertThat(reads.get(1_020, 200, relied, WEIGHTS, store)).as("a read begun after the mark serves")
            .isSameAs(after);
        assertThat(storeReads).hasValue(2);
    }
}
