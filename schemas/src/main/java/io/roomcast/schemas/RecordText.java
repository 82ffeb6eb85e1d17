package io.roomcast.schemas;

import java.util.Base64;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * An Avro record as text, for a Redis read model's hash fields: base64 (RFC 4648) of the Avro
 * single-object encoding ({@link EventSerdes#internal}). Thread-safe.
 *
 * @param <V> a generated Avro class
 */
public final class RecordText<V extends SpecificRecord> {
    private final Serde<V> serde;

    public RecordText(Class<V> type) {
        this.serde = EventSerdes.internal(type);
    }

    public String encode(V value) {
        return Base64.getEncoder().encodeToString(serde.serializer().serialize(null, value));
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not base64
     * @throws org.apache.kafka.common.errors.SerializationException if it is not a record of this schema
     */
    public V decode(String text) {
        return serde.deserializer().deserialize(null, Base64.getDecoder().decode(text));
    }
}
