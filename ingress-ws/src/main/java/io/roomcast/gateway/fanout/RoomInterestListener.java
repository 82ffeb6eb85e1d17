package io.roomcast.gateway.fanout;

/**
 * Told when a room gains its first local interest (a session joining, resuming or fetching its
 * snapshot) and when it loses the last (after the linger period), so the Kafka adapter reads only
 * the partitions of rooms this node serves ({@link PartitionInterest}).
 *
 * <p>Calls for one room are ordered (added, removed, added, ...) and made under that room's lock:
 * implementations must be fast and must not call back into {@link Fanout}.
 */
public interface RoomInterestListener {
    /** A listener that does nothing. */
    RoomInterestListener NONE = new RoomInterestListener() {
        @Override
        public void roomAdded(String roomId) {}

        @Override
        public void roomRemoved(String roomId) {}
    };

    /** {@code roomId} now has local interest: its facts must be consumed. */
    void roomAdded(String roomId);

    /** {@code roomId} has no local interest any more: its facts need not be consumed. */
    void roomRemoved(String roomId);
}
