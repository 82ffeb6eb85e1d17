package io.roomcast.roomstate.core;

import static io.roomcast.roomstate.core.Commands.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Presence of one user: joins, heartbeats, switches and the missed-heartbeat deadline. */
class PresenceRulesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    private final PresenceRules rules = new PresenceRules(DEADLINE);

    private static PresenceHeartbeat heartbeat(String roomId, Instant at) {
        return PresenceHeartbeat.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes(("beat/" + at.toEpochMilli()).getBytes()))
            .setOccurredAt(at)
            .setUserId("ann")
            .setRoomId(roomId)
            .setSessionId("session-ann")
            .setClientTime(at.minusMillis(120))
            .setGatewayNode("gw-1")
            .build();
    }

    @Test
    void aJoinStartsTheClockInThatRoom() {
        PresenceRules.Outcome joined = rules.joined(null, "ann", "r1", T0);

        assertThat(joined.command()).isNull();
        assertThat(joined.entry().getUserId()).isEqualTo("ann");
        assertThat(joined.entry().getRoomId()).isEqualTo("r1");
        assertThat(joined.entry().getOccurredAt()).isEqualTo(T0);
    }

    /**
     * RoomStateServiceIT on a loaded machine: the join reached presence (repartition topic, after the
     * room's transaction) more than the deadline after it was decided, the heartbeats sent meanwhile had
     * been ignored (no known room yet), and the first check timed the user out at once.
     */
    @Test
    void aJoinLearnedLateCountsAsSeenWhenLearned() {
        Instant learned = T0.plus(DEADLINE).plusSeconds(5);

        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0, learned).entry();

        assertThat(entry.getOccurredAt()).isEqualTo(learned);
        assertThat(rules.check(entry, learned.plus(DEADLINE).minusMillis(1)).command()).isNull();
        assertThat(rules.check(entry, learned.plus(DEADLINE)).command().getCommand())
            .isInstanceOfSatisfying(LeaveRoom.class, leave -> assertThat(leave.getReason()).isEqualTo(LeaveReason.TIMEOUT));
        assertThat(rules.joined(null, "ann", "r1", T0, T0.minusSeconds(1)).entry().getOccurredAt())
            .as("a wall clock behind the decision").isEqualTo(T0);
    }

    @Test
    void joiningAnotherRoomLeavesTheFirst() {
        PresenceHeartbeat inA = rules.heartbeat(rules.joined(null, "ann", "room-a", T0).entry(),
            heartbeat("room-a", T0.plusSeconds(10))).entry();
        Instant joinedB = T0.plusSeconds(20);

        PresenceRules.Outcome switched = rules.joined(inA, "ann", "room-b", joinedB);

        RoomCommand leave = switched.command();
        assertThat(leave.getRoomId()).isEqualTo("room-a");
        assertThat(leave.getUserId()).isEqualTo("ann");
        assertThat(leave.getCommand()).isEqualTo(new LeaveRoom(LeaveReason.SWITCHED_ROOM));
        assertThat(leave.getSessionId()).isNull();
        assertThat(leave.getOccurredAt()).isEqualTo(joinedB);
        assertThat(switched.entry().getRoomId()).isEqualTo("room-b");
        assertThat(switched.entry().getOccurredAt()).isEqualTo(joinedB);
        assertThat(switched.entry().getSessionId()).isEqualTo("session-ann");
        assertThat(switched.entry().getGatewayNode()).isEqualTo("gw-1");
    }

    /**
     * Membership facts of different rooms reach presence through a repartition by user, so a user who
     * joins room A and quickly switches to room B can have B's join processed before A's. The late,
     * older join of A must not pull the user back to A by sending B a SWITCHED_ROOM leave: the user
     * is in B now, and A is the room to leave.
     */
    @Test
    void aLateJoinFactOfAnEarlierRoomDoesNotPullTheUserBack() {
        Instant joinedA = T0;
        Instant joinedB = T0.plusMillis(800);
        PresenceHeartbeat inB = rules.joined(null, "ann", "room-b", joinedB).entry();

        PresenceRules.Outcome late = rules.joined(inB, "ann", "room-a", joinedA);

        assertThat(late.entry().getRoomId()).as("the room presence keeps the user in").isEqualTo("room-b");
        assertThat(late.command()).isNotNull();
        assertThat(late.command().getRoomId()).as("the room the user is sent a SWITCHED_ROOM leave for")
            .isEqualTo("room-a");
    }

    @Test
    void rejoiningTheSameRoomLeavesNothing() {
        PresenceHeartbeat inA = rules.joined(null, "ann", "room-a", T0).entry();

        PresenceRules.Outcome again = rules.joined(inA, "ann", "room-a", T0.plusSeconds(30));

        assertThat(again.command()).isNull();
        assertThat(again.entry().getOccurredAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void leavingTheKnownRoomForgetsTheUser() {
        PresenceHeartbeat inA = rules.joined(null, "ann", "room-a", T0).entry();

        assertThat(rules.left(inA, "room-a")).isEqualTo(new PresenceRules.Outcome(null, null));
    }

    @Test
    void aLateLeaveOfAnOldRoomKeepsTheNewOne() {
        PresenceHeartbeat inB = rules.joined(rules.joined(null, "ann", "room-a", T0).entry(), "ann", "room-b",
            T0.plusSeconds(5)).entry();

        PresenceRules.Outcome left = rules.left(inB, "room-a");

        assertThat(left.entry()).isSameAs(inB);
        assertThat(left.command()).isNull();
    }

    @Test
    void heartbeatsInTimeKeepTheUserInWithoutChurn() {
        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0).entry();
        for (int second = 15; second <= 300; second += 15) {
            Instant at = T0.plusSeconds(second);
            PresenceRules.Outcome beat = rules.heartbeat(entry, heartbeat("r1", at));
            assertThat(beat.command()).isNull();
            entry = beat.entry();
            PresenceRules.Outcome check = rules.check(entry, at.plusSeconds(14));
            assertThat(check.command()).as("check %d s after join", second + 14).isNull();
            assertThat(check.entry()).isSameAs(entry);
        }
        assertThat(entry.getOccurredAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(entry.getRoomId()).isEqualTo("r1");
    }

    @Test
    void aUserNotSeenForTheDeadlineLeavesWithTimeout() {
        PresenceHeartbeat entry = rules.heartbeat(rules.joined(null, "ann", "r1", T0).entry(),
            heartbeat("r1", T0.plusSeconds(15))).entry();
        Instant lastSeen = T0.plusSeconds(15);

        PresenceRules.Outcome early = rules.check(entry, lastSeen.plus(DEADLINE).minusMillis(1));
        assertThat(early.command()).isNull();
        assertThat(early.entry()).isSameAs(entry);

        Instant due = lastSeen.plus(DEADLINE);
        PresenceRules.Outcome expired = rules.check(entry, due);
        assertThat(expired.entry()).isNull();
        RoomCommand leave = expired.command();
        assertThat(leave.getRoomId()).isEqualTo("r1");
        assertThat(leave.getUserId()).isEqualTo("ann");
        assertThat(leave.getCommand()).isEqualTo(new LeaveRoom(LeaveReason.TIMEOUT));
        assertThat(leave.getOccurredAt()).isEqualTo(due);
    }

    @Test
    void theSameExpiryIssuesTheSameLeaveSoItIsDeduplicated() {
        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0).entry();

        RoomCommand first = rules.check(entry, T0.plusSeconds(50)).command();
        RoomCommand later = rules.check(entry, T0.plusSeconds(55)).command();

        assertThat(later.getNonce()).isEqualTo(first.getNonce());
        assertThat(later.getEventId()).isEqualTo(first.getEventId());
    }

    @Test
    void differentExpiriesAreDifferentCommands() {
        RoomCommand first = rules.check(rules.joined(null, "ann", "r1", T0).entry(), T0.plusSeconds(50)).command();
        RoomCommand second = rules.check(rules.joined(null, "ann", "r1", T0.plusSeconds(60)).entry(),
            T0.plusSeconds(110)).command();

        assertThat(second.getNonce()).isNotEqualTo(first.getNonce());
        assertThat(second.getEventId()).isNotEqualTo(first.getEventId());
    }

    @Test
    void anOldHeartbeatDoesNotTurnTheClockBack() {
        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0.plusSeconds(30)).entry();

        PresenceHeartbeat after = rules.heartbeat(entry, heartbeat("r1", T0.plusSeconds(10))).entry();

        assertThat(after.getOccurredAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(rules.check(after, T0.plusSeconds(70)).command()).isNull();
    }

    @Test
    void aHeartbeatNamingNoRoomStillCounts() {
        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0).entry();

        PresenceHeartbeat after = rules.heartbeat(entry, heartbeat(null, T0.plusSeconds(40))).entry();

        assertThat(after.getRoomId()).isEqualTo("r1");
        assertThat(after.getOccurredAt()).isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void aHeartbeatAboutAnotherRoomDoesNotCount() {
        PresenceHeartbeat entry = rules.joined(null, "ann", "r1", T0).entry();

        PresenceRules.Outcome other = rules.heartbeat(entry, heartbeat("r2", T0.plusSeconds(40)));

        assertThat(other.entry()).isSameAs(entry);
        assertThat(rules.check(other.entry(), T0.plus(DEADLINE)).command()).isNotNull();
    }

    @Test
    void heartbeatsOfAUserInNoRoomAreIgnored() {
        PresenceRules.Outcome beat = rules.heartbeat(null, heartbeat("r1", T0));

        assertThat(beat.entry()).isNull();
        assertThat(beat.command()).isNull();
    }
}
