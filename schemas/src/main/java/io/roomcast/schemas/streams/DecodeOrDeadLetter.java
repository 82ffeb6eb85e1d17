package io.roomcast.schemas.streams;

import io.roomcast.events.DeadLetter;
import io.roomcast.schemas.DeadLetters;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes a source record's value with the {@link GuardedDecoder} (bounded, the topic's own schema
 * versions only, the record rules), then checks it against its key and partition; a record refused
 * on the way becomes a dead letter with the reason instead, and processing goes on.
 */
public final class DecodeOrDeadLetter<V> implements FixedKeyProcessor<String, byte[], Decoded<V>> {
    /** Where a decoded value must be: its key and partition. */
    @FunctionalInterface
    public interface Placement<V> {
        /** @return why {@code value} does not belong at this key and partition, or null */
        Rejection check(String key, V value, int partition);
    }

    private final GuardedDecoder<?> decoder;
    private final Placement<V> placement;
    private final String consumer;
    private final RefusalObserver observer;
    private FixedKeyProcessorContext<String, Decoded<V>> context;

    /** @param consumer this application's id, recorded in dead letters */
    DecodeOrDeadLetter(GuardedDecoder<?> decoder, Placement<V> placement, String consumer, RefusalObserver observer) {
        this.decoder = decoder;
        this.placement = placement;
        this.consumer = consumer;
        this.observer = observer;
    }

    /**
     * The topic's records decoded; the undecodable, invalid and misplaced ones go to its dead-letter
     * topic ({@link Topics#deadLetterOf}) with the reason.
     *
     * @param applicationId this application's id, recorded in dead letters
     */
    public static <V extends SpecificRecord> KStream<String, V> stream(StreamsBuilder builder, Topic<String, V> topic,
            TopicSerdes serdes, String applicationId, RefusalObserver observer, Placement<V> placement) {
        Topic<byte[], DeadLetter> deadLetters = Topics.deadLetterOf(topic);
        KStream<String, Decoded<V>> decoded = builder
            .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .processValues(() -> new DecodeOrDeadLetter<V>(serdes.decoder(topic), placement, applicationId, observer),
                Named.as("decode-" + topic.name()));
        decoded.filterNot((key, d) -> d.ok())
            .mapValues(Decoded::deadLetter)
            .to(deadLetters.name(), Produced.with(Serdes.String(), serdes.value(deadLetters)));
        return decoded.filter((key, d) -> d.ok()).mapValues(Decoded::value);
    }

    /**
     * Where a record keyed by a room or user belongs: under its own id, on the partition Kafka's Java
     * producer picks for that key (murmur2). Another partition means another producer's partitioner:
     * applying it there would give the room a second writer (another Streams task), so it is refused.
     *
     * @param idName     the id's field name, for the reason text (e.g. {@code roomId})
     * @param partitions the topic's partition count
     * @return why the record does not belong here, or null
     */
    public static Rejection placement(String key, String id, String idName, int partition, int partitions) {
        if (key == null || !key.equals(id)) {
            return new Rejection(Reason.KEY_MISMATCH, "key '" + key + "' is not the " + idName + " '" + id + "'");
        }
        int expected = Topic.partitionOf(key, partitions);
        return expected == partition ? null : new Rejection(Reason.WRONG_PARTITION, "key '" + key + "' belongs to partition "
            + expected + " of " + partitions + ", the record is on partition " + partition);
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
