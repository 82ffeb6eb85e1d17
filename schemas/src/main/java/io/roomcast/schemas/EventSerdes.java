package io.roomcast.schemas;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes for the catalog's topics. Values are Avro binary in the Confluent wire format (magic byte
 * 0, 4-byte big-endian schema id, Avro binary; Confluent docs, "Wire format"), with the schema
 * registered as {@code <topic>-value} (TopicNameStrategy) in the schema registry; Apicurio's
 * Kafka serde does the registry work. Keys are plain UTF-8 strings ({@code byte[]} for dead
 * letters), never Avro, so there are no {@code -key} subjects.
 *
 * <p>Each call returns a new configured serde: serdes are never shared static state.
 */
public final class EventSerdes {
    /** How long a serializer keeps the schema version it looked up: for the life of any process (10 years). */
    public static final Duration SCHEMA_LOOKUP_KEPT_FOR = Duration.ofDays(3650);

    private EventSerdes() {}

    /**
     * Serde config for the Apicurio Avro serde. Producers never register schemas: provisioning does
     * ({@code ./roomcast up}, the test kit, Terraform), one self-contained schema per subject, and a
     * producer writes the id of its subject's latest version. (Apicurio's serializer registering by
     * itself would split nested records into referenced subjects, which plain Avro readers of the
     * Confluent API cannot resolve.)
     *
     * <p>The serde's registry client runs on {@code java.net.http} (Apicurio's {@code JDK} HTTP adapter,
     * {@code kiota-http-jdk}), not on its default Vert.x adapter: on the default adapter a demo once
     * waited forever for a schema lookup the registry had never received (the caller parked in
     * {@code VertXRequestAdapter.getHttpResponseMessage}, a future without a timeout, while the registry
     * answered the same request in 17 ms), and nothing but a restart freed it. The JDK client fails a
     * request whose connection closes, which the resolver then retries
     * ({@code apicurio.registry.retry-count}).
     *
     * <p>A serializer looks its subject's latest version up once, at its first write, and keeps it for the
     * life of the process ({@link #SCHEMA_LOOKUP_KEPT_FOR} as {@code apicurio.registry.check-period-ms}): the
     * resolver's default (30 s) looked it up again every 30 s on the writing thread, so a registry that was
     * slow for a moment (a loaded machine, a restart) held every write of that thread meanwhile: a gateway
     * node's commands and heartbeats, a stream thread's facts. A producer takes a newer version when it
     * restarts, which is when its code and so its writer schema can change.
     *
     * @param registryApiUrl the registry's native API, e.g. {@code http://localhost:8081/apis/registry/v3}
     * @return config keys as in Apicurio's {@code SchemaResolverConfig} and {@code AvroSerdeConfig}
     */
    public static Map<String, Object> config(String registryApiUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaResolverConfig.REGISTRY_URL, registryApiUrl);
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, false);
        config.put(SchemaResolverConfig.FIND_LATEST_ARTIFACT, true);
        config.put(SchemaResolverConfig.HTTP_ADAPTER, "JDK");
        config.put(SchemaResolverConfig.CHECK_PERIOD_MS, SCHEMA_LOOKUP_KEPT_FOR.toMillis());
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingDatumProvider.class.getName());
        return config;
    }

    /**
     * A value serde for {@code topic}, configured with {@code config} (see {@link #config}).
     *
     * @return a serde that writes the Confluent wire format and reads it back as {@code V}
     * @throws org.apache.kafka.common.errors.SerializationException at use, when the registry is
     *     unreachable, the subject has no registered schema, or the bytes are not in the wire format
     *     of a known schema
     */
    public static <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic, Map<String, Object> config) {
        AvroSerde<V> serde = new AvroSerde<>();
        serde.configure(config, false);
        return serde;
    }

    /**
     * A serde for state stores and internal (repartition, changelog) topics, which no one outside the
     * service reads: Avro single-object encoding (Avro spec, "Single object encoding": 0xC3 0x01, the
     * schema's 8-byte CRC-64-AVRO fingerprint, Avro binary), no registry round trip.
     *
     * @param type a generated Avro class
     * @return a serde that fails with {@link org.apache.kafka.common.errors.SerializationException} on
     *     bytes written with a schema of another fingerprint (a store written by an older release must
     *     be rebuilt from its changelog after a schema change)
     */
    public static <V extends SpecificRecord> Serde<V> internal(Class<V> type) {
        return new SingleObjectAvroSerde<>(type);
    }

    /** The key serde for {@code topic}: UTF-8 strings, or raw bytes for dead-letter topics. */
    public static <K> Serde<K> key(Topic<K, ?> topic) {
        return Serdes.serdeFrom(topic.keyType());
    }
}
