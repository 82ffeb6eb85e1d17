package io.roomcast.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Avro single-object encoding as a Kafka serde; see {@link EventSerdes#internal}. Null stays null (tombstones). */
final class SingleObjectAvroSerde<V extends SpecificRecord> implements Serde<V> {
    private final BinaryMessageEncoder<V> encoder;
    private final BinaryMessageDecoder<V> decoder;

    SingleObjectAvroSerde(Class<V> type) {
        SpecificData model = SpecificData.getForClass(type);
        org.apache.avro.Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    @Override
    public Serializer<V> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new SerializationException("cannot encode " + value.getSchema().getFullName() + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<V> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode a record of " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
