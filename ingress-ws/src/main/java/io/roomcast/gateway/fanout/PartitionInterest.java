package io.roomcast.gateway.fanout;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Which partitions of one topic this node must read: those holding at least one key with local
 * interest, counted per partition (several keys share one). Fed as a {@link KeyInterestListener}: by
 * {@link Fanout} for room-events (keys roomIds), by the gateway's sessions for the user-keyed topics
 * (keys userIds of READY sessions). The Kafka adapter's consumer thread calls {@link #drainChanges()}
 * before each poll and assigns / unassigns the partitions that changed, so a node reads only the
 * partitions of the keys it serves, not the whole topic.
 *
 * <p>A partition that loses its last key is released only after {@code linger} (it stays assigned
 * meanwhile, and a key coming back in time keeps it without any change): keys churning, or a client
 * reconnecting, do not make the reader drop a partition and seek it again. The release is reported by
 * the first drain at or after the linger's end.
 *
 * <p>Changes are net since the last drain: a partition assigned then released in between is not
 * reported at all. Thread-safe (one monitor).
 */
public final class PartitionInterest implements KeyInterestListener {
    /**
     * Net partition changes since the previous drain.
     *
     * @param assigned   partitions that gained their first key (sorted)
     * @param unassigned partitions that lost their last key, linger passed (sorted)
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
    private final long lingerMs;
    private final LongSupplier clockMs;
    private final Runnable onAssign;
    private final Map<String, Integer> keyPartition = new HashMap<>();
    private final Map<Integer, Integer> keysPerPartition = new HashMap<>();
    private final Set<Integer> toAssign = new TreeSet<>();
    /** Assigned partitions with no key, by the time (epoch ms) from which the next drain releases them. */
    private final Map<Integer, Long> lingering = new HashMap<>();

    /**
     * Without linger: a partition that loses its last key is released by the next drain (the caller
     * lingers itself, as {@link Fanout} does per room).
     *
     * @param partitionOf key to its partition (the producer's partitioner for the key, e.g. murmur2
     *                    of the key modulo the partition count); must be stable
     */
    public PartitionInterest(ToIntFunction<String> partitionOf) {
        this(partitionOf, Duration.ZERO, System::currentTimeMillis, () -> { });
    }

    /**
     * @param partitionOf key to its partition, as above
     * @param linger      how long a partition without keys stays assigned (at least 0)
     * @param clockMs     the time, epoch ms
     * @param onAssign    run (under this object's monitor) each time a partition gains its first key
     *                    and is to be assigned: a reader blocked elsewhere than {@link #awaitChange}
     *                    (in a Kafka poll) is woken with it; must be fast and thread-safe
     * @throws IllegalArgumentException if {@code linger} is negative
     */
    public PartitionInterest(ToIntFunction<String> partitionOf, Duration linger, LongSupplier clockMs,
                             Runnable onAssign) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must be at least 0: " + linger);
        }
        this.partitionOf = Objects.requireNonNull(partitionOf, "partitionOf");
        this.lingerMs = linger.toMillis();
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        this.onAssign = Objects.requireNonNull(onAssign, "onAssign");
    }

    /** @throws IllegalArgumentException if the key's partition is negative */
    @Override
    public synchronized void keyAdded(String key) {
        if (keyPartition.containsKey(key)) {
            return;
        }
        int p = partitionOf.applyAsInt(key);
        if (p < 0) {
            throw new IllegalArgumentException("partition of key " + key + " is negative: " + p);
        }
        keyPartition.put(key, p);
        if (keysPerPartition.merge(p, 1, Integer::sum) == 1 && lingering.remove(p) == null) {
            toAssign.add(p);
            onAssign.run();
            notifyAll();
        }
    }

    @Override
    public synchronized void keyRemoved(String key) {
        Integer p = keyPartition.remove(key);
        if (p == null) {
            return;
        }
        if (keysPerPartition.merge(p, -1, Integer::sum) == 0) {
            keysPerPartition.remove(p);
            if (!toAssign.remove(p)) {
                lingering.put(p, clockMs.getAsLong() + lingerMs);
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
    public synchronized void awaitChange(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (toAssign.isEmpty() && !releaseDue(clockMs.getAsLong()) && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private boolean releaseDue(long now) {
        return lingering.values().stream().anyMatch(at -> at <= now);
    }

    /** The changes since the previous call (or since creation), releases whose linger has passed included, then forgets them. */
    public synchronized Changes drainChanges() {
        long now = clockMs.getAsLong();
        Set<Integer> released = new TreeSet<>();
        for (Iterator<Map.Entry<Integer, Long>> it = lingering.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Long> partition = it.next();
            if (partition.getValue() <= now) {
                released.add(partition.getKey());
                it.remove();
            }
        }
        Changes c = new Changes(toAssign, released);
        toAssign.clear();
        return c;
    }

    /** Partitions with at least one key now (sorted); lingering ones are not among them. */
    public synchronized Set<Integer> partitions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(keysPerPartition.keySet()));
    }

    /** Keys with interest now in {@code partition}. */
    public synchronized int keysIn(int partition) {
        return keysPerPartition.getOrDefault(partition, 0);
    }
}
