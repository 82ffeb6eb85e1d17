package io.roomcast.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.CreateRoom;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.RoomCommand;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void setupCreatesEveryRoomThenJoinsItsListeners() {
        Workload workload = new Workload("run1", 3, 4, 0.05, 42);

        List<Workload.Planned> setup = workload.setup();

        assertThat(setup).hasSize(12).noneMatch(Workload.Planned::expectRejected);
        assertThat(setup.subList(0, 3)).allMatch(p -> p.command().getCommand() instanceof CreateRoom);
        assertThat(setup.subList(3, 12)).allMatch(p -> p.command().getCommand() instanceof JoinRoom);
        assertThat(setup.getFirst().command().getUserId()).isEqualTo("run1-r0-u0");
        assertThat(setup.getFirst().command().getRoomId()).isEqualTo("run1-room-0");
        assertThat(workload.seat(2, 3)).isEqualTo(Workload.Seat.LISTENER);
    }

    @Test
    void mixesCommandTypesAndRejectsAboutTheChosenShare() {
        Workload workload = new Workload("run1", 100, 8, 0.1, 7);
        workload.setup();
        Set<String> types = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        int rejected = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Workload.Planned planned = workload.next();
            RoomCommand command = planned.command();
            types.add(command.getCommand().getClass().getSimpleName());
            ids.add(command.getEventId().toString());
            nonces.add(command.getUserId() + "|" + command.getNonce());
            rejected += planned.expectRejected() ? 1 : 0;
        }

        assertThat(types).contains("RaiseHand", "LowerHand", "AcceptHand", "DenyHand", "InviteSpeaker", "AcceptInvite",
            "DeclineInvite", "Mute", "Unmute", "Demote", "LeaveRoom", "JoinRoom");
        assertThat(ids).hasSize(n);
        assertThat(nonces).hasSize(n);
        assertThat(rejected / (double) n).isBetween(0.09, 0.11);
    }

    @Test
    void theModeratorIsNeverMoved() {
        Workload workload = new Workload("run1", 5, 3, 0.2, 1);
        workload.setup();
        for (int i = 0; i < 10_000; i++) {
            workload.next();
        }
        for (int r = 0; r < 5; r++) {
            assertThat(workload.seat(r, 0)).isEqualTo(Workload.Seat.SPEAKER);
        }
    }
}
