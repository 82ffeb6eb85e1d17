package io.roomcast.gateway.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.HallwayImpression;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes served hallway pages to {@code hallway-impressions} (key = user id, Avro in the Confluent wire format):
 * without waiting, so a page is never slowed or failed by the log. An impression that cannot be written (broker
 * or registry unreachable for {@code roomcast.gateway.rest.publish-timeout}) is dropped and counted in
 * {@code roomcast_gateway_impressions_dropped_total}; written ones in {@code roomcast_gateway_impressions_total}.
 * Thread-safe.
 */
@Singleton
public final class ImpressionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImpressionLog.class);

    private final KafkaProducer<String, HallwayImpression> producer;
    private final Duration timeout;
    private final Counter written;
    private final Counter dropped;

    /**
     * @param bootstrapServers Kafka brokers
     * @param registryUrl      the schema registry's native API URL
     * @param timeout          longest a send may block for metadata or the registry
     */
    public ImpressionLog(@Value("${kafka.bootstrap.servers}") String bootstrapServers,
                         @Value("${roomcast.registry-url}") String registryUrl,
                         @Value("${roomcast.gateway.rest.publish-timeout:10s}") Duration timeout, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingress-ws-impressions");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(config, EventSerdes.key(Topics.HALLWAY_IMPRESSIONS).serializer(),
            EventSerdes.value(Topics.HALLWAY_IMPRESSIONS, EventSerdes.config(registryUrl)).serializer());
        this.timeout = timeout;
        this.written = Counter.builder("roomcast.gateway.impressions")
            .description("Served hallway pages written to hallway-impressions").register(meters);
        this.dropped = Counter.builder("roomcast.gateway.impressions.dropped")
            .description("Served hallway pages that could not be written to hallway-impressions").register(meters);
    }

    /** Sends one impression (returns at once; the outcome is counted). */
    public void log(HallwayImpression impression) {
        try {
            producer.send(new ProducerRecord<>(Topics.HALLWAY_IMPRESSIONS.name(), impression.getUserId(), impression),
                (metadata, error) -> {
                    if (error == null) {
                        written.increment();
                    } else {
                        drop(error);
                    }
                });
        } catch (KafkaException e) {
            drop(e);
        }
    }

    private void drop(Exception e) {
        dropped.increment();
        LOG.debug("impression dropped: {}", e.toString());
    }

    @PreDestroy
    @Override
    public void close() {
        producer.close(timeout);
    }
}
