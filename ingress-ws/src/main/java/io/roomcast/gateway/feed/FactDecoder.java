package io.roomcast.gateway.feed;

import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.gateway.fanout.Fact;
import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.gateway.ws.Outgoing;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a room-events record into the {@link Fact} the fan-out delivers: decoded with the topic's own
 * schema versions from the registry, every declared length checked against the record's size before
 * anything is allocated, and the record rules ({@link GuardedDecoder}, issue 11), routed ({@link Dispatches#route}: a DISPATCH for the room, or a COMMAND_RESULT for
 * its sender) and encoded once ({@link FrameCodec}). Shared by the live feed and the resume
 * catch-up reader, so both hand the fan-out the same frames. Thread-safe.
 *
 * <p>A record that cannot be decoded (another schema, a length beyond the record such as a 13-byte
 * record declaring a 2 GB string, bytes that are not Avro, a value breaking the record rules) is
 * skipped, logged with its reason and counted ({@link #undecodable()}); the feed goes on.
 */
final class FactDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(FactDecoder.class);

    /** A fact and the room it belongs to (RoomEvent.roomId, also the record key). */
    record RoomFact(String roomId, Fact fact) {}

    private final GuardedDecoder<RoomEvent> facts;
    private final FrameCodec codec;
    private final AtomicLong undecodable = new AtomicLong();

    /**
     * @param serdeConfig registry serde config ({@link EventSerdes#config})
     * @param codec       the node's frame codec
     */
    FactDecoder(Map<String, Object> serdeConfig, FrameCodec codec) {
        this.facts = new GuardedDecoder<>(Topics.ROOM_EVENTS, RegistryWriterSchemas.fromSerdeConfig(serdeConfig),
            RecordValidator.DEFAULT);
        this.codec = codec;
    }

    /**
     * @param keepWaiting while true, a registry that does not answer is waited for ({@link GuardedDecoder#decodeWaiting})
     * @return the record's fact, or empty if it is not sent to clients or cannot be decoded
     * @throws io.roomcast.schemas.validation.RegistryUnavailableException if the registry still does not
     *         answer when {@code keepWaiting} turns false
     */
    Optional<RoomFact> decode(ConsumerRecord<String, byte[]> record, BooleanSupplier keepWaiting) {
        GuardedDecoder.Result<RoomEvent> decoded = facts.decodeWaiting(record.value(), keepWaiting);
        if (!decoded.ok()) {
            undecodable.incrementAndGet();
            LOG.warn("skipped an undecodable room-events record at {}-{}@{}: {}", record.topic(), record.partition(),
                record.offset(), decoded.rejection().text());
            return Optional.empty();
        }
        RoomEvent event = decoded.value();
        return Dispatches.route(event, record.partition(), record.offset()).map(routed -> {
            Frame frame = Outgoing.frame(codec.encode(routed.frame()), routed.frame(), routed.audience());
            // An answer naming no session (a REST command's) goes to the room: each session keeps it only
            // if its user awaits that nonce (SessionProtocol.onCommandResult).
            Fact fact = routed.audience() instanceof Dispatches.Audience.Sender sender && sender.sessionId() != null
                ? Fact.targeted(record.partition(), record.offset(), event.getRoomVersion(), sender.sessionId(), frame)
                : Fact.broadcast(record.partition(), record.offset(), event.getRoomVersion(), frame);
            if (event.getUserId() != null && event.getNonce() != null) {
                fact = fact.deciding(event.getUserId(), event.getNonce());
            }
            Fact.Membership membership = membership(event);
            return new RoomFact(event.getRoomId(), membership == null ? fact : fact.removing(membership));
        });
    }

    /**
     * What a fact does to the room's subscriptions (docs/protocol.md, "Subscriptions"): a participant's
     * ParticipantLeft (left, kicked, banned, timed out, moved to another room) and a join request closed
     * without admission (denied, withdrawn) end that user's subscription, RoomEnded everyone's; a ParticipantLeft because the room ended waits for RoomEnded,
     * so everyone gets that too.
     *
     * @return the change, or null for a fact that removes nobody
     */
    static Fact.Membership membership(RoomEvent event) {
        return switch (event.getFact()) {
            case ParticipantLeft left when left.getReason() != LeaveReason.ROOM_ENDED ->
                new Fact.Membership.Left(left.getParticipantId());
            case JoinRequestClosed closed when closed.getReason() != JoinRequestCloseReason.APPROVED ->
                new Fact.Membership.Left(closed.getParticipantId());
            case RoomEnded ended -> new Fact.Membership.Ended();
            case null, default -> null;
        };
    }

    /** Records skipped because they could not be decoded (count). */
    long undecodable() {
        return undecodable.get();
    }
}
