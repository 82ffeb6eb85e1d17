package io.roomcast.schemas;

import java.util.Objects;

/**
 * The gateway's session registry in Redis: the one place its key is spelled. Every gateway node
 * writes a session when it becomes READY and refreshes it on heartbeats and on close, so a RESUME
 * on any node can tell an unknown, expired or another user's session from the client's own
 * (docs/protocol.md, "Resume").
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@code session:{sessionId}}</td><td>string</td><td>the user id owning the session; expires
 *       a TTL (setting {@code roomcast.gateway.sessions.ttl}, default 45 s) after its last refresh</td></tr>
 * </table>
 *
 * <p>The key carries the Redis Cluster hash tag {@code {sessionId}}: sessions spread over the slots.
 */
public final class SessionKeys {
    private SessionKeys() {
    }

    /**
     * @param sessionId the session, not empty
     * @return {@code session:{sessionId}}
     * @throws IllegalArgumentException if sessionId is empty
     * @throws NullPointerException     if sessionId is null
     */
    public static String session(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("sessionId must not be empty");
        }
        return "session:{" + sessionId + "}";
    }
}
