package io.roomcast.roomstate;

import io.roomcast.roomstate.topology.TopicSerdes;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.WriterSchemas;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The topics' serdes through the schema registry (Confluent wire format), and its subject versions. */
record RegistrySerdes(Map<String, Object> config, WriterSchemas writerSchemas) implements TopicSerdes {
    @Override
    public <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic) {
        return EventSerdes.value(topic, config);
    }
}
