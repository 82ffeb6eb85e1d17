package io.roomcast.gateway.fanout;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Which room-events partitions this node must read: those of rooms with local interest, counted per
 * partition (several rooms share one). Fed by {@link Fanout} as a {@link RoomInterestListener};
 * the Kafka adapter's consumer thread calls {@link #drainChanges()} before each poll and
 * assigns / unassigns the partitions that changed, so a node reads only the partitions of the rooms
 * it serves, not the whole topic.
 *
 * <p>Changes are net since the last drain: a partition assigned then released in between is not
 * reported at all. Thread-safe (one monitor).
 */
public final class PartitionInterest implements RoomInterestListener {
    /**
     * Net partition changes since the previous drain.
     *
     * @param assigned   partitions that gained their first interesting room (sorted)
     * @param unassigned partitions that lost their last interesting room (sorted)
     */
    public record Changes(Set<Integer> assigned, Set<Integer> unassigned) {
        public Changes {
            assigned = Collections.unmodifiableSortedSet(new TreeSet<>(assigned));
            unassigned = Collections.unmodifiableSortedSet(new TreeSet<>(unassigned));
        }

        /** True if nothing changed. */
        public boolean isEmpty() {
            return assigned.isEmpty() && unassigned.isEmpty();
        }
    }

    private final ToIntFunction<String> partitionOf;
    private final Map<String, Integer> roomPartition = new HashMap<>();
    private final Map<Integer, Integer> roomsPerPartition = new HashMap<>();
    private final Set<Integer> toAssign = new TreeSet<>();
    private final Set<Integer> toUnassign = new TreeSet<>();

    /**
     * @param partitionOf roomId to its room-events partition (the producer's partitioner for key
     *                    roomId, e.g. murmur2 of the key modulo the partition count); must be stable
     */
    public PartitionInterest(ToIntFunction<String> partitionOf) {
        this.partitionOf = Objects.requireNonNull(partitionOf, "partitionOf");
    }

    @Override
    public synchronized void roomAdded(String roomId) {
        if (roomPartition.containsKey(roomId)) {
            return;
        }
        int p = partitionOf.applyAsInt(roomId);
        if (p < 0) {
            throw new IllegalArgumentException("partition of room " + roomId + " is negative: " + p);
        }
        roomPartition.put(roomId, p);
        if (roomsPerPartition.merge(p, 1, Integer::sum) == 1 && !toUnassign.remove(p)) {
            toAssign.add(p);
            notifyAll();
        }
    }

    @Override
    public synchronized void roomRemoved(String roomId) {
        Integer p = roomPartition.remove(roomId);
        if (p == null) {
            return;
        }
        if (roomsPerPartition.merge(p, -1, Integer::sum) == 0) {
            roomsPerPartition.remove(p);
            if (!toAssign.remove(p)) {
                toUnassign.add(p);
                notifyAll();
            }
        }
    }

    /**
     * Blocks until there are changes to drain or {@code timeout} passed (for a reader with nothing
     * assigned, which cannot poll Kafka).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public synchronized void awaitChange(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (toAssign.isEmpty() && toUnassign.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The changes since the previous call (or since creation), then forgets them. */
    public synchronized Changes drainChanges() {
        Changes c = new Changes(toAssign, toUnassign);
        toAssign.clear();
        toUnassign.clear();
        return c;
    }

    /** Partitions with at least one interesting room now (sorted). */
    public synchronized Set<Integer> partitions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(roomsPerPartition.keySet()));
    }

    /** Interesting rooms now in {@code partition}. */
    public synchronized int roomsIn(int partition) {
        return roomsPerPartition.getOrDefault(partition, 0);
    }
}
