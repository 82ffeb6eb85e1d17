package io.roomcast.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * One Kafka topic of Roomcast, written once in {@link Topics} and used by producers, consumers,
 * topic creation, schema registration and the README's topic table.
 *
 * @param name          topic name, e.g. {@code room-events}
 * @param keyType       Java type of the key: {@code String} (UTF-8) for every topic but the dead-letter
 *                      ones, whose key is the failed record's key bytes ({@code byte[]})
 * @param key           what the key holds, for docs (e.g. {@code roomId})
 * @param keyExtractor  derives the record key from a value (see {@link #keyOf})
 * @param valueType     generated Avro class of the value; its schema is registered as {@code <name>-value}
 * @param partitions    partition count (records of one key stay in order on one partition)
 * @param cleanupPolicy {@link CleanupPolicy#DELETE} (time retention) or {@link CleanupPolicy#COMPACT}
 *                      (latest record per key kept; a null value is a tombstone)
 * @param retention     how long records are kept: for DELETE topics the time retention; for COMPACT
 *                      topics how long tombstones stay readable ({@code delete.retention.ms})
 * @param writtenBy     services that produce to it, for the docs
 * @param readBy        services and teams that consume it, for the docs
 * @param writers       the principals allowed to produce to it (Kafka ACLs, {@link KafkaAcls})
 * @param readers       the principals allowed to consume it (Kafka ACLs, {@link KafkaAcls})
 * @param <K>           the key type
 * @param <V>           the value class
 */
public record Topic<K, V extends SpecificRecord>(
        String name,
        Class<K> keyType,
        String key,
        Function<V, K> keyExtractor,
        Class<V> valueType,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        String writtenBy,
        String readBy,
        List<Service> writers,
        List<Service> readers) {

    public Topic {
        writers = List.copyOf(writers);
        readers = List.copyOf(readers);
    }

    /** Kafka's {@code cleanup.policy} values (Kafka docs, topic configs). */
    public enum CleanupPolicy {
        DELETE, COMPACT;

        /** The value as Kafka spells it: {@code delete} or {@code compact}. */
        public String kafkaName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The key a value is written with, so a topic's keying rule is written once.
     *
     * @throws NullPointerException if the value lacks the key's field
     */
    public K keyOf(V value) {
        return keyExtractor.apply(value);
    }

    /**
     * The partition a String key lands in with Kafka's default partitioner (murmur2 of the UTF-8
     * key, positive, modulo {@link #partitions()}; Kafka {@code BuiltInPartitioner.partitionForKey}):
     * where a reader finds, say, one room's facts.
     */
    public int partitionOf(String key) {
        return partitionOf(key, partitions);
    }

    /** The partition of a String key among {@code partitions} with Kafka's default partitioner (as {@link #partitionOf(String)}). */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The registry subject of the value schema (Confluent TopicNameStrategy): {@code <name>-value}. */
    public String valueSubject() {
        return name + "-value";
    }

    /** The value's Avro schema, as generated from {@code schemas/src/main/avro}. */
    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    /**
     * Topic-level configs to create the topic with (Kafka docs, "Topic-Level Configs"): cleanup policy
     * and retention in ms.
     */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.kafkaName());
        if (cleanupPolicy == CleanupPolicy.DELETE) {
            configs.put("retention.ms", Long.toString(retention.toMillis()));
        } else {
            configs.put("delete.retention.ms", Long.toString(retention.toMillis()));
        }
        return configs;
    }
}
