package io.roomcast.roomstate.topology;

import io.roomcast.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Value serdes of the topics the topology reads and writes: the registry serde in the service
 * ({@link io.roomcast.schemas.EventSerdes#value}), the internal one in TopologyTestDriver tests.
 */
@FunctionalInterface
public interface TopicSerdes {
    <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic);
}
