package io.roomcast.gateway.ws;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic keyed by userId (every partition, from the end, no consumer group, read_committed) on one thread
 * and hands each record of a user with a session on this node to {@code onRecord(userId, value)}; a record of a
 * user with none is not decoded and goes to {@code onAbsent(userId)}. The feed of the user events of
 * docs/protocol.md ("User events"): {@link HallwayFeed} (hallway-rankings) and {@link NotificationFeed}
 * (notifications). A record the decoder refuses (topic's own schema versions, {@link GuardedDecoder}), or whose value
 * names another user than its key, is skipped (logged once at WARN). The catalog's partitions are assigned without
 * asking the broker, so building a feed neither needs nor waits for Kafka; the end positions are taken at the first
 * poll after {@link #start()}. Cost: each record is one map lookup of its key among this node's READY users
 * ({@link GatewayNode#connectionsOf}); only the records of those users are decoded.
 *
 * @param <V> the topic's value
 */
final class UserTopicFeed<V extends SpecificRecord> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UserTopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Topic<String, V> topic;
    private final GatewayNode node;
    private final BiConsumer<String, V> onRecord;
    private final Consumer<String> onAbsent;
    private final GuardedDecoder<V> decoder;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean warned;

    /**
     * @param fetchMaxWait the consumer's fetch.max.wait.ms ({@code roomcast.gateway.feed.fetch-max-wait})
     */
    UserTopicFeed(Topic<String, V> topic, GatewayNode node, String bootstrapServers, String registryUrl,
                  Duration fetchMaxWait, BiConsumer<String, V> onRecord, Consumer<String> onAbsent) {
        this.topic = topic;
        this.node = node;
        this.onRecord = onRecord;
        this.onAbsent = onAbsent;
        this.decoder = new GuardedDecoder<>(topic, new RegistryWriterSchemas(registryUrl), RecordValidator.DEFAULT);
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
            .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        this.thread = Thread.ofPlatform().name(topic.name() + "-feed").daemon().unstarted(this::run);
    }

    /** Starts reading (from the end of each partition at that time). */
    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null && record.value() != null) {
                        offer(record.key(), record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close();
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
