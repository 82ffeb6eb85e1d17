package io.roomcast.schemas.streams;

import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.schemas.validation.WriterSchemas;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The topics' serdes through the schema registry (Confluent wire format), and its subject versions. */
public record RegistrySerdes(Map<String, Object> config, WriterSchemas writerSchemas) implements TopicSerdes {

    /** @param registryUrl the registry's native API, e.g. {@code http://localhost:8081/apis/registry/v3} */
    public static RegistrySerdes of(String registryUrl) {
        return new RegistrySerdes(EventSerdes.config(registryUrl), new RegistryWriterSchemas(registryUrl));
    }

    @Override
    public <V extends SpecificRecord> Serde<V> value(Topic<?, V> topic) {
        return EventSerdes.value(topic, config);
    }
}
