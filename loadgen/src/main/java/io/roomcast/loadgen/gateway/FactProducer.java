package io.roomcast.loadgen.gateway;

import io.roomcast.events.RoomCommand;
import io.roomcast.events.UpdateRoom;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes the facts a fan-out benchmark measures: {@code UpdateRoom} commands from the room's host,
 * written straight to {@code room-commands} (as the gateway would write them), so room-state-stream
 * answers each with one {@code RoomUpdated} fact whose title is {@code <prefix><n>}. Going around
 * the gateway's own command path keeps its per-user command rate limit out of the measurement.
 */
final class FactProducer implements AutoCloseable {
    private final KafkaProducer<String, RoomCommand> producer;
    private final String room;
    private final String host;

    FactProducer(String bootstrapServers, String registryApiUrl, String room, String host) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.CLIENT_ID_CONFIG, "bench-gateway-facts"),
            EventSerdes.key(Topics.ROOM_COMMANDS).serializer(),
            EventSerdes.value(Topics.ROOM_COMMANDS, EventSerdes.config(registryApiUrl)).serializer());
        this.room = room;
        this.host = host;
    }

    /** Sends the command for fact {@code n} (title {@code prefix + n}); does not wait. */
    void send(String prefix, int n) {
        RoomCommand command = RoomCommand.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setRoomId(room).setUserId(host).setNonce(prefix + n)
            .setCommand(UpdateRoom.newBuilder().setTitle(prefix + n).build()).build();
        producer.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), room, command));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
