package io.roomcast.gateway.feed;

import io.roomcast.gateway.fanout.PartitionInterest;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions of one topic that a manually assigned consumer (no group) reads, following a
 * {@link PartitionInterest}: {@link #apply} runs on the consumer's thread, {@link #partitions()}
 * from any thread (tests, health). Used by {@link FactFeed} and the gateway's user-topic feeds.
 */
public final class PartitionAssignment {
    private final String topic;
    /** Touched by the consumer's thread only. */
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile Set<Integer> published = Set.of();

    /** @param topic the topic's name */
    public PartitionAssignment(String topic) {
        this.topic = topic;
    }

    /**
     * Drains {@code interest} and, if anything changed, assigns {@code consumer} the resulting partitions,
     * has {@code position} seek the newly assigned ones, then publishes the set ({@link #partitions()}), also
     * if {@code position} throws (an unpositioned partition is then placed by {@code auto.offset.reset} at
     * the next poll).
     *
     * @param position seeks the partitions newly assigned (never called with an empty set)
     */
    public void apply(Consumer<?, ?> consumer, PartitionInterest interest,
                      java.util.function.Consumer<Set<TopicPartition>> position) {
        PartitionInterest.Changes changes = interest.drainChanges();
        if (changes.isEmpty()) {
            return;
        }
        changes.unassigned().forEach(p -> assigned.remove(new TopicPartition(topic, p)));
        Set<TopicPartition> added = new HashSet<>();
        for (int p : changes.assigned()) {
            TopicPartition tp = new TopicPartition(topic, p);
            if (assigned.add(tp)) {
                added.add(tp);
            }
        }
        consumer.assign(Set.copyOf(assigned));
        try {
            if (!added.isEmpty()) {
                position.accept(added);
            }
        } finally {
            Set<Integer> partitions = new TreeSet<>();
            assigned.forEach(tp -> partitions.add(tp.partition()));
            published = Collections.unmodifiableSet(partitions);
        }
    }

    /** True if no partition is assigned (the consumer cannot poll); on the consumer's thread. */
    public boolean isEmpty() {
        return assigned.isEmpty();
    }

    /** The partitions assigned and positioned now (sorted numbers), from any thread. */
    public Set<Integer> partitions() {
        return published;
    }
}
