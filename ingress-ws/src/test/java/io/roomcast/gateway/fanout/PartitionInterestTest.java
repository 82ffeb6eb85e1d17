package io.roomcast.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PartitionInterestTest {
    private final Map<String, Integer> partitionOf = Map.of("a", 1, "b", 1, "c", 2, "bad", -1);
    private final PartitionInterest interest = new PartitionInterest(partitionOf::get);
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger wakeups = new AtomicInteger();
    /** With a 30 s linger, on the manual clock {@code now}, counting {@code wakeups}. */
    private final PartitionInterest lingering = new PartitionInterest(partitionOf::get, Duration.ofSeconds(30), now::get,
        wakeups::incrementAndGet);

    @Test
    void aPartitionIsAssignedWithItsFirstKeyAndReleasedWithItsLast() {
        interest.keyAdded("a");
        interest.keyAdded("b");
        interest.keyAdded("c");
        assertThat(interest.drainChanges()).isEqualTo(new PartitionInterest.Changes(Set.of(1, 2), Set.of()));
        assertThat(interest.keysIn(1)).isEqualTo(2);

        interest.keyRemoved("a");
        assertThat(interest.drainChanges().isEmpty()).isTrue();

        interest.keyRemoved("b");
        assertThat(interest.drainChanges()).isEqualTo(new PartitionInterest.Changes(Set.of(), Set.of(1)));
        assertThat(interest.partitions()).containsExactly(2);
    }

    @Test
    void changesAreNetSinceTheLastDrain() {
        interest.keyAdded("a");
        interest.keyRemoved("a");
        assertThat(interest.drainChanges().isEmpty()).isTrue(); // came and went: nothing to do

        interest.keyAdded("c");
        interest.drainChanges();
        interest.keyRemoved("c");
        interest.keyAdded("c");
        assertThat(interest.drainChanges().isEmpty()).isTrue(); // released and taken back: still assigned
        assertThat(interest.partitions()).containsExactly(2);
    }

    @Test
    void repeatedOrUnknownEventsDoNotSkewTheCounts() {
        interest.keyAdded("a");
        interest.keyAdded("a");
        interest.keyRemoved("b");
        interest.keyRemoved("a");

        assertThat(interest.keysIn(1)).isZero();
        assertThat(interest.drainChanges().isEmpty()).isTrue();
    }

    @Test
    void changesListPartitionsInOrder() {
        PartitionInterest many = new PartitionInterest(room -> Integer.parseInt(room));
        for (int p : new int[] {9, 3, 7, 1}) {
            many.keyAdded(Integer.toString(p));
        }

        assertThat(many.drainChanges().assigned()).containsExactly(1, 3, 7, 9);
    }

    @Test
    void aPartitionWithoutKeysIsReleasedOnlyOnceItsLingerHasPassed() {
        lingering.keyAdded("a");
        lingering.drainChanges();

        lingering.keyRemoved("a");
        now.addAndGet(29_999);
        assertThat(lingering.drainChanges().isEmpty()).as("still lingering").isTrue();
        assertThat(lingering.partitions()).isEmpty();

        now.incrementAndGet();
        assertThat(lingering.drainChanges()).isEqualTo(new PartitionInterest.Changes(Set.of(), Set.of(1)));
        assertThat(lingering.drainChanges().isEmpty()).isTrue();
    }

    @Test
    void aKeyOfALingeringPartitionKeepsItWithoutAnyChange() {
        lingering.keyAdded("a");
        lingering.drainChanges();

        lingering.keyRemoved("a");
        now.addAndGet(20_000);
        lingering.keyAdded("b"); // another user of the same partition: no re-seek
        now.addAndGet(20_000);
        assertThat(lingering.drainChanges().isEmpty()).isTrue();

        lingering.keyRemoved("b"); // the linger starts again from this removal
        now.addAndGet(29_000);
        assertThat(lingering.drainChanges().isEmpty()).isTrue();
        now.addAndGet(1_000);
        assertThat(lingering.drainChanges().unassigned()).containsExactly(1);
    }

    @Test
    void onAssignRunsOncePerPartitionToAssignNotForALingeringOne() {
        lingering.keyAdded("a");
        lingering.keyAdded("b");
        lingering.keyAdded("c");
        assertThat(wakeups).hasValue(2);

        lingering.drainChanges();
        lingering.keyRemoved("c");
        lingering.keyAdded("c");
        assertThat(wakeups).as("partition 2 lingered: still assigned").hasValue(2);
    }

    @Test
    void awaitChangeReturnsWhenALingerIsDue() throws InterruptedException {
        lingering.keyAdded("c");
        lingering.drainChanges();
        lingering.keyRemoved("c");
        now.addAndGet(30_000);

        lingering.awaitChange(Duration.ofDays(1)); // returns at once: the release is due
        assertThat(lingering.drainChanges().unassigned()).containsExactly(2);
    }

    @Test
    void aNegativeLingerIsRejected() {
        assertThatThrownBy(() -> new PartitionInterest(partitionOf::get, Duration.ofMillis(-1), () -> 0L, () -> { }))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNegativePartitionIsRejected() {
        assertThatThrownBy(() -> interest.keyAdded("bad")).isInstanceOf(IllegalArgumentException.class);
    }
}
