package io.roomcast.gateway.fanout;

/**
 * Hooks for the node's metrics (the adapter maps them to Micrometer counters and timers). Called on
 * the thread doing the work, sometimes under a room lock: implementations must be fast and must not
 * call back into {@link Fanout}.
 */
public interface FanoutMetrics {
    /** Metrics that record nothing. */
    FanoutMetrics NONE = new FanoutMetrics() {};

    /**
     * One fact of {@code roomId} was fanned out.
     *
     * @param frames frames queued for it (sessions reached; 0 if no local session wanted it)
     */
    default void factDelivered(String roomId, int frames) {}

    /** A session's outbox overflowed; it was dropped from fan-out and must be closed. Once per session. */
    default void slowSessionDropped(String sessionId) {}

    /**
     * A RESUME for one room was answered.
     *
     * @param fromBuffer true if served from the room's buffer, false if the client needs a snapshot
     * @param replayed   facts replayed (0 when a snapshot is needed)
     */
    default void resumeServed(String roomId, boolean fromBuffer, int replayed) {}

    /**
     * A join (snapshot-then-stream) for one room was answered.
     *
     * @param fromBuffer true if the session is now streaming, false if it needs a newer snapshot
     * @param replayed   facts released after the snapshot (0 when a newer snapshot is needed)
     */
    default void joinServed(String roomId, boolean fromBuffer, int replayed) {}
}
