package io.roomcast.roomstate.readmodel;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.roomstate.RoomStateSettings;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import io.lettuce.core.RedisException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.schemas.validation.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects the compacted room-state topic into Redis ({@link RedisReadModel}) on a thread of its
 * own: consumer group {@code <app>-redis}, offsets committed after each batch is written, so a
 * restart re-applies at most one batch (harmless: writes are idempotent by snapshot version). A
 * Redis failure is logged and the batch is written again after {@link Settings#retry()}, so Redis
 * being away delays the read model but loses nothing.
 *
 * <p>One record never stops it: a value the {@link GuardedDecoder} refuses (undecodable, another
 * subject's schema, a length beyond the record, an invalid snapshot such as an empty user id), a
 * snapshot keyed by another room, or one whose projection throws is skipped and counted
 * ({@code roomcast_read_model_skipped_total{reason}}); the first skip is logged at WARN, later ones at
 * DEBUG. If the loop stops anyway, {@link #running()} turns false and {@code /health} says DOWN
 * ({@link ReadModelHealth}).
 */
@Context
public class ReadModelProjector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelProjector.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /**
     * The consumer's fetch.max.wait.ms: a waiting read_committed fetch is completed by new bytes, not
     * by a commit marker, so this bounds how long a committed snapshot may wait at the broker (the
     * Kafka default, 500 ms, would delay every join's read model by up to that): 10 ms.
     */
    private static final Duration FETCH_MAX_WAIT = Duration.ofMillis(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final GuardedDecoder<RoomSnapshot> decoder;
    private final MeterRegistry meters;
    private final RedisReadModel redis;
    private final Thread thread;
    private final Duration retry;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile boolean warned;

    /**
     * The projector's limits, settings {@code roomcast.read-model-*}.
     *
     * @param batch records read from room-state at most per batch (the consumer's {@code max.poll.records};
     *              setting {@code read-model-batch}, count, default 500); each room of a batch is written
     *              once, then the batch's offsets are committed; at least 1
     * @param retry wait before writing a batch again after Redis failed (setting {@code read-model-retry},
     *              default 1 s); at least 1 ms
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

    public ReadModelProjector(RoomStateSettings settings,
                              @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                              @Value("${micronaut.application.name}") String applicationId,
                              MeterRegistry meters) {
        Serde<String> keys = EventSerdes.key(Topics.ROOM_STATE);
        this.decoder = new GuardedDecoder<>(Topics.ROOM_STATE, new RegistryWriterSchemas(settings.getRegistryUrl()),
            RecordValidator.DEFAULT);
        this.meters = meters;
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-redis",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FETCH_MAX_WAIT.toMillis(),
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.readModel().batch()), keys.deserializer(), new ByteArrayDeserializer());
        this.retry = settings.readModel().retry();
        this.redis = new RedisReadModel(settings.getRedisUri(), settings.getIdleExpiry());
        this.thread = Thread.ofPlatform().name("redis-read-model").start(this::run);
    }

    /**
     * The last record of each room in a batch: a snapshot (or tombstone) supersedes the room's
     * earlier ones, and {@link RedisReadModel#apply} leaves the same content for the newest alone as
     * for the whole sequence. When Redis falls behind (a crowd joining a room of thousands, each
     * join a whole-room snapshot), batches grow and each room is still written once per batch.
     */
    static <V> Collection<ConsumerRecord<String, V>> newestPerRoom(ConsumerRecords<String, V> records) {
        Map<String, ConsumerRecord<String, V>> newest = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> record : records) {
            newest.put(record.key(), record);
        }
        return newest.values();
    }

    private void run() {
        consumer.subscribe(List.of(Topics.ROOM_STATE.name()));
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                try {
                    for (ConsumerRecord<String, byte[]> record : newestPerRoom(records)) {
                        project(record);
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                } catch (RedisException e) {
                    LOG.warn("Redis write failed, retrying the batch in {} ms: {}", retry.toMillis(), e.toString());
                    rewind(records);
                    Thread.sleep(retry);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Redis read model projection stopped: {}", e.toString(), e);
        } finally {
            stopped = true;
            consumer.close();
        }
    }

    /** Writes one room's newest record, or skips it (counted) if it is not a valid snapshot of that room. */
    private void project(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null && record.key() != null) {
            redis.apply(record.key(), null); // tombstone: the room ended
            return;
        }
        GuardedDecoder.Result<RoomSnapshot> decoded = decoder.decode(record.value());
        Rejection refused = !decoded.ok() ? decoded.rejection()
            : decoded.value().getRoomId().equals(record.key()) ? null
            : new Rejection(Reason.KEY_MISMATCH, "key '" + record.key() + "' is not the roomId '" + decoded.value().getRoomId() + "'");
        if (refused == null) {
            try {
                redis.apply(record.key(), decoded.value());
                return;
            } catch (RedisException e) {
                throw e;
            } catch (RuntimeException e) {
                refused = new Rejection(Reason.PROCESSING_ERROR, e.toString());
            }
        }
        skip(record, refused);
    }

    private void skip(ConsumerRecord<String, byte[]> record, Rejection rejection) {
        Counter.builder("roomcast.read.model.skipped")
            .description("room-state records the Redis read model skipped, by reason code")
            .tag("reason", rejection.reason().code()).register(meters).increment();
        String message = "Redis read model skipped room-state partition {} offset {}: {}";
        if (!warned) {
            warned = true;
            LOG.warn(message + " (later skips at DEBUG)", record.partition(), record.offset(), rejection.text());
        } else {
            LOG.debug(message, record.partition(), record.offset(), rejection.text());
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

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
        redis.close();
    }
}
