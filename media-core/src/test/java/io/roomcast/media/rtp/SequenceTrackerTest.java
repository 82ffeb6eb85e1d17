package io.roomcast.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    @Test
    void aNewSourceIsOnProbationUntilTwoPacketsInOrder() {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.update(100)).isFalse();
        assertThat(tracker.update(101)).isTrue();
        assertThat(tracker.received()).isEqualTo(1);
        assertThat(tracker.extendedHighestSequence()).isEqualTo(101);
    }

    @Test
    void aProbationBrokenByAGapStartsOver() {
        SequenceTracker tracker = new SequenceTracker();
        tracker.update(100);
        assertThat(tracker.update(105)).isFalse();
        assertThat(tracker.update(106)).isTrue();
        assertThat(tracker.expected()).isEqualTo(1);
    }

    @Test
    void theSequenceWrapsFrom65535ToZeroIntoTheNextCycle() {
        SequenceTracker tracker = new SequenceTracker(1);
        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            assertThat(tracker.update(seq)).isTrue();
        }
        assertThat(tracker.extendedHighestSequence()).isEqualTo(65536 + 2);
        assertThat(tracker.expected()).isEqualTo(6);
        assertThat(tracker.received()).isEqualTo(6);
        assertThat(tracker.cumulativeLost()).isZero();
    }

    @Test
    void probationPassesAcrossTheWrap() {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.update(65535)).isFalse();
        assertThat(tracker.update(0)).isTrue();
        assertThat(tracker.update(1)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(1);
    }

    @Test
    void aPacketReorderedBeforeTheWrapDoesNotAddACycle() {
        SequenceTracker tracker = new SequenceTracker(1);
        tracker.update(65534);
        tracker.update(0);
        assertThat(tracker.update(65535)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(65536);
        assertThat(tracker.cumulativeLost()).isZero();
    }

    @Test
    void lossesAndTheFractionLostPerReportInterval() {
        SequenceTracker tracker = new SequenceTracker(1);
        for (int seq = 0; seq < 100; seq++) {
            if (seq % 4 != 3) {
                tracker.update(seq);
            }
        }
        // Expected 0..98 = 99 (the highest seen is 98), received 75, lost 24.
        assertThat(tracker.cumulativeLost()).isEqualTo(24);
        assertThat(tracker.takeFractionLost()).isEqualTo(24 * 256 / 99);
        for (int seq = 100; seq < 110; seq++) {
            tracker.update(seq);
        }
        // 11 expected (99..109), 10 received in this interval.
        assertThat(tracker.takeFractionLost()).isEqualTo(256 / 11);
        assertThat(tracker.takeFractionLost()).isZero();
    }

    @Test
    void duplicatesMakeTheLossNegativeAndTheFractionZero() {
        SequenceTracker tracker = new SequenceTracker(1);
        tracker.update(10);
        tracker.update(11);
        tracker.update(11);
        assertThat(tracker.cumulativeLost()).isEqualTo(-1);
        assertThat(tracker.takeFractionLost()).isZero();
    }

    @Test
    void aLargeJumpCountsOnlyOnceTheNextPacketConfirmsIt() {
        SequenceTracker tracker = new SequenceTracker(1);
        tracker.update(1000);
        tracker.update(1001);
        assertThat(tracker.update(20000)).isFalse();
        assertThat(tracker.update(20001)).isTrue();
        assertThat(tracker.update(20002)).isTrue();
        // The source restarted at 20001 (A.1 "bad_seq"): counts begin again there.
        assertThat(tracker.extendedHighestSequence()).isEqualTo(20002);
        assertThat(tracker.expected()).isEqualTo(2);
        assertThat(tracker.received()).isEqualTo(2);
    }

    @Test
    void strayPacketsFarAwayDoNotDisturbTheStream() {
        SequenceTracker tracker = new SequenceTracker(1);
        tracker.update(1000);
        assertThat(tracker.update(20000)).isFalse();
        assertThat(tracker.update(30000)).isFalse();
        assertThat(tracker.update(1001)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(1001);
        assertThat(tracker.cumulativeLost()).isZero();
    }
}
