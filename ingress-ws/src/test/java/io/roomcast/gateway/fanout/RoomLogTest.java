package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.fact;
import static io.roomcast.gateway.fanout.Fixtures.targeted;
import static io.roomcast.gateway.fanout.Fixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import io.roomcast.gateway.fanout.RoomLog.Replay;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomLogTest {
    private final ManualClock clock = new ManualClock();

    private RoomLog log(int maxFacts) {
        return new RoomLog(new RoomLog.Limits(maxFacts, 1L << 20, 60_000), clock);
    }

    private static List<String> facts(Replay r) {
        assertThat(r).isInstanceOf(Replay.Facts.class);
        return texts(((Replay.Facts) r).facts());
    }

    @Test
    void sinceReturnsExactlyTheFactsAfterAnOffsetThoughOffsetsSkip() {
        RoomLog log = log(100);
        for (long offset : new long[] {10, 13, 14, 20, 27}) {
            log.append(fact(offset, 1L));
        }

        assertThat(facts(log.since(13))).containsExactly("14", "20", "27");
        assertThat(facts(log.since(15))).containsExactly("20", "27"); // an offset of another room
        assertThat(facts(log.since(10))).containsExactly("13", "14", "20", "27");
        assertThat(facts(log.since(27))).isEmpty();
        assertThat(facts(log.since(99))).isEmpty();
    }

    @Test
    void sinceIsAGapBeforeWhatTheLogKnows() {
        RoomLog log = log(100);
        assertThat(log.since(5)).isInstanceOf(Replay.Gap.class); // never saw a fact: cannot prove anything

        log.append(fact(10, 1L));
        log.append(fact(13, 1L));

        // Facts between 7 and 10 may exist (read before this log started).
        assertThat(log.since(7)).isInstanceOf(Replay.Gap.class);
        assertThat(facts(log.since(10))).containsExactly("13");
    }

    @Test
    void countEvictionMovesTheResumeHorizon() {
        RoomLog log = log(3);
        for (long offset = 1; offset <= 5; offset++) {
            log.append(fact(offset * 10, offset));
        }

        assertThat(log.size()).isEqualTo(3);
        assertThat(facts(log.since(20))).containsExactly("30", "40", "50"); // 20 was evicted: nothing between 20 and 30
        assertThat(log.since(19)).isInstanceOf(Replay.Gap.class);
        assertThat(log.since(10)).isInstanceOf(Replay.Gap.class);
    }

    @Test
    void byteEvictionKeepsTheBufferUnderItsLimit() {
        RoomLog log = new RoomLog(new RoomLog.Limits(1000, 10, 60_000), clock);
        for (long offset = 100; offset < 110; offset++) {
            log.append(fact(offset, 1L)); // 3 bytes each
            assertThat(log.bytes()).isLessThanOrEqualTo(10);
        }

        assertThat(log.size()).isEqualTo(3);
        assertThat(facts(log.since(106))).containsExactly("107", "108", "109");
    }

    @Test
    void ageEvictionForgetsOldFacts() {
        RoomLog log = new RoomLog(new RoomLog.Limits(1000, 1L << 20, 5_000), clock);
        log.append(fact(1, 1L));
        clock.advance(3_000);
        log.append(fact(2, 2L));
        clock.advance(2_001);

        assertThat(facts(log.since(1))).containsExactly("2"); // fact 1 is over 5 s old: evicted on read
        assertThat(log.size()).isEqualTo(1);
        clock.advance(5_000);
        assertThat(facts(log.since(2))).isEmpty();
        assertThat(log.size()).isZero();
        assertThat(log.since(1)).isInstanceOf(Replay.Gap.class);
    }

    @Test
    void reDeliveredOffsetsAreIgnored() {
        RoomLog log = log(100);
        assertThat(log.append(fact(10, 1L))).isTrue();
        assertThat(log.append(fact(11, 1L))).isTrue();
        assertThat(log.append(fact(11, 1L))).isFalse();
        assertThat(log.append(fact(5, 1L))).isFalse();

        assertThat(facts(log.since(10))).containsExactly("11");
    }

    @Test
    void afterSnapshotGivesVersionsAboveItAndUnversionedFactsSeenAtOrAfterIt() {
        RoomLog log = log(100);
        log.append(fact(1, 4L));
        log.append(fact(2, 5L));
        log.append(fact(3, null)); // SpeakingChanged while at version 5
        log.append(fact(4, 5L)); // a rejection: unchanged version
        log.append(fact(5, 6L));
        log.append(fact(6, 6L));
        log.append(fact(7, null)); // at version 6
        log.append(fact(8, 6L)); // a speaking change amid the facts of one command

        assertThat(facts(log.afterSnapshot(4))).containsExactly("2", "3", "4", "5", "6", "7", "8");
        // A snapshot of 5 holds facts 1, 2 and 4; the speaking change (not in any snapshot) is after it.
        assertThat(facts(log.afterSnapshot(5))).containsExactly("3", "5", "6", "7", "8");
        assertThat(facts(log.afterSnapshot(6))).containsExactly("7");
        assertThat(facts(log.afterSnapshot(9))).isEmpty(); // snapshot ahead of the log
    }

    @Test
    void afterSnapshotIsAGapWhenFactsAboveTheSnapshotMayBeMissing() {
        RoomLog log = log(3);
        log.append(fact(1, 7L));
        log.append(fact(2, 7L));

        // Facts of version 7 may precede this log's first fact.
        assertThat(log.afterSnapshot(6)).isInstanceOf(Replay.Gap.class);
        assertThat(facts(log.afterSnapshot(7))).isEmpty();

        log.append(fact(3, 8L));
        log.append(fact(4, 9L)); // evicts fact 1 (version 7)
        log.append(fact(5, 10L)); // evicts fact 2 (version 7)
        log.append(fact(6, 11L)); // evicts fact 3 (version 8)

        assertThat(log.afterSnapshot(7)).isInstanceOf(Replay.Gap.class);
        assertThat(facts(log.afterSnapshot(8))).containsExactly("4", "5", "6");
    }

    @Test
    void aClientThatProcessedNoFactSinceItsSnapshotResumesByVersion() {
        RoomLog log = log(100);
        log.append(fact(1, 1L));
        log.append(fact(2, 2L));
        log.append(targeted(3, 3L, "me"));
        log.append(fact(4, 3L));

        assertThat(facts(log.since(-1, 2))).containsExactly("3", "4");
        assertThat(facts(log.since(-1, 3))).isEmpty();
    }

    @Test
    void aClientHoldingPartOfACommandGetsTheRestOfIt() {
        RoomLog log = log(100);
        log.append(fact(1, 1L));
        log.append(fact(2, 2L)); // first fact of command 2: the client processed it
        log.append(fact(3, 2L)); // second fact of command 2: lost with the connection
        log.append(fact(4, 3L));

        assertThat(facts(log.since(2, 2))).containsExactly("3", "4");
    }

    @Test
    void aClientWithASnapshotNewerThanTheStreamGetsNoFactItsSnapshotHolds() {
        RoomLog log = log(100);
        log.append(fact(1, 1L));
        log.append(targeted(2, 1L, "me")); // processed, while its snapshot 3 was ahead of this node
        log.append(fact(3, 2L)); // held by snapshot 3
        log.append(fact(4, 3L)); // held by snapshot 3
        log.append(fact(5, 4L));

        assertThat(facts(log.since(2, 3))).containsExactly("4", "5"); // version-3 facts may be partial: kept
    }

    @Test
    void sinceIsExactIfEitherTheOffsetOrTheVersionIsRecentEnough() {
        RoomLog log = log(2);
        log.append(fact(1, 1L));
        log.append(fact(2, 2L));
        log.append(fact(3, 3L)); // evicts 1 (version 1)

        assertThat(log.since(0, -1)).isInstanceOf(Replay.Gap.class);
        assertThat(facts(log.since(-1, 1))).containsExactly("2", "3"); // no fact processed, snapshot 1
        assertThat(log.since(-1, 0)).isInstanceOf(Replay.Gap.class);
        assertThat(facts(log.since(1, 0))).containsExactly("2", "3"); // offset recent enough
        assertThat(facts(log.since(1, -1))).containsExactly("2", "3");

        log.append(fact(4, 3L)); // evicts 2 (version 2)
        assertThat(facts(log.since(3, 3))).containsExactly("4"); // at 3, past the evicted offset
        assertThat(log.since(0, 2)).isInstanceOf(Replay.Gap.class); // version 2 facts after 0 are gone
    }

    @Test
    void aJoinThatTrustedTheStreamMakesTheFirstFactsVersionSafe() {
        RoomLog log = log(100);
        log.trustStreamAfter(4); // a joiner with snapshot 4 streams from an empty log
        log.append(fact(1, 5L));

        assertThat(facts(log.afterSnapshot(4))).containsExactly("1");
        assertThat(log.afterSnapshot(3)).isInstanceOf(Replay.Gap.class);
    }

    @Test
    void anEmptyLogTrustsTheStreamToCome() {
        assertThat(facts(log(10).afterSnapshot(3))).isEmpty();
    }

    @Test
    void targetedFactsAreKeptForResume() {
        RoomLog log = log(100);
        log.append(fact(1, 1L));
        log.append(targeted(2, 1L, "s-1"));

        assertThat(facts(log.since(1))).containsExactly("2");
    }

    @Test
    void aFactFromAnotherPartitionStartsAfresh() {
        RoomLog log = log(100);
        log.append(fact(100, 1L));
        log.append(Fact.broadcast(Fixtures.PARTITION + 1, 5, 2L, Frame.text("p5")));

        assertThat(log.size()).isEqualTo(1);
        assertThat(log.lastOffset()).isEqualTo(5);
        assertThat(facts(log.since(5))).isEmpty();
        assertThat(log.since(4)).isInstanceOf(Replay.Gap.class);
    }

    @Test
    void limitsBelowOneAreRejected() {
        assertThatThrownBy(() -> new RoomLog.Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoomLog.Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoomLog.Limits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
