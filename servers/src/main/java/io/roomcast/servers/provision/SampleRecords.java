package io.roomcast.servers.provision;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds one sample record of every event type a topic's value schema holds: for an envelope whose
 * payload field is a union of records (RoomCommand.command, RoomEvent.fact), one envelope per union
 * branch; otherwise one record. Fields get plausible values from their names and types, so a new
 * command or fact added to a schema is covered without touching this class.
 */
public final class SampleRecords {
    private final String roomId;
    private final String userId;
    private final Instant now;

    /**
     * @param roomId value of every {@code roomId} field
     * @param userId value of every {@code userId} field
     * @param now    value of every timestamp field (epoch ms precision)
     */
    public SampleRecords(String roomId, String userId, Instant now) {
        this.roomId = roomId;
        this.userId = userId;
        this.now = Instant.ofEpochMilli(now.toEpochMilli());
    }

    /**
     * @param schema a generated record schema (e.g. {@code RoomEvent.getClassSchema()})
     * @return one record per event type it can carry, each with a fresh eventId
     */
    public <V extends SpecificRecord> List<V> everyEventType(Schema schema) {
        Schema.Field payload = schema.getFields().stream()
            .filter(f -> isUnionOfRecords(f.schema()))
            .findFirst().orElse(null);
        List<V> samples = new ArrayList<>();
        if (payload == null) {
            samples.add(record(schema));
            return samples;
        }
        for (Schema branch : payload.schema().getTypes()) {
            V envelope = record(schema);
            envelope.put(payload.pos(), record(branch));
            samples.add(envelope);
        }
        return samples;
    }

    private static boolean isUnionOfRecords(Schema schema) {
        return schema.getType() == Schema.Type.UNION
            && schema.getTypes().stream().allMatch(t -> t.getType() == Schema.Type.RECORD);
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> V record(Schema schema) {
        V record = (V) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.name(), field.schema()));
        }
        return record;
    }

    private Object value(String name, Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return now;
        }
        if (logical != null && "uuid".equals(logical.getName())) {
            return UUID.randomUUID();
        }
        return switch (schema.getType()) {
            case STRING -> switch (name) {
                case "roomId" -> roomId;
                case "userId" -> userId;
                default -> name + "-1";
            };
            case INT -> 1;
            case LONG -> 1L;
            case DOUBLE -> 1.0;
            case BOOLEAN -> true;
            case BYTES -> ByteBuffer.wrap(name.getBytes(StandardCharsets.UTF_8));
            case ENUM -> SpecificData.get().createEnum(schema.getEnumSymbols().getFirst(), schema);
            case RECORD -> record(schema);
            case ARRAY -> List.of(value(name, schema.getElementType()));
            case UNION -> value(name, schema.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            default -> throw new IllegalArgumentException("no sample for " + name + ": " + schema.getType());
        };
    }
}
