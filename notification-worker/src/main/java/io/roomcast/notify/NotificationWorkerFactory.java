package io.roomcast.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.roomcast.notify.core.RecipientGate;
import io.roomcast.notify.topology.NotificationTopology;
import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.RegistrySerdes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Thin adapter: hands Micronaut's stream builder to the pure {@link NotificationTopology} with the registry serdes,
 * the settings and Micrometer metrics. Streams settings (exactly-once v2, state dir) come from
 * {@code kafka.streams.default.*} in application.yml; Micronaut adds the health indicator and closes the streams on
 * shutdown.
 */
@Factory
public class NotificationWorkerFactory {

    @Singleton
    @Named("default")
    KStream<String, RecipientGate.Decision> notifications(@Named("default") ConfiguredStreamBuilder builder,
            NotifySettings settings, MeterRegistry meters,
            @Value("${micronaut.application.name}") String applicationId) {
        Properties config = builder.getConfiguration();
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        RegistrySerdes serdes = RegistrySerdes.of(settings.getRegistryUrl());
        RefusalObserver observer = refusals(meters);
        config.putAll(DeadLetterHandler.errorHandling(serdes, observer));
        KStream<String, RecipientGate.Decision> decisions =
            NotificationTopology.build(builder, serdes, settings.topology(), observer, applicationId);
        Counter delivered = Counter.builder("roomcast.notifications.decided")
            .description("Notifications written to the notifications topic").register(meters);
        decisions.peek((key, decision) -> delivered.increment());
        return decisions;
    }

    /** Records refused by source topic and reason code ({@code roomcast_records_refused_total}). */
    private static RefusalObserver refusals(MeterRegistry meters) {
        return (sourceTopic, reasonCode) -> Counter.builder("roomcast.records.refused")
            .description("Input records dead-lettered (or skipped), by source topic and reason code")
            .tags("topic", sourceTopic, "reason", reasonCode).register(meters).increment();
    }
}
