package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.AcceptHand;
import io.roomcast.events.ApproveJoin;
import io.roomcast.events.DenyJoin;
import io.roomcast.events.AcceptInvite;
import io.roomcast.events.Ban;
import io.roomcast.events.DeclineInvite;
import io.roomcast.events.Demote;
import io.roomcast.events.DenyHand;
import io.roomcast.events.EndRoom;
import io.roomcast.events.InviteSpeaker;
import io.roomcast.events.InviteToRoom;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.Kick;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Mute;
import io.roomcast.events.MuteAll;
import io.roomcast.events.Promote;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.StartRoom;
import io.roomcast.events.Unmute;
import io.roomcast.events.UpdateRoom;
import io.roomcast.gateway.protocol.ClientFrame.Command;
import io.roomcast.gateway.protocol.ClientFrame.RoomChanges;
import io.roomcast.gateway.protocol.ClientFrame.Settings;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommandsTest {
    private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000042");

    /** What each op becomes when sent by alice with target bob (update_room: title only). */
    private static final Map<CommandOp, Object> EXPECTED = expected();

    private static Map<CommandOp, Object> expected() {
        Map<CommandOp, Object> m = new EnumMap<>(CommandOp.class);
        m.put(CommandOp.JOIN, new JoinRoom());
        m.put(CommandOp.LEAVE, new LeaveRoom(LeaveReason.LEFT));
        m.put(CommandOp.RAISE_HAND, new RaiseHand());
        m.put(CommandOp.LOWER_HAND, new LowerHand());
        m.put(CommandOp.INVITE_SPEAKER, new InviteSpeaker("bob"));
        m.put(CommandOp.ACCEPT_INVITE, new AcceptInvite());
        m.put(CommandOp.DECLINE_INVITE, new DeclineInvite());
        m.put(CommandOp.ACCEPT_HAND, new AcceptHand("bob"));
        m.put(CommandOp.DENY_HAND, new DenyHand("bob"));
        m.put(CommandOp.PROMOTE, new Promote("bob"));
        m.put(CommandOp.DEMOTE, new Demote("bob"));
        m.put(CommandOp.MUTE, new Mute("bob"));
        m.put(CommandOp.UNMUTE, new Unmute("bob"));
        m.put(CommandOp.MUTE_ALL, new MuteAll());
        m.put(CommandOp.KICK, new Kick("bob"));
        m.put(CommandOp.BAN, new Ban("bob"));
        m.put(CommandOp.END_ROOM, new EndRoom());
        m.put(CommandOp.UPDATE_ROOM, new UpdateRoom("Jazz night", null, null, null, false));
        m.put(CommandOp.START_ROOM, new StartRoom());
        m.put(CommandOp.INVITE_TO_ROOM, new InviteToRoom("bob"));
        m.put(CommandOp.APPROVE_JOIN, new ApproveJoin("bob"));
        m.put(CommandOp.DENY_JOIN, new DenyJoin("bob"));
        return m;
    }

    @Test
    void everyOpHasAnExpectedMapping() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(CommandOp.values());
    }

    @ParameterizedTest
    @EnumSource(CommandOp.class)
    void mapsEveryOpToItsAvroCommand(CommandOp op) {
        Command frame = new Command(op, "r1", "n-1", op.target() == CommandOp.Target.NONE ? null : "bob",
            op == CommandOp.UPDATE_ROOM ? new RoomChanges("Jazz night", null, null) : null);

        RoomCommand c = Commands.toAvro(frame, "alice", "s-1", NOW, ID);

        assertThat(c.getEventId()).isEqualTo(ID);
        assertThat(c.getOccurredAt()).isEqualTo(NOW);
        assertThat(c.getRoomId()).isEqualTo("r1");
        assertThat(c.getUserId()).isEqualTo("alice");
        assertThat(c.getNonce()).isEqualTo("n-1");
        assertThat(c.getSessionId()).isEqualTo("s-1");
        assertThat(c.getCommand()).isEqualTo(EXPECTED.get(op));
        assertThat(c.getCommand().getClass().getSimpleName()).isEqualTo(Commands.avroName(op));
    }

    @ParameterizedTest
    @EnumSource(value = CommandOp.class, names = {"MUTE", "UNMUTE"})
    void selfMuteTargetsTheSender(CommandOp op) {
        RoomCommand c = Commands.toAvro(Command.of(op, "r1", "n"), "alice", "s-1", NOW, ID);
        assertThat(c.getCommand()).isEqualTo(op == CommandOp.MUTE ? new Mute("alice") : new Unmute("alice"));
    }

    @Test
    void updateRoomCarriesAllParts() {
        Command frame = new Command(CommandOp.UPDATE_ROOM, "r1", "n", null,
            new RoomChanges("T", "jazz", new Settings(false, 100, 5, true)));
        assertThat(Commands.toAvro(frame, "alice", "s-1", NOW, ID).getCommand())
            .isEqualTo(new UpdateRoom("T", "jazz", new RoomSettings(false, 100, 5, true), null, false));
    }

    @Test
    void updateRoomCarriesTheLanguageOrItsClearing() {
        Command set = new Command(CommandOp.UPDATE_ROOM, "r1", "n", null, new RoomChanges(null, null, null, "pt-BR", false));
        assertThat(Commands.toAvro(set, "alice", "s-1", NOW, ID).getCommand())
            .isEqualTo(new UpdateRoom(null, null, null, "pt-BR", false));
        Command clear = new Command(CommandOp.UPDATE_ROOM, "r1", "n", null, new RoomChanges(null, null, null, null, true));
        assertThat(Commands.toAvro(clear, "alice", "s-1", NOW, ID).getCommand())
            .isEqualTo(new UpdateRoom(null, null, null, null, true));
    }

    @Test
    void everyAvroNameIsABranchOfTheCommandUnion() {
        Set<String> branches = RoomCommand.getClassSchema().getField("command").schema().getTypes().stream()
            .map(Schema::getName).collect(Collectors.toSet());
        for (CommandOp op : CommandOp.values()) {
            assertThat(branches).as(op.wireName()).contains(Commands.avroName(op));
        }
        // the union's other branches are REST-only (create, schedule)
        assertThat(branches).hasSize(CommandOp.values().length + 2).contains("CreateRoom", "ScheduleRoom");
    }

    @ParameterizedTest
    @EnumSource(CommandOp.class)
    void opOfInvertsAvroName(CommandOp op) {
        assertThat(Commands.opOf(Commands.avroName(op))).isEqualTo(op.wireName());
    }

    @Test
    void opOfRestOnlyCommandsIsSnakeCase() {
        assertThat(Commands.opOf("CreateRoom")).isEqualTo("create_room");
        assertThat(Commands.opOf("ScheduleRoom")).isEqualTo("schedule_room");
    }
}
