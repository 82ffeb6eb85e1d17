package io.roomcast.servers.provision;

import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;

/**
 * A round trip of the whole catalog (the first part of {@code ./roomcast demo}): produces one record of every event type to its
 * topic through the registry serde (Confluent wire format), reads each back by offset, and checks
 * that what was read equals what was sent.
 */
public final class CatalogRoundTrip {
    /** Outcome: records sent and records read back equal to what was sent, per topic and in all. */
    public record Result(Map<String, Integer> producedByTopic, int produced, int readBack) {}

    private final String bootstrapServers;
    private final Map<String, Object> serdeConfig;
    private final Duration timeout;
    private final PrintStream out;

    /**
     * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
     * @param registryApiUrl   the registry's native API for the serde, e.g. {@code http://localhost:8081/apis/registry/v3}
     * @param timeout          how long to wait for one topic's records to come back; a topic whose
     *                         records are not all sent and read within twice this fails the run
     * @param out              where progress lines go
     */
    public CatalogRoundTrip(String bootstrapServers, String registryApiUrl, Duration timeout, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.serdeConfig = EventSerdes.config(registryApiUrl);
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * @throws IllegalStateException if the broker or the registry fails a send, or a topic's round trip
     *                               (sends, registry lookups and reads) takes longer than twice the timeout
     */
    public Result run() {
        String roomId = "demo-room-" + Instant.now().toEpochMilli();
        SampleRecords samples = new SampleRecords(roomId, "demo-user", Instant.now());
        List<Topic<?, ?>> topics = new ArrayList<>(Topics.EVENT_TOPICS);
        topics.add(Topics.deadLetterOf(Topics.ROOM_COMMANDS));
        Map<String, Integer> produced = new LinkedHashMap<>();
        int readBack = 0;
        for (Topic<?, ?> topic : topics) {
            RoundTrip trip = bounded(topic, samples);
            produced.put(topic.name(), trip.produced());
            readBack += trip.readBackEqual();
            out.printf("  %-22s %2d produced, %2d read back equal%n", topic.name(), trip.produced(), trip.readBackEqual());
        }
        return new Result(produced, produced.values().stream().mapToInt(Integer::intValue).sum(), readBack);
    }

    private record RoundTrip(int produced, int readBackEqual) {}

    /**
     * One topic's round trip on a thread of its own, waited for at most twice the timeout: the serde's
     * registry lookups run inside {@code send} and {@code poll}, where no Kafka timeout bounds them, and
     * a lookup that is never answered must fail the demo, not hang it.
     */
    private RoundTrip bounded(Topic<?, ?> topic, SampleRecords samples) {
        FutureTask<RoundTrip> task = new FutureTask<>(() -> roundTrip(topic, samples));
        Thread worker = Thread.ofPlatform().daemon().name("round-trip-" + topic.name()).start(task);
        long limitMs = 2 * timeout.toMillis();
        try {
            return task.get(limitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw new IllegalStateException("the round trip of " + topic.name() + " did not end within " + limitMs
                + " ms: the broker or the schema registry did not answer", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the round trip of " + topic.name(), e);
        }
    }

    private <K, V extends SpecificRecord> RoundTrip roundTrip(Topic<K, V> topic, SampleRecords samples) {
        List<V> sent = samples.everyEventType(topic.valueSchema());
        Map<TopicPartition, Long> from = produce(topic, sent);
        Map<Object, V> byEventId = new HashMap<>();
        sent.forEach(v -> byEventId.put(eventId(v), v));
        int equal = 0;
        try (Serde<K> keys = EventSerdes.key(topic);
             Serde<V> values = EventSerdes.value(topic, serdeConfig);
             KafkaConsumer<K, V> consumer = new KafkaConsumer<>(Map.of(
                 ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                 ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), keys.deserializer(), values.deserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!byEventId.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                    V expected = byEventId.remove(eventId(record.value()));
                    if (expected != null && expected.equals(record.value())) {
                        equal++;
                    }
                }
            }
        }
        return new RoundTrip(sent.size(), equal);
    }

    private <K, V extends SpecificRecord> Map<TopicPartition, Long> produce(Topic<K, V> topic, List<V> records) {
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        try (Serde<K> keys = EventSerdes.key(topic);
             Serde<V> values = EventSerdes.value(topic, serdeConfig);
             KafkaProducer<K, V> producer = new KafkaProducer<>(Map.of(
                 ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                 ProducerConfig.ACKS_CONFIG, "all",
                 ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), keys.serializer(), values.serializer())) {
            for (V value : records) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), value)).get();
                firstOffsets.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset(), Math::min);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing to " + topic.name() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted producing to " + topic.name(), e);
        }
        return firstOffsets;
    }

    private static Object eventId(SpecificRecord record) {
        return record.get(record.getSchema().getField("eventId").pos());
    }
}
