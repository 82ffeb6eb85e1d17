package io.roomcast.roomstate.topology;

import io.roomcast.schemas.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a source record's value; a record that cannot be decoded (poison pill), has no value, or
 * fails {@code validate} becomes a dead letter with the reason instead, and processing goes on.
 */
final class DecodeOrDeadLetter<V> implements FixedKeyProcessor<String, byte[], Decoded<V>> {
    private final Deserializer<V> deserializer;
    private final BiFunction<String, V, String> validate;
    private final String consumer;
    private FixedKeyProcessorContext<String, Decoded<V>> context;

    /**
     * @param validate returns why a decoded (key, value) is invalid, or null if it is fine
     * @param consumer this application's id, recorded in dead letters
     */
    DecodeOrDeadLetter(Deserializer<V> deserializer, BiFunction<String, V, String> validate, String consumer) {
        this.deserializer = deserializer;
        this.validate = validate;
        this.consumer = consumer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded<V>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            context.forward(record.withValue(deadLetter(record, source, "invalid: no value", null)));
            return;
        }
        V value;
        try {
            value = deserializer.deserialize(source.topic(), record.value());
        } catch (RuntimeException e) {
            context.forward(record.withValue(deadLetter(record, source, "undecodable: " + e.getMessage(), e)));
            return;
        }
        String invalid = validate.apply(record.key(), value);
        context.forward(record.withValue(invalid == null
            ? new Decoded<>(value, null) : deadLetter(record, source, "invalid: " + invalid, null)));
    }

    private Decoded<V> deadLetter(FixedKeyRecord<String, byte[]> record, RecordMetadata source, String reason,
                                  Throwable error) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new Decoded<>(null, DeadLetters.of(source.topic(), source.partition(), source.offset(),
            record.timestamp(), key, record.value(), consumer, reason, error,
            Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }
}
