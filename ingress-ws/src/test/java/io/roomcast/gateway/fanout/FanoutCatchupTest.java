package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.PARTITION;
import static io.roomcast.gateway.fanout.Fixtures.drain;
import static io.roomcast.gateway.fanout.Fixtures.fact;
import static io.roomcast.gateway.fanout.Fixtures.outbox;
import static io.roomcast.gateway.fanout.Fixtures.targeted;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.gateway.fanout.Fanout.Catchup;
import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RESUME from Kafka by offset: when the room log no longer holds the client's position, the session
 * catches up from facts the adapter reads from Kafka, then hands over to the log and the live stream
 * with no gap and no duplicate.
 */
class FanoutCatchupTest {
    private static final String ROOM = "room-1";

    private final ManualClock clock = new ManualClock();
    /** The room's facts as Kafka holds them: offsets 1..n, the room at every other offset. */
    private final List<Fact> partition = new ArrayList<>();

    /** A fan-out whose room log keeps the last 3 facts. */
    private Fanout fanout() {
        return new Fanout(new Fanout.Settings(new RoomLog.Limits(3, 1L << 20, 60_000), 10_000), clock,
            FanoutMetrics.NONE, KeyInterestListener.NONE);
    }

    /** Appends the room's next fact to "Kafka" and delivers it (offsets 2, 4, 6, ...; version = index). */
    private Fact write(Fanout fanout) {
        long n = partition.size() + 1;
        Fact f = fact(2 * n, n);
        partition.add(f);
        fanout.deliver(ROOM, f);
        return f;
    }

    /** Writes {@code facts} facts to "Kafka" only (offsets 2, 4, ...; version = index), as before this node had the room. */
    private void writtenBeforeThisNodeCared(int facts) {
        for (int i = 0; i < facts; i++) {
            partition.add(fact(2 * (i + 1), (long) i + 1));
        }
    }

    /** What a catch-up reader returns: the facts of the room in [from, stopBefore), in order. */
    private List<Fact> read(long from, long stopBefore) {
        return partition.stream().filter(f -> f.offset() >= from && f.offset() < stopBefore).toList();
    }

    /** A fan-out whose room another session streams, with {@code facts} facts written (offsets 2, 4, ...). */
    private Fanout roomWith(int facts) {
        Fanout fanout = fanout();
        streaming(fanout, "other");
        for (int i = 0; i < facts; i++) {
            write(fanout);
        }
        return fanout;
    }

    /** A session that streams the room from snapshot 0. */
    private static SessionOutbox streaming(Fanout fanout, String id) {
        SessionOutbox out = outbox(id);
        fanout.beginJoin(out, ROOM);
        fanout.join(out, ROOM, 0);
        return out;
    }

    private static Map<String, Fanout.ResumePoint> at(long seq, long version) {
        return Map.of(ROOM, new Fanout.ResumePoint(PARTITION, seq, version));
    }

    private static List<String> offsets(long... offsets) {
        List<String> out = new ArrayList<>();
        for (long o : offsets) {
            out.add(Long.toString(o));
        }
        return out;
    }

    @Test
    void aGapOlderThanTheLogIsReadFromKafkaThenTheLogAndTheLiveStreamFollowWithoutGapOrDuplicate() {
        Fanout fanout = fanout();
        SessionOutbox first = streaming(fanout, "me");
        streaming(fanout, "other");
        write(fanout);
        write(fanout); // offset 4: the client's last fact
        drain(first);
        fanout.close(first);
        for (int i = 0; i < 5; i++) {
            write(fanout); // offsets 6..14; the log keeps 10, 12, 14
        }

        SessionOutbox back = outbox("me");
        Catchup answer = fanout.resumeFrom(back, at(4, 2)).get(ROOM);

        assertThat(answer).isEqualTo(new Catchup.FromKafka(PARTITION, 5, 10));
        write(fanout); // offset 16, live during the catch-up: held
        assertThat(back.size()).as("nothing before the missed facts").isZero();
        assertThat(fanout.finishCatchup(back, ROOM, read(5, 11), 10)).isEqualTo(new Catchup.Replayed(6));
        write(fanout); // offset 18: live again
        assertThat(drain(back)).containsExactlyElementsOf(offsets(6, 8, 10, 12, 14, 16, 18));
    }

    @Test
    void aReaderThatReadPastTheLogsStartGetsNoFactTwice() {
        Fanout fanout = roomWith(6); // offsets 2..12; the log keeps 8, 10, 12

        SessionOutbox back = outbox("me");
        assertThat(fanout.resumeFrom(back, at(2, 1)).get(ROOM)).isInstanceOf(Catchup.FromKafka.class);
        // The reader went on to the partition's end (offset 12), past the log's oldest fact.
        assertThat(fanout.finishCatchup(back, ROOM, read(3, 13), 12)).isEqualTo(new Catchup.Replayed(5));
        write(fanout);
        assertThat(drain(back)).containsExactlyElementsOf(offsets(4, 6, 8, 10, 12, 14));
    }

    @Test
    void whenTheLogEvictsPastWhatWasReadDuringTheCatchupTheReaderReadsOn() {
        Fanout fanout = roomWith(5); // offsets 2..10; the log keeps 6, 8, 10
        SessionOutbox back = outbox("me");
        assertThat(fanout.resumeFrom(back, at(2, 1)).get(ROOM)).isEqualTo(new Catchup.FromKafka(PARTITION, 3, 6));
        List<Fact> sofar = new ArrayList<>(read(3, 6));
        for (int i = 0; i < 3; i++) {
            write(fanout); // offsets 12..16 while reading: 6, 8 and 10 are evicted
        }

        Catchup again = fanout.finishCatchup(back, ROOM, sofar, 5);

        assertThat(again).isEqualTo(new Catchup.FromKafka(PARTITION, 6, 12));
        assertThat(back.size()).isZero();
        sofar.addAll(read(6, 12));
        assertThat(fanout.finishCatchup(back, ROOM, sofar, 11)).isEqualTo(new Catchup.Replayed(7));
        assertThat(drain(back)).containsExactlyElementsOf(offsets(4, 6, 8, 10, 12, 14, 16));
    }

