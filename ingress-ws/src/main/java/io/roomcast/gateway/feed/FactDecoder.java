package io.roomcast.gateway.feed;

import io.roomcast.events.RoomEvent;
import io.roomcast.gateway.fanout.Fact;
import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.gateway.ws.Outgoing;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a room-events record into the {@link Fact} the fan-out delivers: decoded through the
 * registry serde, routed ({@link Dispatches#route}: a DISPATCH for the room, or a COMMAND_RESULT for
 * its sender) and encoded once ({@link FrameCodec}). Shared by the live feed and the resume
 * catch-up reader, so both hand the fan-out the same frames. Thread-safe.
 *
 * <p>A record that cannot be decoded is skipped and counted ({@link #undecodable()}):
 * room-state-stream, the only writer, validates what it writes.
 */
final class FactDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FactDecoder.class);

    /** A fact and the room it belongs to (RoomEvent.roomId, also the record key). */
    record RoomFact(String roomId, Fact fact) {}

    private final Deserializer<RoomEvent> facts;
    private final FrameCodec codec;
    private final AtomicLong undecodable = new AtomicLong();

    /**
     * @param serdeConfig registry serde config ({@link EventSerdes#config})
     * @param codec       the node's frame codec
     */
    FactDecoder(Map<String, Object> serdeConfig, FrameCodec codec) {
        this.facts = EventSerdes.value(Topics.ROOM_EVENTS, serdeConfig).deserializer();
        this.codec = codec;
    }

    /** @return the record's fact, or empty if it is not sent to clients or cannot be decoded */
    Optional<RoomFact> decode(ConsumerRecord<String, byte[]> record) {
        RoomEvent event;
        try {
            event = facts.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            LOG.warn("skipped an undecodable room-events record at {}-{}@{}: {}", record.topic(), record.partition(),
                record.offset(), e.getMessage());
            return Optional.empty();
        }
        return Dispatches.route(event, record.partition(), record.offset()).map(routed -> {
            Frame frame = Outgoing.frame(codec.encode(routed.frame()), routed.frame(), routed.audience());
            Fact fact = routed.audience() instanceof Dispatches.Audience.Sender sender
                ? Fact.targeted(record.partition(), record.offset(), event.getRoomVersion(), sender.sessionId(), frame)
                : Fact.broadcast(record.partition(), record.offset(), event.getRoomVersion(), frame);
            return new RoomFact(event.getRoomId(), fact);
        });
    }

    /** Records skipped because they could not be decoded (count). */
    long undecodable() {
        return undecodable.get();
    }
}
