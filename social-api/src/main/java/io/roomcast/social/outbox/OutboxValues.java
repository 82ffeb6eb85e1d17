package io.roomcast.social.outbox;

import io.roomcast.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The value column of the outbox: plain Avro binary (Avro spec, "Binary encoding"), written with the topic's
 * value schema as compiled ({@link Topic#valueSchema}); the relay puts the Confluent wire header (magic byte 0,
 * the registry id of that schema) in front of it. Thread-safe.
 */
public final class OutboxValues {
    private static final Map<Class<?>, DatumWriter<?>> WRITERS = new ConcurrentHashMap<>();

    private OutboxValues() {
    }

    /** @return value as plain Avro binary with its topic's compiled value schema */
    public static <V extends SpecificRecord> byte[] encode(Topic<String, V> topic, V value) {
        @SuppressWarnings("unchecked")
        DatumWriter<V> writer = (DatumWriter<V>) WRITERS.computeIfAbsent(topic.valueType(),
                type -> new SpecificDatumWriter<>(topic.valueSchema()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @return the value {@link #encode} wrote; @throws UncheckedIOException for other bytes */
    static <V extends SpecificRecord> V decode(Topic<String, V> topic, byte[] bytes) {
        DatumReader<V> reader = new SpecificDatumReader<>(topic.valueType());
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
