package io.roomcast.loadgen.gateway;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomUpdated;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Notes when each measured fact becomes readable on {@code room-events} for a read_committed
 * consumer (its transaction committed), with the same fetch wait as the gateway's feed (10 ms), so
 * the benchmark can tell the gateway's share of the latency (readable → received) from
 * room-state-stream's (fact time → committed). One thread; reads only the room's partition, from
 * its end at construction.
 */
final class FactWatcher implements AutoCloseable {
    private final KafkaConsumer<String, RoomEvent> consumer;
    private final String room;
    private final Thread thread;
    private volatile RoomcastUser.Phase phase;

    FactWatcher(String bootstrapServers, String registryApiUrl, String room) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
            new StringDeserializer(), EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registryApiUrl)).deserializer());
        this.room = room;
        TopicPartition partition = new TopicPartition(Topics.ROOM_EVENTS.name(), Topics.ROOM_EVENTS.partitionOf(room));
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        this.thread = Thread.ofPlatform().name("fact-watcher").daemon().start(this::run);
    }

    void measure(RoomcastUser.Phase phase) {
        this.phase = phase;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, RoomEvent> record : consumer.poll(Duration.ofMillis(10))) {
                    long now = Deliveries.nowMicros();
                    RoomcastUser.Phase current = phase;
                    if (current != null && room.equals(record.key()) && record.value().getFact() instanceof RoomUpdated updated
                            && updated.getTitle() != null && updated.getTitle().startsWith(current.prefix())) {
                        current.deliveries().readable(Integer.parseInt(updated.getTitle().substring(current.prefix().length())), now);
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() was called
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(5_000);
    }
}
