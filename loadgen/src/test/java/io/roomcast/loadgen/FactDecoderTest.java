package io.roomcast.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.CommandRejected;
import io.roomcast.events.HandRaised;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.RoomEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class FactDecoderTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void readsCommandIdAndRejectionOnTheFastPathAfterOneCheck() {
        AtomicInteger fullDecodes = new AtomicInteger();
        FactDecoder decoder = new FactDecoder(bytes -> {
            fullDecodes.incrementAndGet();
            return read(bytes);
        });
        RoomEvent raised = event("c-1", new HandRaised("u1", NOW));
        RoomEvent rejected = event("c-2", new CommandRejected("AcceptHand", RejectionReason.NOT_MODERATOR, "no", null));

        assertThat(decoder.decode(wire(7, raised))).isEqualTo(new FactDecoder.Fact("c-1", false, null));
        assertThat(decoder.decode(wire(7, rejected))).isEqualTo(new FactDecoder.Fact("c-2", true, "NOT_MODERATOR"));
        assertThat(decoder.decode(wire(7, event(null, new HandRaised("u1", NOW))))).isEqualTo(new FactDecoder.Fact(null, false, null));
        assertThat(fullDecodes).hasValue(1); // only the first record of schema id 7 is also decoded fully, as the check
    }

    @Test
    void refusesValuesNotInTheWireFormat() {
        FactDecoder decoder = new FactDecoder(FactDecoderTest::read);

        assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    private static RoomEvent event(String commandId, Object fact) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(NOW).setRoomId("r1")
            .setUserId("u1").setNonce("n1").setCommandId(commandId).setFact(fact).build();
    }

    private static byte[] wire(int schemaId, RoomEvent event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(java.nio.ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(RoomEvent.class).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RoomEvent read(byte[] bytes) {
        try {
            var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            return new org.apache.avro.specific.SpecificDatumReader<>(RoomEvent.class).read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
