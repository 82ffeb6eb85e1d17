package io.roomcast.testkit;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.TopicSerdes;
import io.roomcast.schemas.validation.WriterSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The Confluent wire format with a registry that never changes: every catalog topic's subject has one
 * version, its schema id the topic's 1-based place in {@link Topics#all()}. For TopologyTestDriver
 * tests, so records of one topic written with another topic's id can be made.
 */
public final class FixedRegistrySerdes implements TopicSerdes {
    public static final FixedRegistrySerdes INSTANCE = new FixedRegistrySerdes();
    private static final List<Topic<?, ?>> TOPICS = Topics.all();

    /** The schema id of a topic's value subject. */
    public static int idOf(Topic<?, ?> topic) {
        for (int i = 0; i < TOPICS.size(); i++) {
            if (TOPICS.get(i).name().equals(topic.name())) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(topic.name());
    }

    /** {@code value} in the wire format with {@code id} in its header. */
    public static byte[] encode(int id, SpecificRecord value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic) {
        int id = idOf(topic);
        return Serdes.serdeFrom((t, v) -> v == null ? null : encode(id, v), (t, bytes) -> {
            if (bytes == null) {
                return null;
            }
            // As the registry serde: the writer schema of whatever id the header names, read into its own class.
            int writerId = ByteBuffer.wrap(bytes, 1, 4).getInt();
            try {
                return new SpecificDatumReader<V>(TOPICS.get(writerId - 1).valueSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public WriterSchemas writerSchemas() {
        return (subject, id) -> id >= 1 && id <= TOPICS.size() && TOPICS.get(id - 1).valueSubject().equals(subject)
            ? TOPICS.get(id - 1).valueSchema() : null;
    }
}
