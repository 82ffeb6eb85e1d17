package io.roomcast.ranking.topology;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.Reason;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store from a compacted topic: each record decoded by the {@link GuardedDecoder} and
 * reduced to what the hallway needs ({@code keep}: null removes the key; an IllegalArgumentException skips the
 * record as INVALID); a tombstone removes its key.
 * A record the decoder refuses, or keyed by another id than its value's, is skipped and counted (the global thread has no dead-letter topic); the
 * first one is logged at WARN, later ones at DEBUG. Kafka Streams 4.2 restores a global store by running
 * this processor again over the topic, so the store's values are this processor's, not the topic's bytes.
 *
 * @param <V> the topic's value class
 * @param <S> the stored value
 */
final class GlobalTableUpdater<V extends SpecificRecord, S> implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalTableUpdater.class);

    private final String storeName;
    private final Topic<String, V> topic;
    private final GuardedDecoder<V> decoder;
    private final Function<V, S> keep;
    private final RefusalObserver observer;
    private KeyValueStore<String, S> store;
    private boolean warned;

    GlobalTableUpdater(String storeName, Topic<String, V> topic, GuardedDecoder<V> decoder, Function<V, S> keep,
                       RefusalObserver observer) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
        this.keep = keep;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        GuardedDecoder.Result<V> decoded = decoder.decode(record.value());
        if (!decoded.ok()) {
            skip(decoded.rejection().reason(), decoded.rejection().text());
            return;
        }
        if (!record.key().equals(topic.keyOf(decoded.value()))) {
            skip(Reason.KEY_MISMATCH,
                Reason.KEY_MISMATCH.text("key '" + record.key() + "' is not the value's " + topic.key()));
            return;
        }
        S kept;
        try {
            kept = keep.apply(decoded.value());
        } catch (IllegalArgumentException e) {
            skip(Reason.INVALID, Reason.INVALID.text(e.getMessage()));
            return;
        }
        if (kept == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), kept);
        }
    }

    private void skip(Reason reason, String text) {
        observer.refused(topic.name(), reason.code());
        if (!warned) {
            warned = true;
            LOG.warn("Skipping a {} record (later ones at DEBUG): {}", topic.name(), text);
        } else {
            LOG.debug("Skipping a {} record: {}", topic.name(), text);
        }
    }
}
