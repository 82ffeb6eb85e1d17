package io.roomcast.gateway.ws;

import io.roomcast.gateway.fanout.KeyInterestListener;
import io.roomcast.gateway.fanout.PartitionInterest;
import io.roomcast.gateway.feed.FactFeed;
import io.roomcast.gateway.feed.PartitionAssignment;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import java.time.Duration;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic keyed by userId on one thread (no consumer group, read_committed) and hands each record of a user
 * with a READY session on this node to {@code onRecord(userId, value)}. The feed of the user events of
 * docs/protocol.md ("User events"): {@link HallwayFeed} (hallway-rankings) and {@link NotificationFeed}
 * (notifications).
 *
 * <p><b>Partitions.</b> It reads only the partitions holding at least one user with a READY session here, as
 * {@link FactFeed} does for rooms: the node's READY users ({@link GatewayNode#followUsers}) feed a
 * {@link PartitionInterest} keyed by the topic's producer partition of the userId ({@link Topic#partitionOf}).
 * A partition gaining its first READY user wakes this thread at once ({@link KafkaConsumer#wakeup()} if it is in
 * a poll), which assigns it and positions it at its end (the last stable offset; {@link #assignedPartitions()} lists it
 * from then on): milliseconds after READY, not a poll interval. A partition losing its last user stays assigned for {@code linger}
 * ({@code roomcast.gateway.feed.partition-linger}), so reconnecting clients and churning users do not make the
 * node drop and seek partitions again; {@link #assignedPartitions()} tells which are read.
 *
 * <p><b>What a session may miss.</b> A session gets the events committed after its partition is positioned. For
 * a user whose partition is already read here (another READY user in it, or lingering), that is every event
 * committed after READY. For the first READY user of a partition on this node, the events committed between READY
 * and the end offset being fetched (one ListOffsets round trip after the wakeup: milliseconds) are not sent. No
 * cheap exact scheme exists: Kafka gives a record no commit time, so no offset can be derived from the READY
 * instant afterwards, and asking the broker at READY would block the Netty event loop that sends it. Those events
 * are not lost: {@code GET /notifications} (the inbox) and {@code GET /hallway} hold them, which a client reads
 * after READY.
 *
 * <p>A record of a user with no READY session here is not decoded and goes to {@code onAbsent(userId)}, and so
 * does a user's last READY session closing (the callers forget the user's state then). A record the decoder
 * refuses (topic's own schema versions, {@link GuardedDecoder}), or whose value names another user than its key,
 * is skipped (logged once at WARN); so is one whose delivery throws (logged each time). Cost: each record read is one map lookup of its key among this node's READY
 * users ({@link GatewayNode#connectionsOf}); only the records of those users are decoded. If the thread stops
 * for any other failure, {@link #running()} says so (the node's {@code /health} is then DOWN).
 *
 * @param <V> the topic's value
 */
final class UserTopicFeed<V extends SpecificRecord> implements KeyInterestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserTopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Topic<String, V> topic;
    private final GatewayNode node;
    private final BiConsumer<String, V> onRecord;
    private final Consumer<String> onAbsent;
    private final GuardedDecoder<V> decoder;
    private final KafkaConsumer<String, byte[]> consumer;
    private final PartitionInterest interest;
    private final PartitionAssignment assignment;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean warned;

    /**
     * Builds the feed without asking the broker (neither needs nor waits for Kafka).
     *
     * @param fetchMaxWait the consumer's fetch.max.wait.ms ({@code roomcast.gateway.feed.fetch-max-wait})
     * @param linger       how long a partition without READY users stays assigned
     *                     ({@code roomcast.gateway.feed.partition-linger}, at least 0)
     * @throws IllegalArgumentException if {@code linger} is negative
     */
    UserTopicFeed(Topic<String, V> topic, GatewayNode node, String bootstrapServers, String registryUrl,
                  Duration fetchMaxWait, Duration linger, BiConsumer<String, V> onRecord, Consumer<String> onAbsent) {
        this.topic = topic;
        this.node = node;
        this.onRecord = onRecord;
        this.onAbsent = onAbsent;
        this.decoder = new GuardedDecoder<>(topic, new RegistryWriterSchemas(registryUrl), RecordValidator.DEFAULT);
        this.consumer = FactFeed.consumer(bootstrapServers, fetchMaxWait);
        this.interest = new PartitionInterest(topic::partitionOf, linger, System::currentTimeMillis, consumer::wakeup);
        this.assignment = new PartitionAssignment(topic.name());
        this.thread = Thread.ofPlatform().name(topic.name() + "-feed").daemon().unstarted(this::run);
    }

    /** Starts following this node's READY users and reading their partitions. */
    void start() {
        thread.start();
        node.followUsers(this);
    }

    /** The partitions read now (sorted numbers). */
    Set<Integer> assignedPartitions() {
        return assignment.partitions();
    }

    /** True while the thread reads the topic; false before {@link #start()} and once it has stopped. */
    boolean running() {
        return thread.isAlive();
    }

    @Override
    public void keyAdded(String userId) {
        interest.keyAdded(userId);
    }

    @Override
    public void keyRemoved(String userId) {
        interest.keyRemoved(userId);
        onAbsent.accept(userId);
    }

    private void run() {
        try {
            while (running) {
                try {
                    assignment.apply(consumer, interest, this::positionAtEnd);
                    if (assignment.isEmpty()) {
                        interest.awaitChange(POLL);
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (record.key() != null && record.value() != null) {
                            offerOne(record);
                        }
                    }
                } catch (WakeupException e) {
                    // a partition to assign, or closing: the loop decides
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{} feed stopped: {}", topic.name(), e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Seeks {@code added} to their ends (the last stable offsets) now, so {@link #assignedPartitions()} lists only
     * positioned partitions; if the broker does not answer in time, the next poll does it.
     */
    private void positionAtEnd(Set<TopicPartition> added) {
        consumer.seekToEnd(added);
        try {
            for (TopicPartition partition : added) {
                positionOf(partition);
            }
        } catch (TimeoutException e) {
            LOG.warn("{} partitions {} not positioned yet, left to the next poll: {}", topic.name(), added, e.toString());
        }
    }

    /**
     * Resolves {@code partition}'s position now, also if a wakeup (another partition's first user) lands meanwhile:
     * that wakeup's partition is drained at the next turn of the loop anyway.
     */
    private void positionOf(TopicPartition partition) {
        while (true) {
            try {
                consumer.position(partition);
                return;
            } catch (WakeupException e) {
                if (!running) {
                    throw e;
                }
            }
        }
    }

    /**
     * One record: a failure is this record's, never the feed's (as in {@link FactFeed}): it is logged and the feed
     * goes on, so one user's bad record cannot stop every other user's events on this node.
     */
    private void offerOne(ConsumerRecord<String, byte[]> record) {
        try {
            offer(record.key(), record.value());
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("skipped {} record {}-{}@{} that failed delivery: {}", topic.name(), record.topic(),
                record.partition(), record.offset(), e.toString(), e);
        }
    }

    private void offer(String userId, byte[] value) {
        if (node.connectionsOf(userId).isEmpty()) {
            onAbsent.accept(userId);
            return;
        }
        GuardedDecoder.Result<V> decoded = decoder.decodeWaiting(value, () -> running);
        if (!decoded.ok() || !userId.equals(topic.keyOf(decoded.value()))) {
            if (!warned) {
                warned = true;
                LOG.warn("Skipping a {} record of {} (later ones silently): {}", topic.name(), userId,
                    decoded.ok() ? "keyed by another user" : decoded.rejection().text());
            }
            return;
        }
        onRecord.accept(userId, decoded.value());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(5_000);
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close();
        }
    }
}
