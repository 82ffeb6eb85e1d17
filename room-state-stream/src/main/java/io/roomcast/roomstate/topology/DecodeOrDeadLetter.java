package io.roomcast.roomstate.topology;

import io.roomcast.schemas.DeadLetters;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a source record's value with the {@link GuardedDecoder} (bounded, the topic's own schema
 * versions only, the record rules), then checks it against its key and partition; a record refused
 * on the way becomes a dead letter with the reason instead, and processing goes on.
 */
final class DecodeOrDeadLetter<V> implements FixedKeyProcessor<String, byte[], Decoded<V>> {
    /** Where a decoded value must be: its key and partition. */
    @FunctionalInterface
    interface Placement<V> {
        /** @return why {@code value} does not belong at this key and partition, or null */
        Rejection check(String key, V value, int partition);
    }

    private final GuardedDecoder<?> decoder;
    private final Placement<V> placement;
    private final String consumer;
    private final CommandObserver observer;
    private FixedKeyProcessorContext<String, Decoded<V>> context;

    /** @param consumer this application's id, recorded in dead letters */
    DecodeOrDeadLetter(GuardedDecoder<?> decoder, Placement<V> placement, String consumer, CommandObserver observer) {
        this.decoder = decoder;
        this.placement = placement;
        this.consumer = consumer;
        this.observer = observer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<V>> context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        GuardedDecoder.Result<?> result = decoder.decode(record.value());
        if (!result.ok()) {
            context.forward(record.withValue(deadLetter(record, source, result.rejection(), result.error())));
            return;
        }
        V value = (V) result.value();
        Rejection misplaced = placement.check(record.key(), value, source.partition());
        context.forward(record.withValue(misplaced == null
            ? new Decoded<>(value, null) : deadLetter(record, source, misplaced, null)));
    }

    private Decoded<V> deadLetter(FixedKeyRecord<String, byte[]> record, RecordMetadata source, Rejection rejection,
                                  Throwable error) {
        observer.refused(source.topic(), rejection.reason().code());
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new Decoded<>(null, DeadLetters.of(source.topic(), source.partition(), source.offset(),
            record.timestamp(), key, record.value(), consumer, rejection.text(), error,
            Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }
}
