package io.roomcast.gateway.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A frame a client sends, as decoded by {@link FrameCodec#decode(String)}. On the wire every frame is
 * one JSON object in one WebSocket text frame, named by its {@code op}: {@code IDENTIFY},
 * {@code HEARTBEAT}, {@code RESUME}, or one of the {@link CommandOp} names for a {@link Command}.
 * Field names are lower snake case; see {@code docs/protocol.md}.
 */
public sealed interface ClientFrame {

    /** The wire {@code op} of this frame, e.g. {@code IDENTIFY} or {@code raise_hand}. */
    String wireOp();

    /** First frame of a new session: authenticate with a JWT. */
    record Identify(String token) implements ClientFrame {
        public Identify {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String wireOp() {
            return "IDENTIFY";
        }

        @Override
        public String toString() {
            return "Identify[token=<redacted>]";
        }
    }

    /**
     * Keep-alive, every {@code heartbeat_interval_ms} (from HELLO).
     *
     * @param clientTime the client's clock when sent ({@code client_time}, epoch ms), or null; informational only
     */
    record Heartbeat(Instant clientTime) implements ClientFrame {
        @Override
        public String wireOp() {
            return "HEARTBEAT";
        }
    }

    /**
     * A room command.
     *
     * @param op           which command
     * @param room         the room id
     * @param nonce        client-chosen idempotency key, unique per user; echoed in COMMAND_RESULT
     * @param targetUserId the target user ({@code args.user_id}) for targeted commands; for
     *                     {@link CommandOp.Target#SELF_BY_DEFAULT} ops null means the sender; null otherwise
     * @param changes      for {@code update_room} only: what changes (non-null, at least one part set); null otherwise
     */
    record Command(CommandOp op, String room, String nonce, String targetUserId, RoomChanges changes)
        implements ClientFrame {
        public Command {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nonce, "nonce");
        }

        /** A command without target or changes. */
        public static Command of(CommandOp op, String room, String nonce) {
            return new Command(op, room, nonce, null, null);
        }

        /** A targeted command. */
        public static Command targeted(CommandOp op, String room, String nonce, String targetUserId) {
            return new Command(op, room, nonce, targetUserId, null);
        }

        @Override
        public String wireOp() {
            return op.wireName();
        }
    }

    /**
     * {@code update_room} arguments; a null part stays unchanged.
     *
     * @param title         new title, or null
     * @param topic         new topic slug, or null
     * @param settings      the room's new settings (replacing all of them), or null
     * @param language      the room's new language, a BCP 47 tag (RFC 5646) in canonical case, or null
     * @param clearLanguage true if the room's language is to be cleared ({@code "language": ""}); language is then null
     */
    record RoomChanges(String title, String topic, Settings settings, String language, boolean clearLanguage) {
        /** A change of title, topic or settings only. */
        RoomChanges(String title, String topic, Settings settings) {
            this(title, topic, settings, null, false);
        }
    }

    /**
     * Room settings as a whole; a field the client leaves out takes its default.
     *
     * @param handRaisesEnabled whether listeners may raise hands ({@code hand_raises_enabled}, default true)
     * @param capacity          max participants (count), or null for the platform default
     * @param speakerLimit      max speakers + moderators (count), or null for the platform default
     * @param approvalRequired  whether joins become requests a moderator decides ({@code approval_required}, default false)
     */
    record Settings(boolean handRaisesEnabled, Integer capacity, Integer speakerLimit, boolean approvalRequired) {}

    /**
     * Re-attach to an earlier session after a reconnect, possibly on another node.
     *
     * @param token     a JWT of the session's user (the session id alone is not a credential)
     * @param sessionId the {@code session_id} from READY
     * @param rooms     per room id, how far the client got
     */
    record Resume(String token, String sessionId, Map<String, RoomPosition> rooms) implements ClientFrame {
        public Resume {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(sessionId, "sessionId");
            rooms = Map.copyOf(rooms);
        }

        @Override
        public String wireOp() {
            return "RESUME";
        }

        @Override
        public String toString() {
            return "Resume[token=<redacted>, sessionId=" + sessionId + ", rooms=" + rooms + "]";
        }
    }

    /**
     * How far a client got in one room: the {@code seq} and {@code epoch} of the last DISPATCH it
     * processed and/or the {@code version} of the room state it holds (last SNAPSHOT or DISPATCH
     * version). At least seq+epoch or version is set.
     *
     * @param seq     last DISPATCH seq (Kafka offset), or null
     * @param epoch   that DISPATCH's epoch (partition), or null (set exactly when seq is)
     * @param version last room version held, or null
     */
    record RoomPosition(Long seq, Integer epoch, Long version) {
        public RoomPosition {
            if ((seq == null) != (epoch == null)) {
                throw new IllegalArgumentException("seq and epoch go together");
            }
            if (seq == null && version == null) {
                throw new IllegalArgumentException("a position needs seq+epoch or version");
            }
        }
    }
}
