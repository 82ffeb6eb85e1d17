package io.roomcast.roomstate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.RoomEvent;
import io.roomcast.roomstate.topology.CommandObserver;
import io.roomcast.roomstate.topology.RoomStateTopology;
import io.roomcast.schemas.EventSerdes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Thin adapter: hands Micronaut's stream builder to the pure {@link RoomStateTopology} with the
 * registry serdes, the settings and Micrometer metrics. Streams settings (exactly-once v2, standby
 * replicas, state dir) come from {@code kafka.streams.default.*} in application.yml.
 */
@Factory
public class RoomStateStreamFactory {

    @Singleton
    @Named("default")
    KStream<String, RoomEvent> roomState(@Named("default") ConfiguredStreamBuilder builder, RoomStateSettings settings,
                                         MeterRegistry meters,
                                         @Value("${micronaut.application.name}") String applicationId) {
        Properties config = builder.getConfiguration();
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        Map<String, Object> serdeConfig = EventSerdes.config(settings.getRegistryUrl());
        return RoomStateTopology.build(builder,
            new RegistrySerdes(serdeConfig), settings.topology(), observer(meters), applicationId);
    }

    /** Commands by type and outcome ({@code roomcast_commands_total}) and command-to-decision latency. */
    private static CommandObserver observer(MeterRegistry meters) {
        return (type, outcome, latency) -> {
            Counter.builder("roomcast.commands").description("Commands handled, by type and outcome")
                .tags("type", type, "outcome", outcome).register(meters).increment();
            Timer.builder("roomcast.command.latency")
                .description("From the command's occurredAt (gateway) to its decision")
                .publishPercentileHistogram().register(meters).record(latency);
        };
    }
}
