package io.roomcast.ranking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.RoomStats;
import io.roomcast.ranking.topology.HallwayTopology;
import io.roomcast.ranking.topology.RankingTopology;
import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.RegistrySerdes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Thin adapter: hands Micronaut's stream builder to the pure {@link RankingTopology} with the registry
 * serdes, the settings and Micrometer metrics. Streams settings (exactly-once v2, standby replicas, state
 * dir) come from {@code kafka.streams.default.*} in application.yml; Micronaut adds the health indicator
 * and closes the streams on shutdown.
 */
@Factory
public class RankingStreamFactory {

    @Singleton
    @Named("default")
    KStream<String, RoomStats> ranking(@Named("default") ConfiguredStreamBuilder builder, RankingSettings settings,
                                       HallwaySettings hallway,
                                       MeterRegistry meters,
                                       @Value("${micronaut.application.name}") String applicationId) {
        Properties config = builder.getConfiguration();
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        RegistrySerdes serdes = RegistrySerdes.of(settings.getRegistryUrl());
        RefusalObserver observer = refusals(meters);
        config.putAll(DeadLetterHandler.errorHandling(serdes, observer));
        Counter celebrityMoves = Counter.builder("roomcast.hallway.celebrity.moves")
            .description("Moves (join, leave, role change) of users above the follower threshold: no follower nudged")
            .register(meters);
        Counter rankings = Counter.builder("roomcast.hallway.rankings")
            .description("Hallway rankings computed (each user at most once per debounce; written only when changed)")
            .register(meters);
        return RankingTopology.build(builder, serdes, settings.topology(), hallway.topology(), observer,
            applicationId, new HallwayTopology.Counters() {
                @Override
                public void celebrityMove() {
                    celebrityMoves.increment();
                }

                @Override
                public void rankingComputed() {
                    rankings.increment();
                }
            });
    }

    /** Records refused by source topic and reason code ({@code roomcast_records_refused_total}). */
    private static RefusalObserver refusals(MeterRegistry meters) {
        return (sourceTopic, reasonCode) -> Counter.builder("roomcast.records.refused")
            .description("Input records dead-lettered (or skipped), by source topic and reason code")
            .tags("topic", sourceTopic, "reason", reasonCode).register(meters).increment();
    }
}
