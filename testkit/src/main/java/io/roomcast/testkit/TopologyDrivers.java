package io.roomcast.testkit;

import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.TopicSerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** A streams application's topology in Kafka's TopologyTestDriver, configured as the topology tests need it. */
public final class TopologyDrivers {
    private TopologyDrivers() {
    }

    /**
     * A driver of {@code topology} with the application's dead-letter error handling
     * ({@link DeadLetterHandler#errorHandling}, reporting to {@code observer}), application id {@code applicationId},
     * an unused bootstrap address, a state folder of its own under {@code stateDir}, wall-clock time
     * {@code start}, and metrics recorded at DEBUG (e.g. a task's {@code punctuate-total}). The caller closes it.
     */
    public static TopologyTestDriver start(Topology topology, TopicSerdes serdes, RefusalObserver observer,
                                           String applicationId, Path stateDir, Instant start) {
        Properties props = new Properties();
        props.putAll(DeadLetterHandler.errorHandling(serdes, observer));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(UUID.randomUUID().toString()).toString());
        return new TopologyTestDriver(topology, props, start);
    }
}
