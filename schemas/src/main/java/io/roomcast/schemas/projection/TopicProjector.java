package io.roomcast.schemas.projection;

import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryUnavailableException;
import io.roomcast.schemas.validation.Rejection;
import io.roomcast.schemas.validation.WriterSchemas;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects a compacted topic into a read model (Redis) on a thread of its own: consumer group
 * {@code <groupId>}, read_committed, offsets committed after each batch is written, so a restart
 * re-applies at most one batch (the sink's writes must be idempotent). The sink failing with the
 * {@code unavailable} exception type (e.g. Lettuce's {@code RedisException}) is logged and the batch is
 * written again after {@link Settings#retry()}, so the read model being away delays it but loses nothing;
 * the same for the schema registry not answering ({@link RegistryUnavailableException}).
 *
 * <p>One record never stops it: a value the {@link GuardedDecoder} refuses (undecodable, another
 * subject's schema, a length beyond the record, an invalid value), a value keyed by another id than the
 * topic's key ({@link Topic#keyOf}), or one whose write throws anything else is skipped and reported to
 * {@code skipped} (for a counter); the first skip is logged at WARN, later ones at DEBUG. If the loop
 * stops anyway, {@link #running()} turns false (for {@code /health}).
 *
 * <p>A read model that lost its data is rebuilt: about once a second ({@link #MARK_CHECK}) the projector asks its
 * {@link ProjectionMarks} which of its partitions have no mark, reads those again from the topic's start and marks
 * them (a Redis restarted without persistence: every key, not only those with a new record, comes back). The
 * sink's idempotence by version keeps a newer value written meanwhile.
 *
 * @param <V> the topic's value class
 */
public final class TopicProjector<V extends SpecificRecord> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProjector.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * The consumer's fetch.max.wait.ms: a waiting read_committed fetch is completed by new bytes, not
     * by a commit marker, so this bounds how long a committed record may wait at the broker (the
     * Kafka default, 500 ms, would delay every read-model write by up to that): 10 ms.
     */
    private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(10);
    /** How often the projector checks its {@link ProjectionMarks}: 1 s. */
    static final Duration MARK_CHECK = Duration.ofSeconds(1);

    /** Where the newest value of a key goes. */
    @FunctionalInterface
    public interface Sink<V> {
        /**
         * @param key   the record key
         * @param value its newest value in a batch, or null for a tombstone
         */
        void write(String key, V value);
    }

    /**
     * The projector's limits, settings {@code roomcast.read-model-*}.
     *
     * @param batch records read at most per batch (the consumer's {@code max.poll.records}; setting
     *              {@code read-model-batch}, count, default 500); each key of a batch is written once,
     *              then the batch's offsets are committed; at least 1
     * @param retry wait before writing a batch again after the sink was unavailable (setting
     *              {@code read-model-retry}, default 1 s); at least 1 ms
     */
    public record Settings(int batch, Duration retry) {
        /** The documented defaults (500 is also Kafka's default {@code max.poll.records}). */
        public static final Settings DEFAULT = new Settings(500, Duration.ofSeconds(1));

        /** @throws IllegalArgumentException for a batch below 1 or a retry below 1 ms */
        public Settings {
            if (batch < 1 || retry.toMillis() < 1) {
                throw new IllegalArgumentException("read-model-batch must be >= 1 and read-model-retry >= 1 ms: " + this);
            }
        }
    }

    private final Topic<String, V> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final GuardedDecoder<V> decoder;
    private final Sink<V> sink;
    private final ProjectionMarks marks;
    private final Class<? extends RuntimeException> unavailable;
    private final Consumer<Reason> skipped;
    private final Duration retry;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile boolean warned;
    private long nextMarkCheck;

    /**
     * Starts the projection thread.
     *
     * @param writerSchemas the registry versions the topic's values are decoded against
     * @param groupId       the consumer group, e.g. {@code room-state-stream-redis}
     * @param marks         the read model's marks of what it holds (see the class comment)
     * @param unavailable   the sink's exception type that means "retry the batch later"
     * @param skipped       told the reason of every skipped record
     */
    public TopicProjector(Topic<String, V> topic, WriterSchemas writerSchemas, String bootstrapServers, String groupId,
                          Settings settings, Sink<V> sink, ProjectionMarks marks,
                          Class<? extends RuntimeException> unavailable, Consumer<Reason> skipped) {
        this.topic = topic;
        this.marks = marks;
        this.decoder = new GuardedDecoder<>(topic, writerSchemas, RecordValidator.DEFAULT);
        this.sink = sink;
        this.unavailable = unavailable;
        this.skipped = skipped;
        this.retry = settings.retry();
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis(),
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batch()),
            EventSerdes.key(topic).deserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().name(groupId).start(this::run);
    }

    /**
     * The last record of each key in a batch: a value (or tombstone) supersedes the key's earlier ones,
     * so an idempotent sink leaves the same content for the newest alone as for the whole sequence. When
     * the sink falls behind (a crowd joining a room of thousands), batches grow and each key is still
     * written once per batch.
     */
    public static <V> Collection<ConsumerRecord<String, V>> newestPerKey(ConsumerRecords<String, V> records) {
        Map<String, ConsumerRecord<String, V>> newest = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            newest.put(record.key(), record);
        }
        return newest.values();
    }

    private void run() {
        consumer.subscribe(List.of(topic.name()));
        try {
            while (running) {
                if (!replayUnmarked()) {
                    Thread.sleep(retry);
                    continue;
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                try {
                    for (ConsumerRecord<String, byte[]> record : newestPerKey(records)) {
                        project(record);
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                } catch (RuntimeException e) {
                    if (!unavailable.isInstance(e) && !(e instanceof RegistryUnavailableException)) {
                        throw e;
                    }
                    LOG.warn("{} read model batch not written, retrying it in {} ms: {}", topic.name(),
                        retry.toMillis(), e.toString());
                    rewind(records);
                    Thread.sleep(retry);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{} read model projection stopped: {}", topic.name(), e.toString(), e);
        } finally {
            stopped = true;
            consumer.close();
        }
    }

    /**
     * At most every {@link #MARK_CHECK}: the assigned partitions without a mark are read again from their start,
     * then marked.
     *
     * @return false when the read model could not be asked (try again after the retry wait)
     */
    private boolean replayUnmarked() {
        long now = System.nanoTime();
        Set<TopicPartition> assigned = consumer.assignment();
        if (now < nextMarkCheck || assigned.isEmpty()) {
            return true;
        }
        try {
            Set<Integer> missing = marks.missing(assigned.stream().map(TopicPartition::partition).toList());
            for (TopicPartition partition : assigned) {
                if (missing.contains(partition.partition())) {
                    LOG.info("{} read model has no mark of partition {} (new, or the read model lost its data): "
                        + "projecting it again from its start", topic.name(), partition.partition());
                    consumer.seekToBeginning(List.of(partition));
                    marks.mark(partition.partition());
                }
            }
            nextMarkCheck = now + MARK_CHECK.toNanos();
            return true;
        } catch (RuntimeException e) {
            if (!unavailable.isInstance(e)) {
                throw e;
            }
            LOG.warn("{} read model marks not readable, retrying in {} ms: {}", topic.name(), retry.toMillis(), e.toString());
            return false;
        }
    }

    /** Writes one key's newest record, or skips it (reported) if it is not a valid value of that key. */
    private void project(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null && record.key() != null) {
            sink.write(record.key(), null);
            return;
        }
        GuardedDecoder.Result<V> decoded = decoder.decode(record.value());
        Rejection refused = !decoded.ok() ? decoded.rejection()
            : topic.keyOf(decoded.value()).equals(record.key()) ? null
            : new Rejection(Reason.KEY_MISMATCH, "key '" + record.key() + "' is not the " + topic.key() + " '"
                + topic.keyOf(decoded.value()) + "'");
        if (refused == null) {
            try {
                sink.write(record.key(), decoded.value());
                return;
            } catch (RuntimeException e) {
                if (unavailable.isInstance(e)) {
                    throw e;
                }
                refused = new Rejection(Reason.PROCESSING_ERROR, e.toString());
            }
        }
        skip(record, refused);
    }

    private void skip(ConsumerRecord<String, byte[]> record, Rejection rejection) {
        skipped.accept(rejection.reason());
        String message = "{} read model skipped partition {} offset {}: {}";
        if (!warned) {
            warned = true;
            LOG.warn(message + " (later skips at DEBUG)", topic.name(), record.partition(), record.offset(), rejection.text());
        } else {
            LOG.debug(message, topic.name(), record.partition(), record.offset(), rejection.text());
        }
    }

    /** @return false once the projection loop has stopped for any reason but {@link #close()} */
    public boolean running() {
        return !stopped || !running;
    }

    /** Seeks back to the first record of each partition of a batch that was not (fully) written. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    /** Stops the loop and waits up to 10 s for it to finish its batch. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
