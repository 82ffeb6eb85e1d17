package io.roomcast.gateway.protocol;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.protocol.ClientFrame.RoomPosition;
import java.util.Map;
import java.util.Objects;

/**
 * Something the WebSocket adapter must do for a session, returned by {@link SessionProtocol} in the
 * order to do it.
 */
public sealed interface SessionAction {

    /** Write this frame to the client (through the session's bounded outbound queue). */
    record Send(ServerFrame frame) implements SessionAction {
        public Send {
            Objects.requireNonNull(frame, "frame");
        }
    }

    /**
     * Close the WebSocket with this code and reason; nothing else follows for the session.
     *
     * @param reason at most {@link CloseCode#MAX_CLOSE_REASON_BYTES} bytes of UTF-8
     */
    record Close(CloseCode code, String reason) implements SessionAction {
        public Close {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * Count a command against the user's per-user rate limits for {@code op} ({@link CommandRateLimiter},
     * asynchronously: never on a thread that must not block), then hand the verdict to
     * {@link SessionProtocol#rateLimitChecked(long, RateLimitVerdict)} with {@code ticket}.
     *
     * @param ticket which command of the session (increasing per session)
     */
    record CheckRateLimit(long ticket, String userId, CommandOp op) implements SessionAction {
        public CheckRateLimit {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(op, "op");
        }
    }

    /** Produce this command to room-commands, key = {@code command.getRoomId()}. */
    record PublishCommand(RoomCommand command) implements SessionAction {}

    /** Produce this heartbeat to presence-heartbeats, key = {@code heartbeat.getUserId()}. */
    record PublishHeartbeat(PresenceHeartbeat heartbeat) implements SessionAction {}

    /**
     * RESUME of {@code sessionId} by {@code userId} (the token's subject): ask the session registry
     * (asynchronously: never on a thread that must not block), then hand its verdict to
     * {@link SessionProtocol#sessionLookedUp}.
     */
    record LookUpSession(String sessionId, String userId) implements SessionAction {
        public LookUpSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * Write (or refresh) the session in the session registry as {@code userId}'s, for the registry's
     * TTL from now: done when the session becomes READY, with each published heartbeat, and when the
     * connection closes.
     */
    record RegisterSession(String sessionId, String userId) implements SessionAction {
        public RegisterSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * The session was resumed (RESUMED is sent before this): replay each room from its position, or
     * send a fresh SNAPSHOT.
     */
    record ResumeSession(String sessionId, String userId, Map<String, RoomPosition> rooms) implements SessionAction {}
}
