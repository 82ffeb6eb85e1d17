package io.roomcast.schemas.streams;

import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.WriterSchemas;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Value serdes of the topics the topology writes, and the registry versions its inputs are decoded
 * against: the registry in the service ({@link io.roomcast.schemas.EventSerdes#value},
 * {@link io.roomcast.schemas.validation.RegistryWriterSchemas}), fixed ids in TopologyTestDriver tests.
 */
public interface TopicSerdes {
    <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic);

    /** The schema ids each subject accepts. */
    WriterSchemas writerSchemas();

    /** The bounded decoder of a topic's values, with the platform's record rules. */
    default <V extends SpecificRecord> GuardedDecoder<V> decoder(Topic<?, V> topic) {
        return new GuardedDecoder<>(topic, writerSchemas(), RecordValidator.DEFAULT);
    }
}
