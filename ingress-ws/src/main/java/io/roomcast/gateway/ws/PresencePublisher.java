package io.roomcast.gateway.ws;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's records on {@code presence-heartbeats}, through one idempotent producer and on the node's publisher
 * thread (so in the order they are handed over): the heartbeats of its READY sessions (key userId), and every tick
 * interval ({@code roomcast.gateway.presence-tick-interval}, 1 s) a tick ({@link PresenceTicks}) into every partition.
 * A tick is stamped on the publisher thread, after every heartbeat handed over before it, so it tells presence
 * (room-state-stream) that every earlier heartbeat of this node is already in that partition. A heartbeat is stamped
 * by its session's thread a few microseconds before it is handed over, so it may follow a tick stamped in between:
 * against a 45 s deadline and 15 s heartbeats, never enough to judge a user silent.
 *
 * <p>A send that fails (the broker unreachable past the producer's {@code delivery.timeout.ms}, 120 s) is lost, as a
 * heartbeat the client never sent would be: it is counted and logged at WARN at most once per 10 s.
 */
final class PresencePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresencePublisher.class);
    private static final long WARN_EVERY_MS = 10_000;

    private final KafkaProducer<String, PresenceHeartbeat> producer;
    private final String nodeId;
    private final Executor publisher;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lastWarnMs = new AtomicLong();
    private final Callback written = (metadata, error) -> {
        if (error != null) {
            failed(error);
        }
    };

    /**
     * @param producerConfig the node's producer settings (acks all, idempotence)
     * @param serdes         the registry settings ({@link EventSerdes#config})
     * @param publisher      the node's single publisher thread
     */
    PresencePublisher(Map<String, Object> producerConfig, Map<String, Object> serdes, String nodeId, Executor publisher) {
        this.producer = new KafkaProducer<>(producerConfig, EventSerdes.key(Topics.PRESENCE_HEARTBEATS).serializer(),
            EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdes).serializer());
        this.nodeId = nodeId;
        this.publisher = publisher;
    }

    /** Writes a session's heartbeat, key userId. */
    void heartbeat(PresenceHeartbeat heartbeat) {
        publisher.execute(() -> send(new ProducerRecord<>(Topics.PRESENCE_HEARTBEATS.name(), heartbeat.getUserId(), heartbeat)));
    }

    /** Writes this node's tick, stamped now, into every partition of presence-heartbeats (key null). */
    void tick() {
        publisher.execute(() -> {
            PresenceHeartbeat tick = PresenceTicks.tick(nodeId, Instant.now());
            try {
                for (PartitionInfo partition : producer.partitionsFor(Topics.PRESENCE_HEARTBEATS.name())) {
                    send(new ProducerRecord<>(Topics.PRESENCE_HEARTBEATS.name(), partition.partition(), null, tick));
                }
            } catch (RuntimeException e) { // no metadata within max.block.ms: the broker is unreachable
                failed(e);
            }
        });
    }

    private void send(ProducerRecord<String, PresenceHeartbeat> record) {
        try {
            producer.send(record, written);
        } catch (RuntimeException e) { // serialization (registry), buffer full past max.block.ms, closed
            failed(e);
        }
    }

    private void failed(Exception error) {
        long count = failed.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastWarnMs.get();
        if (now - last >= WARN_EVERY_MS && lastWarnMs.compareAndSet(last, now)) {
            LOG.warn("presence record of node {} not written to {} ({} so far): {}", nodeId,
                Topics.PRESENCE_HEARTBEATS.name(), count, error.toString());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
