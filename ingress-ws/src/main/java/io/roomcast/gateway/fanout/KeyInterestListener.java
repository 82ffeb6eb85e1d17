package io.roomcast.gateway.fanout;

/**
 * Told when a Kafka record key this node serves gains its first local interest and when it loses
 * the last, so the Kafka adapter reads only the partitions of those keys ({@link PartitionInterest}).
 * Keys are roomIds for room-events ({@link Fanout}: a session joining, resuming or fetching its
 * snapshot; removed after the room's linger) and userIds for the user-keyed topics (a user's first
 * READY session on the node; removed with the last).
 *
 * <p>Calls for one key are ordered (added, removed, added, ...) and made under the caller's lock for
 * that key (a room's lock, a user's map entry): implementations must be fast and must not call back
 * into the caller.
 */
public interface KeyInterestListener {
    /** A listener that does nothing. */
    KeyInterestListener NONE = new KeyInterestListener() {
        @Override
        public void keyAdded(String key) {}

        @Override
        public void keyRemoved(String key) {}
    };

    /** {@code key} now has local interest: its records must be consumed. */
    void keyAdded(String key);

    /** {@code key} has no local interest any more: its records need not be consumed. */
    void keyRemoved(String key);
}
