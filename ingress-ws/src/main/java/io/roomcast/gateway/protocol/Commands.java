package io.roomcast.gateway.protocol;

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
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a decoded client command into the Avro {@link RoomCommand} the gateway writes to
 * room-commands (key = roomId). Pure: the caller supplies the authenticated user, the session,
 * the time and the event id.
 */
public final class Commands {
    private static final Map<String, CommandOp> BY_AVRO_NAME = Arrays.stream(CommandOp.values())
        .collect(Collectors.toUnmodifiableMap(Commands::avroName, Function.identity()));

    private Commands() {}

    /**
     * Builds the command record.
     *
     * @param command   the decoded frame
     * @param userId    the sender, from the verified token
     * @param sessionId the gateway session, for routing the outcome back
     * @param now       when the gateway accepted it (occurredAt, epoch ms)
     * @param eventId   the record's unique id
     * @return the Avro command
     * @throws NullPointerException if a targeted command has no target (the codec never produces one)
     */
    public static RoomCommand toAvro(Command command, String userId, String sessionId, Instant now, UUID eventId) {
        Objects.requireNonNull(userId, "userId");
        return RoomCommand.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(now)
            .setRoomId(command.room())
            .setUserId(userId)
            .setNonce(command.nonce())
            .setSessionId(sessionId)
            .setCommand(payload(command, userId))
            .build();
    }

    /** The Avro record name of an op's command, e.g. {@code raise_hand -> RaiseHand}. */
    public static String avroName(CommandOp op) {
        return switch (op) {
            case JOIN -> "JoinRoom";
            case LEAVE -> "LeaveRoom";
            default -> Arrays.stream(op.wireName().split("_"))
                .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining());
        };
    }

    /**
     * The wire op of an Avro command record name ({@code CommandRejected.commandType}), e.g.
     * {@code JoinRoom -> join}; commands the WebSocket does not offer (CreateRoom, ScheduleRoom) get
     * their name in lower snake case ({@code create_room}).
     */
    public static String opOf(String avroCommandType) {
        CommandOp op = BY_AVRO_NAME.get(avroCommandType);
        return op != null ? op.wireName() : AvroJson.snake(avroCommandType);
    }

    private static Object payload(Command c, String sender) {
        String target = c.targetUserId();
        return switch (c.op()) {
            case JOIN -> new JoinRoom();
            case LEAVE -> new LeaveRoom(LeaveReason.LEFT);
            case RAISE_HAND -> new RaiseHand();
            case LOWER_HAND -> new LowerHand();
            case INVITE_SPEAKER -> new InviteSpeaker(required(target, c));
            case ACCEPT_INVITE -> new AcceptInvite();
            case DECLINE_INVITE -> new DeclineInvite();
            case ACCEPT_HAND -> new AcceptHand(required(target, c));
            case DENY_HAND -> new DenyHand(required(target, c));
            case PROMOTE -> new Promote(required(target, c));
            case DEMOTE -> new Demote(required(target, c));
            case MUTE -> new Mute(target != null ? target : sender);
            case UNMUTE -> new Unmute(target != null ? target : sender);
            case MUTE_ALL -> new MuteAll();
            case KICK -> new Kick(required(target, c));
            case BAN -> new Ban(required(target, c));
            case END_ROOM -> new EndRoom();
            case UPDATE_ROOM -> updateRoom(c);
            case START_ROOM -> new StartRoom();
            case INVITE_TO_ROOM -> new InviteToRoom(required(target, c));
            case APPROVE_JOIN -> new ApproveJoin(required(target, c));
            case DENY_JOIN -> new DenyJoin(required(target, c));
        };
    }

    private static UpdateRoom updateRoom(Command c) {
        ClientFrame.RoomChanges ch = Objects.requireNonNull(c.changes(), "update_room without changes");
        RoomSettings settings = ch.settings() == null ? null
            : new RoomSettings(ch.settings().handRaisesEnabled(), ch.settings().capacity(), ch.settings().speakerLimit(),
                ch.settings().approvalRequired());
        return new UpdateRoom(ch.title(), ch.topic(), settings, ch.language(), ch.clearLanguage());
    }

    private static String required(String target, Command c) {
        return Objects.requireNonNull(target, () -> c.op().wireName() + " without target user");
    }
}
