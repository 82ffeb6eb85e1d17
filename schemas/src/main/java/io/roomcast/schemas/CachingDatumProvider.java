package io.roomcast.schemas;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's default datum provider (specific Avro reader), with its readers and writers cached by
 * schema instance. The default (serde 3.1.7) keys its cache on the schema's Parsing Canonical Form
 * fingerprint, computed for every record: about a third of room-state-stream's stream thread in
 * the benchmark (docs/benchmarks.md). Schemas come from the generated classes and the serde's
 * own id cache, so the same instance recurs and identity is a sound key. Readers and writers are
 * thread-safe (Avro keeps per-thread resolver state).
 */
public final class CachingDatumProvider<T> implements AvroDatumProvider<T> {
    private final DefaultAvroDatumProvider<T> delegate = new DefaultAvroDatumProvider<>(true);
    private final Map<IdentityKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<IdentityKey, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public void configure(AvroSerdeConfig config) {
        delegate.configure(config);
        delegate.setUseSpecificAvroReader(true);
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        return writers.computeIfAbsent(new IdentityKey(schema), k -> delegate.createDatumWriter(data, schema));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return readers.computeIfAbsent(new IdentityKey(schema), k -> delegate.createDatumReader(schema));
    }

    @Override
    public Schema toSchema(T data) {
        return delegate.toSchema(data);
    }

    /** A map key equal only to the same schema object. */
    private record IdentityKey(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
