package io.roomcast.schemas.validation;

import io.roomcast.schemas.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a topic's values in the Confluent wire format (magic byte 0, 4-byte big-endian schema id,
 * Avro binary; Confluent docs, "Wire format") and never throws on what a producer wrote. In order:
 * <ol>
 *   <li>no value: {@link Reason#NO_VALUE}; under 5 bytes or a magic byte other than 0: {@link Reason#UNDECODABLE};</li>
 *   <li>the schema id must be one of the versions of the topic's subject {@code <topic>-value}, else
 *       {@link Reason#UNKNOWN_SCHEMA} (a {@code PresenceHeartbeat} or {@code RoomEvent} with its own id on
 *       {@code room-commands});</li>
 *   <li>every declared length against the bytes left ({@link AvroBounds}), before Avro allocates:
 *       {@link Reason#LENGTH_EXCEEDS_RECORD};</li>
 *   <li>Avro decoding with the writer's schema into the topic's class: {@link Reason#UNDECODABLE} if it fails;</li>
 *   <li>the value's rules ({@link RecordValidator}): {@link Reason#INVALID}.</li>
 * </ol>
 * Thread-safe; keeps one Avro reader per writer schema.
 *
 * <p>It throws only when the registry cannot say whether a schema id is the subject's
 * ({@link RegistryUnavailableException} from {@link RegistryWriterSchemas}): that is not the record's
 * fault, and the caller must read the record again later rather than refuse it.
 *
 * @param <V> the topic's value class
 */
public final class GuardedDecoder<V extends SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedDecoder.class);
    /** Bytes before the Avro binary: magic byte and schema id. */
    public static final int HEADER_BYTES = 5;

    private final Topic<?, V> topic;
    private final WriterSchemas schemas;
    private final RecordValidator validator;
    private final Map<Schema, DatumReader<V>> readers = new ConcurrentHashMap<>();

    /** The outcome: the value, or why it was refused (and the exception behind it, if any). */
    public record Result<V>(V value, Rejection rejection, Throwable error) {
        public boolean ok() {
            return rejection == null;
        }
    }

    public GuardedDecoder(Topic<?, V> topic, WriterSchemas schemas, RecordValidator validator) {
        this.topic = topic;
        this.schemas = schemas;
        this.validator = validator;
    }

    /**
     * @param value a record's value bytes, or null
     * @throws RegistryUnavailableException if the writer's schema id could not be looked up
     */
    public Result<V> decode(byte[] value) {
        if (value == null) {
            return refused(Reason.NO_VALUE, "no value", null);
        }
        if (value.length < HEADER_BYTES || value[0] != 0) {
            return refused(Reason.UNDECODABLE, value.length < HEADER_BYTES
                ? value.length + " bytes, shorter than the 5-byte Confluent header"
                : String.format("unknown magic byte 0x%02x", value[0] & 0xff), null);
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = schemas.versionOf(topic.valueSubject(), id);
        if (writer == null) {
            return refused(Reason.UNKNOWN_SCHEMA, "schema id " + id + " is not a version of subject "
                + topic.valueSubject(), null);
        }
        Rejection bounds = AvroBounds.check(writer, value, HEADER_BYTES, value.length - HEADER_BYTES);
        if (bounds != null) {
            return new Result<>(null, bounds, null);
        }
        V decoded;
        try {
            decoded = readers.computeIfAbsent(writer, w -> new SpecificDatumReader<>(w, topic.valueSchema()))
                .read(null, DecoderFactory.get().binaryDecoder(value, HEADER_BYTES, value.length - HEADER_BYTES, null));
        } catch (IOException | RuntimeException e) {
            return refused(Reason.UNDECODABLE, String.valueOf(e.getMessage()), e);
        }
        if (!topic.valueType().isInstance(decoded)) {
            return refused(Reason.UNDECODABLE, "decoded a " + decoded.getClass().getName() + ", not a "
                + topic.valueType().getSimpleName(), null);
        }
        String violation = validator.violation(decoded);
        return violation == null ? new Result<>(decoded, null, null) : refused(Reason.INVALID, violation, null);
    }

    /**
     * {@link #decode}, for a reader that must not skip a record (a live feed whose order matters): while
     * the registry does not answer, each attempt waiting its {@link RegistryWriterSchemas} bound (30 s),
     * the failure is logged at WARN and the record decoded again, as long as {@code keepWaiting} holds.
     *
     * @param keepWaiting false once the reader is closing
     * @throws RegistryUnavailableException if the registry still does not answer when {@code keepWaiting} turns false
     */
    public Result<V> decodeWaiting(byte[] value, BooleanSupplier keepWaiting) {
        while (true) {
            try {
                return decode(value);
            } catch (RegistryUnavailableException e) {
                if (!keepWaiting.getAsBoolean()) {
                    throw e;
                }
                LOG.warn("{}: waiting for the schema registry to decode a record: {}", topic.name(), e.getMessage());
            }
        }
    }

    private Result<V> refused(Reason reason, String detail, Throwable error) {
        return new Result<>(null, new Rejection(reason, detail), error);
    }
}
