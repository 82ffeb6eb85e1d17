package io.roomcast.search.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.search.SearchIndexing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns the records of a poll into writes: decodes each value against the registry's versions of its subject
 * ({@link GuardedDecoder}), hands it to the pure {@link SearchIndexing}, and sends what cannot be decoded to the
 * dead-letter topic. Not thread-safe: one per consumer.
 */
final class RecordTranslator {
    private final SearchIndexing indexing = new SearchIndexing();
    private final Map<String, GuardedDecoder<?>> decoders = new HashMap<>();
    private final DeadLetterPublisher deadLetters;
    private final Counter undecodable;

    RecordTranslator(WriterSchemas schemas, DeadLetterPublisher deadLetters, MeterRegistry meters) {
        for (Topic<String, ?> topic : SearchIndexing.allTopics()) {
            decoders.put(topic.name(), new GuardedDecoder<>(topic, schemas, RecordValidator.DEFAULT));
        }
        this.deadLetters = deadLetters;
        this.undecodable = Counter.builder("roomcast.search.undecodable")
                .description("records the indexer could not decode, sent to the dead-letter topic").register(meters);
    }

    /**
     * @param keepWaiting while the schema registry does not answer, a record is decoded again as long as this holds
     *                    ({@link GuardedDecoder#decodeWaiting}): a registry outage stalls indexing, it loses nothing
     * @return the writes of these records, in their order
     * @throws io.roomcast.schemas.validation.RegistryUnavailableException if {@code keepWaiting} turned false
     *                                                                      while the registry did not answer
     */
    List<SourcedWrite> translate(ConsumerRecords<String, byte[]> records, BooleanSupplier keepWaiting) {
        List<SourcedWrite> writes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Object value = null;
            if (record.value() != null) {
                GuardedDecoder.Result<?> decoded = decoders.get(record.topic()).decodeWaiting(record.value(), keepWaiting);
                if (!decoded.ok()) {
                    undecodable.increment();
                    deadLetters.publish(record, decoded.rejection().text());
                    continue;
                }
                value = decoded.value();
            } else if (record.key() == null) {
                continue;
            }
            indexing.apply(record.topic(), record.key(), value, record.timestamp())
                    .ifPresent(w -> writes.add(new SourcedWrite(w, record)));
        }
        return writes;
    }

    /** @return rooms held in memory */
    int liveRooms() {
        return indexing.liveRooms();
    }
}
