package io.roomcast.gateway.protocol;


import io.roomcast.events.CommandDuplicate;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.HandLowered;
import io.roomcast.events.HandRaised;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomInviteSent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.RoomUpdated;
import io.roomcast.events.SpeakerInviteDeclined;
import io.roomcast.events.SpeakerInvited;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.gateway.protocol.ServerFrame.CommandResult;
import io.roomcast.gateway.protocol.ServerFrame.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a fact read from room-events into what clients see: a DISPATCH for every session of the
 * room, or, for a command's rejection or duplicate answer, a COMMAND_RESULT for its sender only.
 * Pure; the same input gives an equal frame, so the fan-out encodes a DISPATCH once and writes the
 * same text to every session of the room.
 */
public final class Dispatches {
    /**
     * The DISPATCH event type ({@code t}) of each room fact, in the order of the RoomEvent.fact union.
     * CommandRejected and CommandDuplicate are not here: they become COMMAND_RESULT.
     */
    public static final Map<Class<? extends SpecificRecord>, String> EVENT_TYPES = eventTypes();

    /** Fact fields that are routing, not content: left out of COMMAND_RESULT and DISPATCH data. */
    private static final Set<String> ROUTING_FIELDS = Set.of("sessionId");
    /**
     * RoomSnapshot fields clients do not get: the envelope (not room state) and the invitation and ban
     * lists (moderation data, not shown to every participant; as in the REST room view).
     */
    private static final Set<String> SNAPSHOT_HIDDEN = Set.of("eventId", "occurredAt", "roomId", "userId", "nonce",
        "version", "invitedUserIds", "bannedUserIds");

    private Dispatches() {}

    /** Who gets a routed frame. */
    public sealed interface Audience {
        /** Every session subscribed to the room, in room order. */
        record Room(String roomId) implements Audience {}

        /**
         * Only the sender of the command: the session {@code sessionId} if set, else the user's sessions
         * that still await {@code nonce} (see {@link SessionProtocol#onCommandResult}).
         */
        record Sender(String userId, String sessionId, String nonce) implements Audience {}
    }

    /**
     * A frame and who gets it.
     *
     * @param frame    a {@link ServerFrame.Dispatch} (audience Room) or {@link CommandResult} (audience Sender)
     * @param audience who gets it
     */
    public record Routed(ServerFrame frame, Audience audience) {}

    /**
     * Routes one room-events record.
     *
     * @param event     the fact
     * @param partition its room-events partition (the DISPATCH epoch)
     * @param offset    its offset in that partition (the DISPATCH seq)
     * @return the routed frame; empty for a command answer without nonce or user (a system
     *         command's answer, which no client waits for)
     * @throws IllegalArgumentException for a fact type this gateway does not know
     */
    public static Optional<Routed> route(RoomEvent event, int partition, long offset) {
        Object fact = event.getFact();
        if (fact instanceof CommandRejected r) {
            if (event.getNonce() == null || event.getUserId() == null) {
                return Optional.empty();
            }
            CommandResult frame = new CommandResult(event.getNonce(), event.getRoomId(), Commands.opOf(r.getCommandType()),
                Outcome.REJECTED, lower(r.getReason()), null, r.getMessage());
            return Optional.of(new Routed(frame, new Dispatches.Audience.Sender(event.getUserId(), r.getSessionId(),
                event.getNonce())));
        }
        if (fact instanceof CommandDuplicate d) {
            if (event.getNonce() == null || event.getUserId() == null) {
                return Optional.empty();
            }
            Outcome original = Outcome.valueOf(d.getOriginalOutcome().name());
            CommandResult frame = new CommandResult(event.getNonce(), event.getRoomId(),
                Commands.opOf(d.getCommandType()), Outcome.DUPLICATE, lower(d.getReason()), original, null);
            return Optional.of(new Routed(frame, new Dispatches.Audience.Sender(event.getUserId(), d.getSessionId(),
                event.getNonce())));
        }
        return Optional.of(new Routed(dispatch(event, partition, offset), new Audience.Room(event.getRoomId())));
    }

    /**
     * The DISPATCH of a room fact.
     *
     * @throws IllegalArgumentException if the fact is a command answer or of an unknown type
     */
    public static ServerFrame.Dispatch dispatch(RoomEvent event, int partition, long offset) {
        Object fact = event.getFact();
        String type = fact == null ? null : EVENT_TYPES.get(fact.getClass());
        if (type == null) {
            throw new IllegalArgumentException("no DISPATCH type for fact "
                + (fact == null ? "null" : fact.getClass().getSimpleName()));
        }
        return new ServerFrame.Dispatch(type, event.getRoomId(), offset, partition, event.getRoomVersion(),
            event.getEventId().toString(), event.getOccurredAt(), event.getUserId(), event.getNonce(),
            AvroJson.object((SpecificRecord) fact, ROUTING_FIELDS));
    }

    /**
     * The SNAPSHOT of a room state record.
     *
     * @param fresh true when sent on RESUME instead of missed facts
     */
    public static ServerFrame.Snapshot snapshot(RoomSnapshot snapshot, boolean fresh) {
        return new ServerFrame.Snapshot(snapshot.getRoomId(), snapshot.getVersion(),
            AvroJson.object(snapshot, SNAPSHOT_HIDDEN), fresh);
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }

    private static Map<Class<? extends SpecificRecord>, String> eventTypes() {
        Map<Class<? extends SpecificRecord>, String> m = new LinkedHashMap<>();
        m.put(RoomCreated.class, "room_created");
        m.put(RoomStarted.class, "room_started");
        m.put(RoomUpdated.class, "room_updated");
        m.put(RoomEnded.class, "room_ended");
        m.put(ParticipantJoined.class, "participant_joined");
        m.put(ParticipantLeft.class, "participant_left");
        m.put(HandRaised.class, "hand_raised");
        m.put(HandLowered.class, "hand_lowered");
        m.put(SpeakerInvited.class, "speaker_invited");
        m.put(SpeakerInviteDeclined.class, "speaker_invite_declined");
        m.put(RoomInviteSent.class, "room_invite_sent");
        m.put(RoleChanged.class, "role_changed");
        m.put(ParticipantMuted.class, "participant_muted");
        m.put(ParticipantUnmuted.class, "participant_unmuted");
        m.put(ParticipantKicked.class, "participant_kicked");
        m.put(ParticipantBanned.class, "participant_banned");
        m.put(SpeakingChanged.class, "speaking_changed");
        m.put(JoinRequested.class, "join_requested");
        m.put(JoinRequestClosed.class, "join_request_closed");
        return Collections.unmodifiableMap(m);
    }
}
