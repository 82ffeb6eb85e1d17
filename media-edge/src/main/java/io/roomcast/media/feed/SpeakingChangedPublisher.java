package io.roomcast.media.feed;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.media.speaking.DominantSpeakers;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code SpeakingChanged} facts to room-events (the catalog names media-edge as its second
 * writer, for this fact only): key roomId, {@code roomVersion} null (not a room-state change, see the
 * schema), {@code userId} null (a system fact), idempotent producer with acks=all. Sends are
 * asynchronous; a failed send is logged and dropped (the next change corrects what clients show).
 */
public final class SpeakingChangedPublisher implements DominantSpeakers.Reporter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpeakingChangedPublisher.class);

    private final KafkaProducer<String, RoomEvent> producer;

    /** @param serdeConfig registry serde config ({@link EventSerdes#config}) */
    public SpeakingChangedPublisher(String bootstrapServers, Map<String, Object> serdeConfig, String clientId) {
        this.producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.CLIENT_ID_CONFIG, clientId,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 0),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdeConfig).serializer());
    }

    @Override
    public void speakingChanged(String room, String user, boolean speaking, int audioLevel) {
        RoomEvent fact = RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setRoomId(room).setFact(new SpeakingChanged(user, speaking, audioLevel < 0 ? null : audioLevel)).build();
        producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact), (metadata, error) -> {
            if (error != null) {
                LOG.warn("SpeakingChanged for {} in {} not written: {}", user, room, error.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}
