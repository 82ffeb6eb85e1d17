package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.drain;
import static io.roomcast.gateway.fanout.Fixtures.fact;
import static io.roomcast.gateway.fanout.Fixtures.joined;
import static io.roomcast.gateway.fanout.Fixtures.outbox;
import static io.roomcast.gateway.fanout.Fixtures.targeted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.gateway.fanout.Fanout.Catchup;
import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import io.roomcast.gateway.fanout.Fixtures.RecordingMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FanoutTest {
    private static final String ROOM = "room-1";

    private final ManualClock clock = new ManualClock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final PartitionInterest partitions = new PartitionInterest(room -> room.equals("room-c") ? 7 : 3);

    private Fanout fanout(RoomLog.Limits log, long lingerMs) {
        return new Fanout(new Fanout.Settings(log, lingerMs), clock, metrics, partitions);
    }

    private Fanout fanout() {
        return fanout(new RoomLog.Limits(1000, 1L << 20, 60_000), 10_000);
    }

    @Nested
    class Delivery {
        @Test
        void twoHundredSessionsReceiveEveryFactInTheSameOrder() {
            Fanout fanout = fanout();
            List<SessionOutbox> sessions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sessions.add(joined(fanout, ROOM, "s-" + i, 0));
            }
            List<String> expected = new ArrayList<>();
            for (long offset = 1; offset <= 300; offset++) {
                long position = offset * 3; // other rooms' records sit in between
                assertThat(fanout.deliver(ROOM, fact(position, offset))).isEqualTo(200);
                expected.add(Long.toString(position));
            }

            for (SessionOutbox s : sessions) {
                assertThat(drain(s)).containsExactlyElementsOf(expected);
            }
            assertThat(metrics.factsDelivered).hasValue(300);
            assertThat(metrics.framesDelivered).hasValue(300L * 200);
        }

        @Test
        void everySessionGetsTheSameEncodedFrameNotACopy() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            SessionOutbox b = joined(fanout, ROOM, "b", 0);
            Fact f = fact(1, 1L);

            fanout.deliver(ROOM, f);

            assertThat(a.poll()).isSameAs(f.frame());
            assertThat(b.poll()).isSameAs(f.frame());
        }

        @Test
        void aBroadcastFrameReachesTheRoomsStreamingSessionsBetweenItsFactsAndIsNeverReplayed() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            SessionOutbox pending = outbox("p");
            fanout.beginJoin(pending, ROOM);
            SessionOutbox elsewhere = joined(fanout, "room-2", "e", 0);

            fanout.deliver(ROOM, fact(1, 1L));
            assertThat(fanout.broadcast(ROOM, Frame.text("moved"))).isEqualTo(1);
            fanout.deliver(ROOM, fact(2, 2L));

            assertThat(drain(a)).containsExactly("1", "moved", "2");
            assertThat(drain(elsewhere)).isEmpty();
            assertThat(fanout.join(pending, ROOM, 0)).isEqualTo(new Catchup.Replayed(2));
            assertThat(drain(pending)).as("the log holds facts only").containsExactly("1", "2");
            assertThat(fanout.broadcast("no-such-room", Frame.text("moved"))).isZero();
        }

        @Test
        void aTargetedFactReachesOnlyItsSession() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            SessionOutbox b = joined(fanout, ROOM, "b", 0);

            fanout.deliver(ROOM, targeted(1, 0L, "b")); // a rejection: unchanged version
            fanout.deliver(ROOM, targeted(2, 0L, "nobody-here"));
            fanout.deliver(ROOM, fact(3, 1L));

            assertThat(drain(a)).containsExactly("3");
            assertThat(drain(b)).containsExactly("1", "3");
        }

        @Test
        void factsOfRoomsWithoutLocalSessionsAreDropped() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "a", 0);

            assertThat(fanout.deliver("room-elsewhere", fact(1, 1L))).isZero();
            assertThat(fanout.interestingRooms()).containsExactly(ROOM);
        }

        @Test
        void aRewoundConsumerCausesNoDuplicate() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            fanout.deliver(ROOM, fact(10, 1L));
            fanout.deliver(ROOM, fact(11, 2L));

            fanout.deliver(ROOM, fact(10, 1L)); // re-read after a rebalance
            fanout.deliver(ROOM, fact(11, 2L));
            fanout.deliver(ROOM, fact(12, 3L));

            assertThat(drain(a)).containsExactly("10", "11", "12");
        }
    }

    @Nested
    class SnapshotThenStream {
        @Test
        void factsArrivingWhileTheSnapshotIsFetchedAreHeldThenReleasedAfterIt() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "old-timer", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            SessionOutbox joiner = outbox("joiner");

            fanout.beginJoin(joiner, ROOM);
            fanout.deliver(ROOM, fact(2, 2L)); // in the snapshot the joiner will get
            fanout.deliver(ROOM, fact(3, 3L)); // not in it
            fanout.deliver(ROOM, fact(4, null)); // a speaking change, in no snapshot
            assertThat(joiner.size()).isZero(); // held

            assertThat(fanout.join(joiner, ROOM, 2)).isEqualTo(new Catchup.Replayed(2));
            fanout.deliver(ROOM, fact(5, 4L));

            assertThat(drain(joiner)).containsExactly("3", "4", "5");
            assertThat(metrics.joinsFromBuffer).hasValue(2);
        }

        @Test
        void aSnapshotAheadOfTheStreamSkipsTheFactsItHolds() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "old-timer", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            SessionOutbox joiner = outbox("joiner");

            // The read model already has version 3; this node has only read version 1.
            fanout.beginJoin(joiner, ROOM);
            assertThat(fanout.join(joiner, ROOM, 3)).isEqualTo(new Catchup.Replayed(0));
            fanout.deliver(ROOM, fact(2, 2L));
            fanout.deliver(ROOM, fact(3, 3L));
            fanout.deliver(ROOM, fact(4, 3L));
            fanout.deliver(ROOM, fact(5, null)); // after version 3: not in the snapshot
            fanout.deliver(ROOM, fact(6, 4L));

            assertThat(drain(joiner)).containsExactly("5", "6");
        }

        @Test
        void speakingChangesReachAJoinerOfAQuietRoom() {
            Fanout fanout = fanout();
            SessionOutbox joiner = joined(fanout, ROOM, "joiner", 0);
            fanout.deliver(ROOM, fact(1, 5L));
            SessionOutbox late = outbox("late");
            fanout.beginJoin(late, ROOM);
            fanout.join(late, ROOM, 5);

            fanout.deliver(ROOM, fact(2, null));
            fanout.deliver(ROOM, fact(3, null));

            assertThat(drain(late)).containsExactly("2", "3");
            assertThat(drain(joiner)).containsExactly("1", "2", "3");
        }

        @Test
        void aPendingSessionGetsItsCommandOutcomeAtOnce() {
            Fanout fanout = fanout();
            SessionOutbox joiner = outbox("joiner");
            fanout.beginJoin(joiner, ROOM);

            fanout.deliver(ROOM, fact(1, 4L)); // held
            fanout.deliver(ROOM, targeted(2, 4L, "joiner")); // e.g. the outcome of its join command

            assertThat(drain(joiner)).containsExactly("2");
            assertThat(fanout.join(joiner, ROOM, 4)).isEqualTo(new Catchup.Replayed(0));
            assertThat(drain(joiner)).isEmpty(); // fact 1 is in snapshot 4; fact 2 was given already
        }

        @Test
        void aSnapshotOlderThanTheBufferNeedsANewerOne() {
            Fanout fanout = fanout(new RoomLog.Limits(2, 1L << 20, 60_000), 10_000);
            joined(fanout, ROOM, "old-timer", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.deliver(ROOM, fact(2, 2L));
            fanout.deliver(ROOM, fact(3, 3L)); // evicts version 1
            SessionOutbox joiner = outbox("joiner");
            fanout.beginJoin(joiner, ROOM);

            assertThat(fanout.join(joiner, ROOM, 0)).isInstanceOf(Catchup.SnapshotNeeded.class);
            fanout.deliver(ROOM, fact(4, 4L)); // still pending: held
            assertThat(joiner.size()).isZero();
            assertThat(fanout.join(joiner, ROOM, 3)).isEqualTo(new Catchup.Replayed(1));
            fanout.deliver(ROOM, fact(5, 5L));

            assertThat(drain(joiner)).containsExactly("4", "5");
            assertThat(metrics.joinsNeedingSnapshot).hasValue(1);
        }

        @Test
        void joiningTwiceIsAnError() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);

            assertThatThrownBy(() -> fanout.join(a, ROOM, 0)).isInstanceOf(IllegalStateException.class);
        }

        /**
         * Every interleaving of: facts before beginJoin, facts while the snapshot is fetched, the
         * snapshot's version (behind, equal to or ahead of what this node read), facts after join.
         * The joiner always ends with exactly the facts after its (final) snapshot, in order.
         */
        @Test
        void noGapAndNoDuplicateInAnyInterleaving() {
            // offset, version (null: SpeakingChanged), target
            Object[][] stream = {
                {10L, 1L, null}, {13L, 1L, null}, {14L, 2L, null}, {20L, null, null}, {21L, 3L, null},
                {22L, null, null}, {23L, 3L, null}, // a speaking change amid one command's facts {30L, 3L, "other"}, {31L, null, null}, {35L, 4L, null}, {40L, 4L, "joiner"},
                {41L, 5L, null}, {45L, null, null}, {50L, 6L, null}, {51L, 6L, null}};
            List<Fact> facts = new ArrayList<>();
            for (Object[] s : stream) {
                facts.add(new Fact(Fixtures.PARTITION, (Long) s[0], (Long) s[1], (String) s[2],
                    Frame.text(s[0].toString())));
            }
            int cases = 0;
            for (int before = 0; before <= facts.size(); before++) {
                for (int during = before; during <= facts.size(); during++) {
                    for (long snapshot = 0; snapshot <= 7; snapshot++) { // behind, at or ahead of this node
                        checkInterleaving(facts, before, during, snapshot);
                        cases++;
                    }
                }
            }
            assertThat(cases).isGreaterThan(500);
        }

        private void checkInterleaving(List<Fact> facts, int before, int during, long snapshot) {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "old-timer", 0); // the room is served from the first fact on
            SessionOutbox joiner = outbox("joiner");
            for (Fact f : facts.subList(0, before)) {
                fanout.deliver(ROOM, f);
            }
            fanout.beginJoin(joiner, ROOM);
            for (Fact f : facts.subList(before, during)) {
                fanout.deliver(ROOM, f);
            }
            long version = snapshot;
            List<String> received = new ArrayList<>();
            received.addAll(drain(joiner)); // targeted facts while pending
            Catchup c = fanout.join(joiner, ROOM, version);
            if (c instanceof Catchup.SnapshotNeeded) {
                version = versionAfter(facts, during); // fetch again: the read model is at least where this node is
                c = fanout.join(joiner, ROOM, version);
            }
            assertThat(c).as("before=%d during=%d snapshot=%d", before, during, snapshot)
                .isInstanceOf(Catchup.Replayed.class);
            for (Fact f : facts.subList(during, facts.size())) {
                fanout.deliver(ROOM, f);
            }
            received.addAll(drain(joiner));

            // Outcomes of the joiner's own commands reach it at once, even while it waits for its
            // snapshot; everything else in room order.
            List<String> expected = new ArrayList<>();
            for (Fact f : facts.subList(before, during)) {
                if ("joiner".equals(f.targetSessionId())) {
                    expected.add(Long.toString(f.offset()));
                }
            }
            long seen = -1;
            for (int i = 0; i < facts.size(); i++) {
                Fact f = facts.get(i);
                boolean mineLive = "joiner".equals(f.targetSessionId()) && i >= during;
                boolean broadcastAfterSnapshot = f.targetSessionId() == null
                    && (f.roomVersion() != null ? f.roomVersion() > version : seen >= version);
                if (mineLive || broadcastAfterSnapshot) {
                    expected.add(Long.toString(f.offset()));
                }
                if (f.roomVersion() != null) {
                    seen = f.roomVersion();
                }
            }
            assertThat(received).as("before=%d during=%d snapshot=%d (final %d)", before, during, snapshot, version)
                .containsExactlyElementsOf(expected);
        }

        private static long versionAfter(List<Fact> facts, int n) {
            long v = 0;
            for (Fact f : facts.subList(0, n)) {
                if (f.roomVersion() != null) {
                    v = f.roomVersion();
                }
            }
            return v;
        }
    }

    @Nested
    class Resume {
        @Test
        void theVersionSeenIsTheNewestFactsSoAResumeIsJudgedOnAStateNoOlder() {
            Fanout fanout = fanout();
            assertThat(fanout.seenVersion(ROOM)).as("no local interest").isEqualTo(-1);
            joined(fanout, ROOM, "a", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.deliver(ROOM, fact(2, 3L));
            fanout.deliver(ROOM, targeted(3, 3L, "a"));

            assertThat(fanout.seenVersion(ROOM)).isEqualTo(3);
            assertThat(fanout.seenVersion("room-elsewhere")).isEqualTo(-1);
        }

        @Test
        void aClientThatMissedKFactsGetsExactlyThose() {
            Fanout fanout = fanout();
            SessionOutbox first = joined(fanout, ROOM, "s-1", 0);
            joined(fanout, ROOM, "s-2", 0);
            for (long o = 1; o <= 5; o++) {
                fanout.deliver(ROOM, fact(o * 2, o));
            }
            assertThat(drain(first)).containsExactly("2", "4", "6", "8", "10");
            fanout.close(first); // connection lost
            for (long o = 6; o <= 9; o++) {
                fanout.deliver(ROOM, fact(o * 2, o)); // k = 4 missed
            }

            SessionOutbox back = outbox("s-1");
            Map<String, Catchup> answer = fanout.resume(back, Map.of(ROOM, 10L));
            fanout.deliver(ROOM, fact(20, 10L));

            assertThat(answer).containsEntry(ROOM, new Catchup.Replayed(4));
            assertThat(drain(back)).containsExactly("12", "14", "16", "18", "20");
            assertThat(metrics.resumesFromBuffer).hasValue(1);
        }

        @Test
        void aClientThatReceivedNothingSinceItsSnapshotResumesFromMemory() {
            Fanout fanout = fanout(new RoomLog.Limits(3, 1L << 20, 60_000), 10_000);
            joined(fanout, ROOM, "other", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.deliver(ROOM, fact(2, 2L));
            SessionOutbox me = outbox("me");
            fanout.beginJoin(me, ROOM);
            fanout.join(me, ROOM, 4); // the read model is ahead: facts 3 and 4 are still to come here
            fanout.close(me); // before any fact reached it
            fanout.deliver(ROOM, fact(3, 3L));
            fanout.deliver(ROOM, fact(4, 4L));
            fanout.deliver(ROOM, fact(5, 5L));

            SessionOutbox back = outbox("me");
            Map<String, Catchup> answer = fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(-1, -1, 4)));

            assertThat(answer).containsEntry(ROOM, new Catchup.Replayed(1));
            assertThat(drain(back)).containsExactly("5");
        }

        @Test
        void factsOfVersionsBelowTheClientsAreNotResent() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "other", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            SessionOutbox me = outbox("me");
            fanout.beginJoin(me, ROOM);
            fanout.join(me, ROOM, 3); // the read model is at 3, this node at 1
            fanout.deliver(ROOM, targeted(2, 1L, "me")); // an outcome: processed by the client
            assertThat(drain(me)).containsExactly("2");
            fanout.close(me);
            fanout.deliver(ROOM, fact(3, 2L));
            fanout.deliver(ROOM, fact(4, 3L));

            SessionOutbox back = outbox("me");
            fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(Fixtures.PARTITION, 2, 3)));
            fanout.deliver(ROOM, fact(5, 3L)); // the rest of command 3 — also in the snapshot
            fanout.deliver(ROOM, fact(6, 4L));

            // Facts of version 3 may be partial for a client at version 3, so they are resent; the
            // client skips what its snapshot holds (room-events.avsc, roomVersion).
            assertThat(drain(back)).containsExactly("4", "5", "6");
        }

        @Test
        void aResumeFromAnotherEpochNeedsASnapshot() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "other", 0);
            fanout.deliver(ROOM, fact(10, 1L));

            Map<String, Catchup> answer = fanout.resumeFrom(outbox("me"),
                Map.of(ROOM, new Fanout.ResumePoint(Fixtures.PARTITION + 1, 10, 1)));

            assertThat(answer).containsEntry(ROOM, new Catchup.SnapshotNeeded());
        }

        @Test
        void aGapOlderThanTheBufferNeedsASnapshotThenStreams() {
            Fanout fanout = fanout(new RoomLog.Limits(3, 1L << 20, 60_000), 10_000);
            SessionOutbox first = joined(fanout, ROOM, "s-1", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            drain(first);
            fanout.close(first);
            for (long o = 2; o <= 6; o++) {
                fanout.deliver(ROOM, fact(o, o)); // more than the buffer holds
            }

            SessionOutbox back = outbox("s-1");
            assertThat(fanout.resume(back, Map.of(ROOM, 1L))).containsEntry(ROOM, new Catchup.SnapshotNeeded());
            assertThat(back.size()).isZero();
            fanout.deliver(ROOM, fact(7, 7L)); // held while the snapshot is fetched
            assertThat(fanout.join(back, ROOM, 6)).isEqualTo(new Catchup.Replayed(1));

            assertThat(drain(back)).containsExactly("7");
            assertThat(metrics.resumesNeedingSnapshot).hasValue(1);
        }

        @Test
        void aResumeOlderThanTheBufferByAgeNeedsASnapshot() {
            Fanout fanout = fanout(new RoomLog.Limits(1000, 1L << 20, 30_000), 60_000);
            SessionOutbox first = joined(fanout, ROOM, "s-1", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.close(first);
            clock.advance(20_000);
            fanout.deliver(ROOM, fact(2, 2L));
            clock.advance(20_000); // fact 1 is now 40 s old

            assertThat(fanout.resume(outbox("s-1"), Map.of(ROOM, 0L)))
                .containsEntry(ROOM, new Catchup.SnapshotNeeded());
            assertThat(fanout.resume(outbox("s-1"), Map.of(ROOM, 1L)))
                .containsEntry(ROOM, new Catchup.Replayed(1));
        }

        @Test
        void replaysTargetedFactsOnlyToTheirSession() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "other", 0);
            SessionOutbox me = joined(fanout, ROOM, "me", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.close(me);
            fanout.deliver(ROOM, targeted(2, 1L, "other"));
            fanout.deliver(ROOM, targeted(3, 1L, "me"));
            fanout.deliver(ROOM, fact(4, 2L));

            SessionOutbox back = outbox("me");
            fanout.resume(back, Map.of(ROOM, 1L));

            assertThat(drain(back)).containsExactly("3", "4");
        }

        @Test
        void aClientAheadOfThisNodeGetsNoFactTwice() {
            Fanout fanout = fanout();
            joined(fanout, ROOM, "other", 0);
            fanout.deliver(ROOM, fact(10, 1L));

            // The client was on a node that had already read offsets 11 and 12.
            SessionOutbox back = outbox("me");
            assertThat(fanout.resume(back, Map.of(ROOM, 12L))).containsEntry(ROOM, new Catchup.Replayed(0));
            fanout.deliver(ROOM, fact(11, 2L));
            fanout.deliver(ROOM, fact(12, 3L));
            fanout.deliver(ROOM, fact(13, 4L));

            assertThat(drain(back)).containsExactly("13");
        }

        @Test
        void severalRoomsAreAnsweredEachOnItsOwn() {
            Fanout fanout = fanout();
            SessionOutbox me = joined(fanout, ROOM, "me", 0);
            fanout.beginJoin(me, "room-b");
            fanout.join(me, "room-b", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.deliver("room-b", fact(2, 1L));
            fanout.close(me);
            fanout.deliver(ROOM, fact(3, 2L));
            fanout.deliver("room-b", fact(4, 2L));

            SessionOutbox back = outbox("me");
            Map<String, Long> last = new LinkedHashMap<>();
            last.put(ROOM, 1L);
            last.put("room-b", 2L);
            last.put("room-c", 99L); // never served here

            assertThat(fanout.resume(back, last)).containsExactly(
                Map.entry(ROOM, new Catchup.Replayed(1)),
                Map.entry("room-b", new Catchup.Replayed(1)),
                Map.entry("room-c", new Catchup.SnapshotNeeded()));
            assertThat(drain(back)).containsExactly("3", "4");
        }

        @Test
        void aResumingConnectionTakesOverTheSessionFromItsZombie() {
            Fanout fanout = fanout();
            SessionOutbox zombie = joined(fanout, ROOM, "me", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            drain(zombie);

            SessionOutbox back = outbox("me");
            fanout.resume(back, Map.of(ROOM, 1L));
            fanout.deliver(ROOM, fact(2, 2L));

            assertThat(zombie.isClosed()).isTrue();
            assertThat(drain(zombie)).isEmpty();
            assertThat(drain(back)).containsExactly("2");
            assertThat(fanout.sessionsIn(ROOM)).isEqualTo(1);
            assertThat(fanout.sessionCount()).isEqualTo(1);
        }

        @Test
        void aReplayLargerThanTheOutboxIsAnsweredWithASnapshot() {
            Fanout fanout = fanout();
            SessionOutbox first = joined(fanout, ROOM, "me", 0);
            fanout.close(first);
            joined(fanout, ROOM, "other", 0);
            for (long o = 1; o <= 20; o++) {
                fanout.deliver(ROOM, fact(o, o));
            }

            SessionOutbox small = new SessionOutbox("me", "user-me", new SessionOutbox.Limits(10, 1 << 20),
                SessionOutbox.NO_LISTENER);
            assertThat(fanout.resume(small, Map.of(ROOM, 5L))).containsEntry(ROOM, new Catchup.SnapshotNeeded());
            assertThat(small.isSlow()).isFalse();
            assertThat(fanout.join(small, ROOM, 20)).isEqualTo(new Catchup.Replayed(0));
        }
    }

    @Nested
    class Backpressure {
        @Test
        void aSlowSessionIsDroppedWhileTheOthersGetEverythingAndMemoryStaysBounded() {
            Fanout fanout = fanout();
            SessionOutbox.Limits limits = new SessionOutbox.Limits(8, 64);
            List<String> slowClosed = new ArrayList<>();
            SessionOutbox slow = new SessionOutbox("slow", "user-slow", limits, new SessionOutbox.Listener() {
                @Override
                public void onSlow(SessionOutbox outbox) {
                    slowClosed.add(outbox.sessionId());
                }
            });
            fanout.beginJoin(slow, ROOM);
            fanout.join(slow, ROOM, 0);
            List<SessionOutbox> fast = new ArrayList<>();
            List<List<String>> received = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                SessionOutbox out = new SessionOutbox("fast-" + i, "user-fast-" + i, limits, SessionOutbox.NO_LISTENER);
                fanout.beginJoin(out, ROOM);
                fanout.join(out, ROOM, 0);
                fast.add(out);
                received.add(new ArrayList<>());
            }

            for (long o = 1; o <= 1000; o++) {
                fanout.deliver(ROOM, fact(o, o));
                assertThat(slow.size()).isLessThanOrEqualTo(8);
                assertThat(slow.bytes()).isLessThanOrEqualTo(64);
                for (int i = 0; i < fast.size(); i++) {
                    received.get(i).addAll(drain(fast.get(i))); // the fast writers keep up
                }
            }

            assertThat(slow.isSlow()).isTrue();
            assertThat(slow.size()).isZero();
            assertThat(slowClosed).containsExactly("slow");
            assertThat(metrics.slowDropped).containsExactly(Map.entry("slow", 1));
            assertThat(fanout.sessionsIn(ROOM)).isEqualTo(50);
            for (List<String> r : received) {
                assertThat(r).hasSize(1000).first().isEqualTo("1");
                assertThat(r).last().isEqualTo("1000");
            }
        }

        @Test
        void aDroppedSlowSessionCanResumeWithANewConnection() {
            Fanout fanout = fanout();
            SessionOutbox slow = new SessionOutbox("me", "user-me", new SessionOutbox.Limits(2, 1 << 20), SessionOutbox.NO_LISTENER);
            fanout.beginJoin(slow, ROOM);
            fanout.join(slow, ROOM, 0);
            fanout.deliver(ROOM, fact(1, 1L));
            assertThat(drain(slow)).containsExactly("1");
            for (long o = 2; o <= 5; o++) {
                fanout.deliver(ROOM, fact(o, o)); // overflows at 4
            }
            assertThat(slow.isSlow()).isTrue();
            fanout.close(slow); // the adapter closed it with the slow-consumer close code

            SessionOutbox back = outbox("me");
            assertThat(fanout.resume(back, Map.of(ROOM, 1L))).containsEntry(ROOM, new Catchup.Replayed(4));
            assertThat(drain(back)).containsExactly("2", "3", "4", "5");
        }
    }

    @Nested
    class Membership {
        @Test
        void aSessionThatLeftGetsNothingMore() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            SessionOutbox b = joined(fanout, ROOM, "b", 0);
            fanout.deliver(ROOM, fact(1, 1L));
            fanout.leave(a, ROOM);
            fanout.deliver(ROOM, fact(2, 2L));

            assertThat(drain(a)).containsExactly("1");
            assertThat(drain(b)).containsExactly("1", "2");
            assertThat(fanout.sessionsIn(ROOM)).isEqualTo(1);
        }

        @Test
        void closeRemovesTheSessionFromEveryRoom() {
            Fanout fanout = fanout();
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            fanout.beginJoin(a, "room-b");
            fanout.join(a, "room-b", 0);

            fanout.close(a);

            assertThat(fanout.sessionsIn(ROOM)).isZero();
            assertThat(fanout.sessionsIn("room-b")).isZero();
            assertThat(fanout.sessionCount()).isZero();
            assertThat(fanout.deliver(ROOM, fact(1, 1L))).isZero();
        }

        @Test
        void anEmptyRoomLingersThenIsForgotten() {
            Fanout fanout = fanout(RoomLog.Limits.DEFAULT, 10_000);
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            fanout.leave(a, ROOM);
            clock.advance(9_999);
            assertThat(fanout.expireIdleRooms()).isZero();
            assertThat(fanout.interestingRooms()).containsExactly(ROOM);

            clock.advance(1);
            assertThat(fanout.expireIdleRooms()).isEqualTo(1);
            assertThat(fanout.interestingRooms()).isEmpty();
        }

        @Test
        void aRoomThatGetsASessionAgainWhileLingeringStays() {
            Fanout fanout = fanout(RoomLog.Limits.DEFAULT, 10_000);
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            fanout.leave(a, ROOM);
            clock.advance(5_000);
            joined(fanout, ROOM, "b", 0);
            clock.advance(60_000);

            assertThat(fanout.expireIdleRooms()).isZero();
            assertThat(fanout.interestingRooms()).containsExactly(ROOM);
        }

        @Test
        void withoutLingerTheLastLeaveForgetsTheRoom() {
            Fanout fanout = fanout(RoomLog.Limits.DEFAULT, 0);
            SessionOutbox a = joined(fanout, ROOM, "a", 0);
            fanout.leave(a, ROOM);

            assertThat(fanout.interestingRooms()).isEmpty();
        }
    }

    @Nested
    class Interest {
        @Test
        void onlyPartitionsOfRoomsWithLocalSessionsAreAssigned() {
            Fanout fanout = fanout(RoomLog.Limits.DEFAULT, 0);
            SessionOutbox a = outbox("a");
            fanout.beginJoin(a, "room-a"); // partition 3
            fanout.beginJoin(a, "room-b"); // partition 3
            fanout.beginJoin(a, "room-c"); // partition 7
            assertThat(partitions.drainChanges()).isEqualTo(new PartitionInterest.Changes(java.util.Set.of(3, 7),
                java.util.Set.of()));

            fanout.leave(a, "room-a");
            assertThat(partitions.drainChanges().isEmpty()).isTrue(); // room-b still needs partition 3

            fanout.leave(a, "room-c");
            fanout.close(a);
            assertThat(partitions.drainChanges()).isEqualTo(new PartitionInterest.Changes(java.util.Set.of(),
                java.util.Set.of(3, 7)));
            assertThat(partitions.partitions()).isEmpty();
        }
    }
}