    @Test
    void aNodeWithoutTheRoomCatchesUpFromKafkaUpToWhereItsFeedBegins() {
        Fanout fanout = fanout();
        writtenBeforeThisNodeCared(4); // offsets 2..8

        SessionOutbox back = outbox("me");
        assertThat(fanout.resumeFrom(back, at(2, 1)).get(ROOM)).isEqualTo(new Catchup.FromKafka(PARTITION, 3, -1));
        // The feed, newly assigned, replays from a little back: offsets 6 and 8, then 10 arrives.
        fanout.deliver(ROOM, partition.get(2));
        fanout.deliver(ROOM, partition.get(3));
        write(fanout);

        assertThat(fanout.finishCatchup(back, ROOM, read(3, 9), 8)).isEqualTo(new Catchup.Replayed(4));
        write(fanout);
        assertThat(drain(back)).containsExactlyElementsOf(offsets(4, 6, 8, 10, 12));
    }

    @Test
    void targetedFactsOfTheSessionComeInRoomOrderAndThoseOfOthersNever() {
        Fanout fanout = roomWith(5); // 2..10
        Fact mine = targeted(5, 2L, "me");
        Fact theirs = targeted(7, 3L, "other");
        SessionOutbox back = outbox("me");
        fanout.resumeFrom(back, at(2, 1));
        Fact liveMine = targeted(11, 5L, "me");
        fanout.deliver(ROOM, liveMine); // held: it comes after the missed facts

        List<Fact> read = new ArrayList<>(List.of(partition.get(1), mine, partition.get(2), theirs));
        assertThat(fanout.finishCatchup(back, ROOM, read, 7)).isInstanceOf(Catchup.Replayed.class);

        assertThat(drain(back)).containsExactlyElementsOf(offsets(4, 5, 6, 8, 10, 11));
    }

    @Test
    void anAbandonedCatchupEndsWithAFreshSnapshotAndKeepsTheSessionsHeldOutcomes() {
        Fanout fanout = roomWith(5);
        SessionOutbox back = outbox("me");
        fanout.resumeFrom(back, at(2, 1));
        fanout.deliver(ROOM, targeted(11, 5L, "me")); // held while catching up

        fanout.abandonCatchup(back, ROOM); // e.g. the gap is older than Kafka keeps
        assertThat(drain(back)).as("its command outcome is not lost").containsExactly("11");
        write(fanout); // offset 12, version 6: pending until the snapshot is in
        assertThat(back.size()).isZero();
        assertThat(fanout.join(back, ROOM, 5)).isEqualTo(new Catchup.Replayed(1));
        assertThat(drain(back)).containsExactly("12");
        assertThat(fanout.finishCatchup(back, ROOM, read(3, 99), 99)).isEqualTo(new Catchup.SnapshotNeeded());
    }

    @Test
    void aResumeWithoutPositionOrFromAnotherEpochStillNeedsASnapshot() {
        Fanout fanout = roomWith(5);

        assertThat(fanout.resume(outbox("a"), Map.of(ROOM, 2L)).get(ROOM)).isEqualTo(new Catchup.SnapshotNeeded());
        assertThat(fanout.resumeFrom(outbox("b"), Map.of(ROOM, new Fanout.ResumePoint(PARTITION + 1, 2, 1))).get(ROOM))
            .isEqualTo(new Catchup.SnapshotNeeded());
    }

    @Test
    void aResumeWithoutSeqOnANodeThatHasReadNothingOfTheRoomYetNeedsASnapshot() {
        Fanout fanout = fanout();
        writtenBeforeThisNodeCared(3); // versions 1..3
        SessionOutbox back = outbox("me");

        // It holds the snapshot of version 1 and got no DISPATCH since; this node's feed may begin after version 2.
        Catchup answer = fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(-1, -1, 1))).get(ROOM);

        assertThat(answer).as("the empty log cannot vouch for versions 2 and 3").isEqualTo(new Catchup.SnapshotNeeded());
        fanout.deliver(ROOM, partition.get(2)); // the feed began at version 3
        assertThat(back.size()).isZero();
        assertThat(fanout.join(back, ROOM, 3)).isEqualTo(new Catchup.Replayed(0));
    }

    @Test
    void aResumeWithoutSeqIsServedByALogThatAJoinAtAnOlderSnapshotAlreadyTrusted() {
        Fanout fanout = fanout();
        streaming(fanout, "other"); // joined with snapshot 0 before any fact: the stream brings every fact after it

        SessionOutbox back = outbox("me");
        assertThat(fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(-1, -1, 1))).get(ROOM))
            .isEqualTo(new Catchup.Replayed(0));
        write(fanout);
        write(fanout);
        assertThat(drain(back)).containsExactly("4");
    }

    @Test
    void factsOfVersionsBelowTheClientsAreSkippedInTheKafkaPartToo() {
        Fanout fanout = roomWith(6); // 2..12, versions 1..6
        SessionOutbox back = outbox("me");
        // Last fact processed: offset 2; but it holds a snapshot of version 3 (newer than its stream).
        fanout.resumeFrom(back, at(2, 3));

        fanout.finishCatchup(back, ROOM, read(3, 8), 7);

        assertThat(drain(back)).containsExactlyElementsOf(offsets(6, 8, 10, 12));
    }
}
