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
     * Look up session {@code sessionId}; if it exists and belongs to {@code userId}, call
     * {@link SessionProtocol#resumeAccepted} and replay each room from its position (or send a fresh
     * SNAPSHOT), else call {@link SessionProtocol#resumeRefused}.
     */
    record ResumeSession(String sessionId, String userId, Map<String, RoomPosition> rooms) implements SessionAction {}
}
