package io.roomcast.social.feed;

import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.schemas.Service;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.social.store.SocialStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the marks on rooms that ended ({@link SocialStore#forgetRoomMarks}): reads {@code room-events} in consumer
 * group {@value #GROUP} (every gateway node runs one; Kafka splits the partitions between them; a new group starts at
 * the earliest records, so marks on rooms that ended before it existed are forgotten too), and for each
 * {@code RoomEnded} fact ends the room's HIDES and REMINDS marks, each as an inactive social-graph edge. At least once:
 * offsets are committed after a poll's records are handled; a redelivered end finds no mark left and writes nothing.
 * A record the decoder refuses is skipped (room-state-stream dead-letters bad input; logged once at WARN). When
 * PostgreSQL fails, the consumer is closed and made again after {@code retry}, from the committed offsets.
 */
public final class EndedRoomMarks implements AutoCloseable {
    /** The consumer group of every gateway node's reader (under the gateway principal's group prefix). */
    public static final String GROUP = Service.INGRESS_WS.id() + "-ended-rooms";
    private static final Logger LOG = LoggerFactory.getLogger(EndedRoomMarks.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final SocialStore store;
    private final Map<String, Object> config;
    private final GuardedDecoder<RoomEvent> decoder;
    private final Duration retry;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private boolean warned;

    /** @param retry wait before reading again after PostgreSQL failed */
    public EndedRoomMarks(SocialStore store, String bootstrapServers, String registryUrl, Duration retry) {
        this.store = store;
        this.retry = retry;
        this.config = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, GROUP,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.decoder = new GuardedDecoder<>(Topics.ROOM_EVENTS, new RegistryWriterSchemas(registryUrl),
            RecordValidator.DEFAULT);
        this.thread = Thread.ofPlatform().name("social-ended-rooms").daemon().unstarted(this::run);
    }

    /** Starts reading. */
    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(Topics.ROOM_EVENTS.name()));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        handle(record.value());
                    }
                    c.commitSync();
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("forgetting the marks of ended rooms failed; reading again in {} ms: {}", retry.toMillis(),
                    e.toString());
                pause();
            }
        }
    }

    private void handle(byte[] value) {
        if (value == null) {
            return;
        }
        GuardedDecoder.Result<RoomEvent> decoded = decoder.decode(value);
        if (!decoded.ok()) {
            if (!warned) {
                warned = true;
                LOG.warn("skipping an undecodable room-events record (later ones silently): {}",
                    decoded.rejection().text());
            }
            return;
        }
        if (decoded.value().getFact() instanceof RoomEnded) {
            int ended = store.forgetRoomMarks(decoded.value().getRoomId());
            if (ended > 0) {
                LOG.debug("room {} ended: {} mark(s) forgotten", decoded.value().getRoomId(), ended);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(5_000);
    }
}
