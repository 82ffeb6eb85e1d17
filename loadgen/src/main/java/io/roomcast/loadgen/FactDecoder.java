package io.roomcast.loadgen;

import io.roomcast.events.CommandRejected;
import io.roomcast.events.RoomEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads just what the benchmark needs from a room-events value: the fact's {@code commandId} and
 * which fact it is, plus the reason of a CommandRejected. The value is in the Confluent wire format
 * (magic byte 0, 4-byte big-endian schema id, Avro binary; Confluent docs, "Wire format"); the
 * fields before {@code fact} are skipped, not materialized, so the load generator spends its CPU on
 * load rather than on decoding whole facts.
 *
 * <p>The fast path assumes the writer schema is the generated {@link RoomEvent}'s (what
 * room-state-stream writes with). That is checked once per schema id: the first record of each id
 * is also decoded by {@code fullDecoder} (the registry serde); if the two disagree, records of that
 * id go through the full decoder from then on. Not thread-safe: one consumer thread uses it.
 */
final class FactDecoder {
    /** What a fact says about its command. */
    record Fact(String commandId, boolean rejected, String rejectionReason) {}

    private static final byte MAGIC = 0;
    private static final int HEADER_BYTES = 5;

    private final Function<byte[], RoomEvent> fullDecoder;
    private final List<Schema.Field> beforeCommandId;
    private final List<Schema.Field> betweenCommandIdAndFact;
    private final Schema commandIdSchema;
    private final Schema factSchema;
    private final int rejectedBranch;
    private final SpecificDatumReader<CommandRejected> rejectedReader = new SpecificDatumReader<>(CommandRejected.getClassSchema());
    private final Map<Integer, Boolean> fastPathOk = new HashMap<>();
    private BinaryDecoder decoder;

    /** @param fullDecoder the registry serde's deserializer for room-events values, used to check the fast path */
    FactDecoder(Function<byte[], RoomEvent> fullDecoder) {
        this.fullDecoder = fullDecoder;
        List<Schema.Field> fields = RoomEvent.getClassSchema().getFields();
        Schema.Field commandId = RoomEvent.getClassSchema().getField("commandId");
        Schema.Field fact = RoomEvent.getClassSchema().getField("fact");
        this.beforeCommandId = fields.subList(0, commandId.pos());
        this.betweenCommandIdAndFact = fields.subList(commandId.pos() + 1, fact.pos());
        this.commandIdSchema = commandId.schema();
        this.factSchema = fact.schema();
        this.rejectedBranch = factSchema.getIndexNamed(CommandRejected.getClassSchema().getFullName());
    }

    /**
     * @param value a room-events record value
     * @return the fact's command id (null for facts of timers), whether it is a CommandRejected, and its reason
     * @throws IllegalArgumentException if the value is not in the wire format or not a RoomEvent
     */
    Fact decode(byte[] value) {
        if (value == null || value.length < HEADER_BYTES || value[0] != MAGIC) {
            throw new IllegalArgumentException("not a Confluent wire-format value");
        }
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        Boolean ok = fastPathOk.get(schemaId);
        if (ok == null) {
            ok = fastPathAgrees(value);
            fastPathOk.put(schemaId, ok);
        }
        return ok ? fast(value) : slow(value);
    }

    private boolean fastPathAgrees(byte[] value) {
        try {
            return fast(value).equals(slow(value));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Fact fast(byte[] value) {
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, decoder);
            for (Schema.Field field : beforeCommandId) {
                GenericDatumReader.skip(field.schema(), decoder);
            }
            String commandId = readOptionalString(commandIdSchema);
            for (Schema.Field field : betweenCommandIdAndFact) {
                GenericDatumReader.skip(field.schema(), decoder);
            }
            int branch = decoder.readIndex();
            if (branch != rejectedBranch) {
                return new Fact(commandId, false, null);
            }
            CommandRejected rejected = rejectedReader.read(null, decoder);
            return new Fact(commandId, true, rejected.getReason().name());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a RoomEvent: " + e, e);
        }
    }

    private String readOptionalString(Schema schema) throws IOException {
        if (schema.getType() == Schema.Type.STRING) {
            return decoder.readString();
        }
        int branch = decoder.readIndex();
        Schema chosen = schema.getTypes().get(branch);
        if (chosen.getType() == Schema.Type.NULL) {
            decoder.readNull();
            return null;
        }
        return decoder.readString();
    }

    private Fact slow(byte[] value) {
        RoomEvent event = fullDecoder.apply(value);
        return event.getFact() instanceof CommandRejected r
            ? new Fact(event.getCommandId(), true, r.getReason().name())
            : new Fact(event.getCommandId(), false, null);
    }
}
