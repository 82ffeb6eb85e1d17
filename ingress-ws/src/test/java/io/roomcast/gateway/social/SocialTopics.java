package io.roomcast.gateway.social;

import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the user/club API's topics (social-graph, user-profiles, clubs) from offset 0 up to their current
 * end, as any downstream reader would: Confluent wire format through the registry.
 */
public final class SocialTopics {
    private SocialTopics() {
    }

    /** Every record of a topic whose key passes the filter, in offset order per partition. */
    public static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(String bootstrap, String registryUrl,
                                                                              Topic<String, V> topic,
                                                                              Predicate<String> keys) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        // Closed after each read: callers poll this in await() loops, and each deserializer holds a registry client.
        try (Deserializer<V> values = EventSerdes.value(topic, EventSerdes.config(registryUrl)).deserializer();
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic.name() + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition())) && keys.test(r.key())) {
                        V value = values.deserialize(r.topic(), r.headers(), r.value());
                        out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
                    }
                }
            }
        }
        return out;
    }

    /** The latest value of every key (what a compacted topic holds once compacted). */
    static <V extends SpecificRecord> Map<String, V> latest(String bootstrap, String registryUrl, Topic<String, V> topic,
                                                            Predicate<String> keys) {
        Map<String, V> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> r : readAll(bootstrap, registryUrl, topic, keys)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    /** The three topics of the outbox. */
    static final List<Topic<String, ?>> ALL = List.of(Topics.SOCIAL_GRAPH, Topics.USER_PROFILES, Topics.CLUBS);
}
