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
import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.RegistrySerdes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
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
        RegistrySerdes serdes = RegistrySerdes.of(settings.getRegistryUrl());
        CommandObserver observer = observer(meters);
        config.putAll(DeadLetterHandler.errorHandling(serdes, observer));
        return RoomStateTopology.build(builder, serdes, settings.topology(), observer, applicationId);
    }

    /**
     * Commands by type and outcome ({@code roomcast_commands_total}), command-to-decision latency, and
     * records refused by source topic and reason code ({@code roomcast_records_refused_total}).
     */
    private static CommandObserver observer(MeterRegistry meters) {
        return new CommandObserver() {
            @Override
            public void handled(String type, String outcome, Duration latency) {
                Counter.builder("roomcast.commands").description("Commands handled, by type and outcome")
                    .tags("type", type, "outcome", outcome).register(meters).increment();
                Timer.builder("roomcast.command.latency")
                    .description("From the command's occurredAt (gateway) to its decision")
                    .publishPercentileHistogram().register(meters).record(latency);
            }

            @Override
            public void refused(String sourceTopic, String reasonCode) {
                Counter.builder("roomcast.records.refused")
                    .description("Input records dead-lettered (or skipped), by source topic and reason code")
                    .tags("topic", sourceTopic, "reason", reasonCode).register(meters).increment();
            }
        };
    }
}
