package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.drain;
import static io.roomcast.gateway.fanout.Fixtures.fact;
import static io.roomcast.gateway.fanout.Fixtures.joined;
import static io.roomcast.gateway.fanout.Fixtures.outbox;
import static io.roomcast.gateway.fanout.Fixtures.targeted;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.gateway.fanout.Fanout.Catchup;
import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Join decisions and subscriptions that follow membership (docs/protocol.md, "Joining a room" and
 * "Subscriptions"): a join is answered from the fact that decides it, never from a snapshot; a session
 * gets the fact that removes its user from a room, then nothing more of that room.
 */
class FanoutMembershipTest {
    private static final String ROOM = "room-1";

    private final Fanout fanout = new Fanout(new Fanout.Settings(new RoomLog.Limits(1000, 1L << 20, 60_000), 10_000),
        new ManualClock(), FanoutMetrics.NONE, new PartitionInterest(room -> 3));

    @Nested
    class JoinDecisions {
        @Test
        void theAppliedFactIsHandedToTheJoinerNotQueued_othersGetItAsUsual() {
            SessionOutbox other = joined(fanout, ROOM, "other", 4);
            SessionOutbox joiner = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            assertThat(fanout.awaitDecision(joiner, ROOM, "n-1", decisions::add)).isTrue();

            Fact joinedFact = fact(10, 5L).deciding("user-j", "n-1");
            fanout.deliver(ROOM, joinedFact);

            assertThat(decisions).containsExactly(joinedFact);
            assertThat(drain(joiner)).isEmpty();
            assertThat(drain(other)).containsExactly("10");
        }

        @Test
        void aTargetedRejectionIsHandedToTheJoinerNotQueued() {
            SessionOutbox joiner = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(joiner, ROOM, "n-1", decisions::add);

            Fact rejected = targeted(10, 4L, "j").deciding("user-j", "n-1");
            fanout.deliver(ROOM, rejected);

            assertThat(decisions).containsExactly(rejected);
            assertThat(drain(joiner)).isEmpty();
        }

        @Test
        void theSameNonceFromAnotherUserOrAnotherNonceDecidesNothing() {
            SessionOutbox joiner = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(joiner, ROOM, "n-1", decisions::add);

            fanout.deliver(ROOM, fact(10, 5L).deciding("user-mallory", "n-1"));
            fanout.deliver(ROOM, fact(11, 6L).deciding("user-j", "n-2"));
            fanout.deliver(ROOM, fact(12, 7L));

            assertThat(decisions).isEmpty();
            assertThat(fanout.cancelDecision(joiner, ROOM, "n-1")).as("still undecided").isTrue();
        }

        @Test
        void aDecisionIsHandedOverOnce_andAReDeliveredFactDoesNotDecideAgain() {
            SessionOutbox joiner = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(joiner, ROOM, "n-1", decisions::add);
            Fact decision = fact(10, 5L).deciding("user-j", "n-1");

            fanout.deliver(ROOM, decision);
            fanout.deliver(ROOM, decision);

            assertThat(decisions).hasSize(1);
            assertThat(fanout.cancelDecision(joiner, ROOM, "n-1")).as("decided: nothing to cancel").isFalse();
        }

        @Test
        void aCancelledJoinLeavesTheRoom_aLateDecisionIsIgnored() {
            SessionOutbox joiner = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(joiner, ROOM, "n-1", decisions::add);

            assertThat(fanout.cancelDecision(joiner, ROOM, "n-1")).isTrue();
            fanout.deliver(ROOM, fact(10, 5L).deciding("user-j", "n-1"));

            assertThat(decisions).isEmpty();
            assertThat(fanout.sessionsIn(ROOM)).isZero();
        }

        @Test
        void aCommandSentWhileItsSessionResumesTheRoom_isDecidedInTheStream_whichGoesOn() {
            // The session RESUMEs here (its node died) and sends a command before the resume is authorized.
            joined(fanout, ROOM, "other", 4);
            fanout.deliver(ROOM, fact(10, 5L));
            SessionOutbox back = outbox("j");
            List<Fact> decisions = new ArrayList<>();
            assertThat(fanout.awaitDecision(back, ROOM, "n-1", decisions::add)).isTrue();
            assertThat(fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(Fixtures.PARTITION, 10, 5))).get(ROOM))
                .isEqualTo(new Catchup.Replayed(0));

