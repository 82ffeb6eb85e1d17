package io.roomcast.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionInterestTest {
    private final Map<String, Integer> partitionOf = Map.of("a", 1, "b", 1, "c", 2, "bad", -1);
    private final PartitionInterest interest = new PartitionInterest(partitionOf::get);

    @Test
    void aPartitionIsAssignedWithItsFirstRoomAndReleasedWithItsLast() {
        interest.roomAdded("a");
        interest.roomAdded("b");
        interest.roomAdded("c");
        assertThat(interest.drainChanges()).isEqualTo(new PartitionInterest.Changes(Set.of(1, 2), Set.of()));
        assertThat(interest.roomsIn(1)).isEqualTo(2);

        interest.roomRemoved("a");
        assertThat(interest.drainChanges().isEmpty()).isTrue();

        interest.roomRemoved("b");
        assertThat(interest.drainChanges()).isEqualTo(new PartitionInterest.Changes(Set.of(), Set.of(1)));
        assertThat(interest.partitions()).containsExactly(2);
    }

    @Test
    void changesAreNetSinceTheLastDrain() {
        interest.roomAdded("a");
        interest.roomRemoved("a");
        assertThat(interest.drainChanges().isEmpty()).isTrue(); // came and went: nothing to do

        interest.roomAdded("c");
        interest.drainChanges();
        interest.roomRemoved("c");
        interest.roomAdded("c");
        assertThat(interest.drainChanges().isEmpty()).isTrue(); // released and taken back: still assigned
        assertThat(interest.partitions()).containsExactly(2);
    }

    @Test
    void repeatedOrUnknownEventsDoNotSkewTheCounts() {
        interest.roomAdded("a");
        interest.roomAdded("a");
        interest.roomRemoved("b");
        interest.roomRemoved("a");

        assertThat(interest.roomsIn(1)).isZero();
        assertThat(interest.drainChanges().isEmpty()).isTrue();
    }

    @Test
    void changesListPartitionsInOrder() {
        PartitionInterest many = new PartitionInterest(room -> Integer.parseInt(room));
        for (int p : new int[] {9, 3, 7, 1}) {
            many.roomAdded(Integer.toString(p));
        }

        assertThat(many.drainChanges().assigned()).containsExactly(1, 3, 7, 9);
    }

    @Test
    void aNegativePartitionIsRejected() {
        assertThatThrownBy(() -> interest.roomAdded("bad")).isInstanceOf(IllegalArgumentException.class);
    }
}
