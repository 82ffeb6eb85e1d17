package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A frame the server sends, encoded by {@link FrameCodec#encode(ServerFrame)} as one JSON object
 * named by its {@code op} ({@code HELLO}, {@code READY}, ...). Times on the wire are epoch ms; null
 * optional fields are left out. See {@code docs/protocol.md}.
 */
public sealed interface ServerFrame {

    /** The wire {@code op} of this frame. */
    String op();

    /**
     * First frame on every connection.
     *
     * @param heartbeatIntervalMs how often the client must send HEARTBEAT, ms
     * @param maxFrameBytes       largest client text frame accepted, bytes of UTF-8
     */
    record Hello(long heartbeatIntervalMs, int maxFrameBytes) implements ServerFrame {
        @Override
        public String op() {
            return "HELLO";
        }
    }

    /** IDENTIFY accepted: a new session for the token's user. */
    record Ready(String sessionId, String userId) implements ServerFrame {
        @Override
        public String op() {
            return "READY";
        }
    }

    /** Answer to every HEARTBEAT; {@code server_time} in epoch ms. */
    record HeartbeatAck(Instant serverTime) implements ServerFrame {
        @Override
        public String op() {
            return "HEARTBEAT_ACK";
        }
    }

    /**
     * One room fact, pushed to every session of the room in room order.
     *
     * @param type       event type ({@code t}), e.g. {@code participant_joined}; see {@link Dispatches#EVENT_TYPES}
     * @param room       room id
     * @param seq        the fact's offset in its room-events partition; increases within a room (not by 1)
     * @param epoch      the partition; seqs compare only with the same room and epoch
     * @param version    the room version after this fact ({@code roomVersion}), or null for facts outside
     *                   the room state (e.g. {@code speaking_changed})
     * @param eventId    the fact's event id (UUID)
     * @param occurredAt when it happened (epoch ms on the wire)
     * @param actor      the user who caused it, or null for system facts
     * @param nonce      the nonce of the command that caused it, or null
     * @param data       the fact's fields (lower snake case, times in epoch ms, enums in lower snake case)
     */
    record Dispatch(String type, String room, long seq, int epoch, Long version, String eventId, Instant occurredAt,
                    String actor, String nonce, JsonNode data) implements ServerFrame {
        public Dispatch {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String op() {
            return "DISPATCH";
        }
    }

    /**
     * An event of the user, not of a room, pushed to every session of the user on its node:
     * {@code hallway_updated} and {@code notification} (docs/protocol.md, "User events"). No room, sequence or resume: a session that
     * missed one reads the current state over REST ({@code GET /hallway}).
     *
     * @param type       event type ({@code t}), e.g. {@code hallway_updated}
     * @param eventId    the event's id (UUID)
     * @param occurredAt when it happened (epoch ms on the wire)
     * @param data       the event's fields (lower snake case)
     */
    record UserDispatch(String type, String eventId, Instant occurredAt, JsonNode data) implements ServerFrame {
        public UserDispatch {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String op() {
            return "DISPATCH";
        }
    }

    /**
     * The whole state of a room at {@code version}. After it the client gets exactly the DISPATCHes of
     * that room with a version above {@code version}, in order.
     *
     * @param fresh true when sent on RESUME instead of the missed facts (the gap was older than what is kept)
     */
    record Snapshot(String room, long version, JsonNode data, boolean fresh) implements ServerFrame {
        public Snapshot {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String op() {
            return "SNAPSHOT";
        }
    }

    /** What happened to a command. */
    enum Outcome {
        APPLIED, REJECTED, DUPLICATE;

        /** Lower-case wire form. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The outcome of one command, to its sender only, correlated by nonce.
     *
     * @param nonce    the command's nonce
     * @param room     the command's room
     * @param command  the command's op, e.g. {@code join}
     * @param outcome  applied, rejected or duplicate
     * @param reason   for rejected: the state machine's reason in lower snake case (e.g. {@code room_full});
     *                 for duplicate: the original rejection reason, if it was rejected; else null
     * @param original for duplicate: the original outcome (applied or rejected); else null
     * @param message  human-readable detail, or null
     * @param pending  true for an applied {@code join} that became a join request (the room requires a
     *                 moderator's approval): the user is not in the room yet (docs/protocol.md, "Join approval")
     */
    record CommandResult(String nonce, String room, String command, Outcome outcome, String reason, Outcome original,
                         String message, boolean pending) implements ServerFrame {
        public CommandResult {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(outcome, "outcome");
        }

        /** A result that is not a pending join. */
        public CommandResult(String nonce, String room, String command, Outcome outcome, String reason, Outcome original,
                             String message) {
            this(nonce, room, command, outcome, reason, original, message, false);
        }

        /** An applied result. */
        public static CommandResult applied(String nonce, String room, String command) {
            return new CommandResult(nonce, room, command, Outcome.APPLIED, null, null, null);
        }

        /** An applied {@code join} that is waiting for a moderator's approval. */
        public static CommandResult pendingJoin(String nonce, String room) {
            return new CommandResult(nonce, room, CommandOp.JOIN.wireName(), Outcome.APPLIED, null, null, null, true);
        }

        @Override
        public String op() {
            return "COMMAND_RESULT";
        }
    }

    /** RESUME accepted; the missed DISPATCHes (or a fresh SNAPSHOT) of each room follow. */
    record Resumed(String sessionId) implements ServerFrame {
        @Override
        public String op() {
            return "RESUMED";
        }
    }

    /** The server asks the client to reconnect (to any node) and RESUME; a close 4012 follows. */
    record Reconnect() implements ServerFrame {
        @Override
        public String op() {
            return "RECONNECT";
        }
    }

    /** RESUME refused: the client must IDENTIFY anew (it may do so on this connection). */
    record InvalidSession(String reason) implements ServerFrame {
        @Override
        public String op() {
            return "INVALID_SESSION";
        }
    }

    /**
     * A refused frame on a session that stays open.
     *
     * @param code         the error code (same numbers as close codes)
     * @param message      human-readable detail
     * @param nonce        the refused command's nonce, or null
     * @param retryAfterMs for a command over a per-user rate limit ({@link CloseCode#RATE_LIMITED}): ms until
     *                     the limit's window closes and the command may be sent again (at least 1); else null
     */
    record Error(CloseCode code, String message, String nonce, Long retryAfterMs) implements ServerFrame {
        public Error {
            Objects.requireNonNull(code, "code");
            if (retryAfterMs != null && retryAfterMs < 1) {
                throw new IllegalArgumentException("retryAfterMs must be at least 1: " + retryAfterMs);
            }
        }

        /** An error without retry time. */
        public Error(CloseCode code, String message, String nonce) {
            this(code, message, nonce, null);
        }

        @Override
        public String op() {
            return "ERROR";
        }
    }
}