            fanout.deliver(ROOM, targeted(12, 5L, "j").deciding("user-j", "n-1"));
            fanout.deliver(ROOM, fact(14, 6L));

            assertThat(decisions).as("not handed over as to a joiner (a second SNAPSHOT, or a leave)").isEmpty();
            assertThat(drain(back)).containsExactly("12", "14");
            assertThat(fanout.cancelDecision(back, ROOM, "n-1")).isFalse();
            fanout.deliver(ROOM, fact(16, 7L));
            assertThat(drain(back)).containsExactly("16");
        }

        @Test
        void aCommandUndecidedWhenItsSessionResumedTheRoom_isForgottenAndTheStreamGoesOn() {
            joined(fanout, ROOM, "other", 4);
            fanout.deliver(ROOM, fact(10, 5L));
            SessionOutbox back = outbox("j");
            fanout.awaitDecision(back, ROOM, "n-1", decision -> { });
            assertThat(fanout.resumeFrom(back, Map.of(ROOM, new Fanout.ResumePoint(Fixtures.PARTITION, 10, 5))).get(ROOM))
                .isEqualTo(new Catchup.Replayed(0));

            assertThat(fanout.cancelDecision(back, ROOM, "n-1")).as("the client is not told: it streams").isFalse();
            fanout.deliver(ROOM, fact(12, 6L));
            assertThat(drain(back)).containsExactly("12");
        }

        @Test
        void aSessionAlreadyStreamingTheRoomDoesNotAwait_itsRejectionArrivesAsATargetedFact() {
            SessionOutbox host = joined(fanout, ROOM, "host", 1);
            List<Fact> decisions = new ArrayList<>();

            assertThat(fanout.awaitDecision(host, ROOM, "n-1", decisions::add)).isFalse();
            fanout.deliver(ROOM, targeted(10, 1L, "host").deciding("user-host", "n-1"));

            assertThat(decisions).isEmpty();
            assertThat(drain(host)).containsExactly("10");
        }

        @Test
        void aBannedUsersJoinSentBeforeItsNodeSawTheBan_isAnsweredAfterTheSessionStopsStreaming() {
            // The ban is decided; this node has not delivered it yet when the banned user's session sends a join.
            SessionOutbox banned = joined(fanout, ROOM, "b", 1);
            List<Fact> decisions = new ArrayList<>();
            assertThat(fanout.awaitDecision(banned, ROOM, "rejoin", decisions::add)).isFalse();

            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Left("user-b")));   // participant_left (banned)
            fanout.deliver(ROOM, fact(11, 3L));                                                // room_updated
            Fact refused = targeted(12, 3L, "b").deciding("user-b", "rejoin");                // rejected: banned
            fanout.deliver(ROOM, refused);

            assertThat(drain(banned)).as("its last fact of the room is its removal").containsExactly("10");
            assertThat(decisions).containsExactly(refused);
            assertThat(fanout.cancelDecision(banned, ROOM, "rejoin")).as("decided: nothing to cancel").isFalse();
        }

        @Test
        void aCommandOfARemovedSessionNeverDecided_isCancelledAndTheSessionLeaves() {
            SessionOutbox kicked = joined(fanout, ROOM, "k", 1);
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(kicked, ROOM, "rejoin", decisions::add);
            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Left("user-k")));

            assertThat(fanout.sessionsIn(ROOM)).as("pending for its decision").isEqualTo(1);
            assertThat(fanout.cancelDecision(kicked, ROOM, "rejoin")).as("the client is told").isTrue();
            fanout.deliver(ROOM, targeted(11, 2L, "k").deciding("user-k", "rejoin"));

            assertThat(decisions).isEmpty();
            assertThat(fanout.sessionsIn(ROOM)).isZero();
        }

        @Test
        void aStreamingSessionsDecidedCommandIsForgotten_itsTimeoutChangesNothing() {
            SessionOutbox host = joined(fanout, ROOM, "host", 1);
            List<Fact> decisions = new ArrayList<>();
            fanout.awaitDecision(host, ROOM, "n-1", decisions::add);
            fanout.awaitDecision(host, ROOM, "n-2", decisions::add);
            fanout.deliver(ROOM, fact(10, 2L).deciding("user-host", "n-1"));

            assertThat(fanout.cancelDecision(host, ROOM, "n-1")).isFalse();
            assertThat(fanout.cancelDecision(host, ROOM, "n-2")).as("undecided, but it streams on").isFalse();
            fanout.deliver(ROOM, fact(11, 3L).removing(new Fact.Membership.Left("user-host")));

            assertThat(drain(host)).containsExactly("10", "11");
            assertThat(decisions).isEmpty();
            assertThat(fanout.sessionsIn(ROOM)).as("nothing left undecided: it leaves").isZero();
        }
    }

    @Nested
    class Subscriptions {
        @Test
        void aKickedUsersSessionsGetTheKickThenNothingMore_othersGoOn() {
            SessionOutbox kicked = joined(fanout, ROOM, "k", 1);
            SessionOutbox anotherUser = joined(fanout, ROOM, "k2", 1);
            SessionOutbox stays = joined(fanout, ROOM, "s", 1);
            Fact.Membership leftK = new Fact.Membership.Left("user-k");

            fanout.deliver(ROOM, fact(10, 2L));                        // participant_kicked
            fanout.deliver(ROOM, fact(11, 2L).removing(leftK));        // participant_left (kicked)
            fanout.deliver(ROOM, fact(12, 3L));                        // room_updated

            assertThat(drain(kicked)).containsExactly("10", "11");
            assertThat(drain(stays)).containsExactly("10", "11", "12");
            assertThat(drain(anotherUser)).containsExactly("10", "11", "12");
        }

        @Test
        void everySessionOfTheLeavingUserStops() {
            SessionOutbox phone = outbox("phone");
            SessionOutbox laptop = new SessionOutbox("laptop", "user-phone", new SessionOutbox.Limits(1000, 1 << 20),
                SessionOutbox.NO_LISTENER);
            for (SessionOutbox s : List.of(phone, laptop)) {
                fanout.beginJoin(s, ROOM);
                fanout.join(s, ROOM, 1);
            }

            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Left("user-phone")));
            fanout.deliver(ROOM, fact(11, 3L));

            assertThat(drain(phone)).containsExactly("10");
            assertThat(drain(laptop)).containsExactly("10");
            assertThat(fanout.sessionsIn(ROOM)).isZero();
        }

        @Test
        void theRoomsEndIsTheLastFactAnyoneGets() {
            SessionOutbox a = joined(fanout, ROOM, "a", 1);
            SessionOutbox b = joined(fanout, ROOM, "b", 1);

            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Ended()));
            fanout.deliver(ROOM, fact(11, 3L));

            assertThat(drain(a)).containsExactly("10");
            assertThat(drain(b)).containsExactly("10");
        }

        @Test
        void aPendingJoinerIsNotRemovedByAnotherSessionsLeave() {
            SessionOutbox joiner = outbox("j");
            fanout.awaitDecision(joiner, ROOM, "n-1", f -> { });

            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Left("user-j")));

            assertThat(fanout.sessionsIn(ROOM)).as("its decision and snapshot decide").isEqualTo(1);
        }

        @Test
        void aKickedUserJoiningAgainStartsWithASnapshotAgain() {
            SessionOutbox s = joined(fanout, ROOM, "k", 1);
            fanout.deliver(ROOM, fact(10, 2L).removing(new Fact.Membership.Left("user-k")));
            drain(s);

            List<Fact> decisions = new ArrayList<>();
            assertThat(fanout.awaitDecision(s, ROOM, "n-2", decisions::add)).as("pending again, not streaming").isTrue();
            fanout.deliver(ROOM, fact(11, 3L).deciding("user-k", "n-2"));
            assertThat(decisions).hasSize(1);
            assertThat(fanout.join(s, ROOM, 3)).isEqualTo(new Catchup.Replayed(0));
            fanout.deliver(ROOM, fact(12, 4L));

            assertThat(drain(s)).containsExactly("12");
        }

        @Test
        void aResumeWhoseMissedFactsRemoveTheUserGetsThemThenNothingMore() {
            SessionOutbox before = joined(fanout, ROOM, "r", 1);
            fanout.deliver(ROOM, fact(10, 2L));
            drain(before);
            fanout.close(before);
            fanout.deliver(ROOM, fact(11, 3L).removing(new Fact.Membership.Left("user-r")));

            SessionOutbox after = outbox("r");
            Map<String, Catchup> answer = fanout.resumeFrom(after, Map.of(ROOM, new Fanout.ResumePoint(3, 10, 2)));
            fanout.deliver(ROOM, fact(12, 4L));

            assertThat(answer.get(ROOM)).isEqualTo(new Catchup.Replayed(1));
            assertThat(drain(after)).containsExactly("11");
        }
    }
}
