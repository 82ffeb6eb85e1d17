package io.roomcast.gateway.rest;

import io.micronaut.context.annotation.Value;
import io.roomcast.events.RoomCommand;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes REST room commands to {@code room-commands} (key = room id; value Avro in the Confluent
 * wire format via {@link EventSerdes}), idempotent producer with {@code acks=all}, and waits for the
 * broker's acknowledgement so a 202 means the command is durably on the topic.
 *
 * <p>Settings: {@code kafka.bootstrap.servers}, {@code roomcast.registry-url} (the registry's native
 * API), {@code roomcast.gateway.rest.publish-timeout} (default 10 s). Thread-safe.
 */
@Singleton
public final class RoomCommandPublisher implements AutoCloseable {

    /** Thrown when the command could not be written in time; the REST API answers 503. */
    public static final class PublishException extends Exception {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<String, RoomCommand> producer;
    private final Duration timeout;

    /**
     * @param bootstrapServers Kafka brokers
     * @param registryUrl      the schema registry's native API URL
     * @param timeout          how long to wait for the acknowledgement, at least 1 ms
     */
    public RoomCommandPublisher(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                                @Value("${roomcast.registry-url}") String registryUrl,
                                @Value("${roomcast.gateway.rest.publish-timeout:10s}") Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("roomcast.gateway.rest.publish-timeout must be at least 1 ms");
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingress-ws-rest");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(config, EventSerdes.key(Topics.ROOM_COMMANDS).serializer(),
                EventSerdes.value(Topics.ROOM_COMMANDS, EventSerdes.config(registryUrl)).serializer());
        this.timeout = timeout;
    }

    /**
     * Writes one command and waits for the acknowledgement (blocking).
     *
     * @param command a command; its room id is the record key
     * @throws PublishException if serialization (registry unreachable), the broker or the timeout fails
     */
    public void publish(RoomCommand command) throws PublishException {
        try {
            producer.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), command.getRoomId(), command))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("room-commands write failed", e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw new PublishException("room-commands write failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted", e);
        }
    }

    /** Flushes and closes the producer (waits at most the publish timeout). */
    @PreDestroy
    @Override
    public void close() {
        producer.close(timeout);
    }
}
