package io.roomcast.search.indexer;

import io.roomcast.events.DeadLetter;
import io.roomcast.schemas.DeadLetters;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends what the indexer cannot use to the source topic's dead-letter topic ({@link Topics#deadLetterOf}):
 * records it cannot decode, and documents Elasticsearch refuses; the reason says which. Sent synchronously
 * (acks=all, idempotent), so the source offset is committed only after its dead letter is stored. Thread-safe (one
 * {@code KafkaProducer}): the indexing loop and a start-up rebuild share it.
 */
final class DeadLetterPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], DeadLetter> producer;
    private final Map<String, Topic<byte[], DeadLetter>> topics = new HashMap<>();
    private final String consumer;

    DeadLetterPublisher(String bootstrapServers, String registryApiUrl, String consumer) {
        this.consumer = consumer;
        for (Topic<String, ?> source : io.roomcast.search.SearchIndexing.allTopics()) {
            topics.put(source.name(), Topics.deadLetterOf(source));
        }
        Topic<byte[], DeadLetter> any = topics.values().iterator().next();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), EventSerdes.value(any, EventSerdes.config(registryApiUrl)).serializer());
    }

    /**
     * @param record the source record
     * @param reason for a person: {@code undecodable: ...}, {@code refused by Elasticsearch (400): ...}
     * @throws IllegalStateException if the dead letter cannot be stored within 30 s
     */
    void publish(ConsumerRecord<String, byte[]> record, String reason) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetters.of(record.topic(), record.partition(), record.offset(), record.timestamp(), key,
                record.value(), consumer, reason, null, Instant.now());
        try {
            producer.send(new ProducerRecord<>(topics.get(record.topic()).name(), key, letter)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted storing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store a dead letter of " + record.topic() + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
