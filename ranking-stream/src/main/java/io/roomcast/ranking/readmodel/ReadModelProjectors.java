package io.roomcast.ranking.readmodel;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.RoomStats;
import io.roomcast.ranking.HallwaySettings;
import io.roomcast.ranking.RankingSettings;
import io.roomcast.ranking.core.RoomStatsRules;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.projection.TopicProjector;
import io.roomcast.schemas.redis.RedisProjectionMarks;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import jakarta.annotation.PreDestroy;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Projects the compacted topics the gateway reads into Redis ({@link VersionedReadModel}), each with a
 * {@link TopicProjector}: room-stats (consumer group {@code <app>-redis}; {@code room-stats:{roomId}}, TTL
 * {@code stats-expiry}, and the trending index {@code rooms:trending}, {@link RoomStatsRules#trendingScore}) and hallway-rankings (group {@code <app>-hallway-redis}; {@code hallway:{userId}}, TTL
 * {@code hallway.expiry}). Each key's newest record of a batch is written once, a Redis failure retried after
 * {@code read-model-retry}; a Redis that lost its data (a restart) gets each topic projected again from its start.
 * A record that is not valid for its key is skipped and counted
 * ({@code roomcast_read_model_skipped_total{topic,reason}}); if a loop stops, {@code /health} says DOWN
 * ({@link ReadModelHealth}).
 */
@Context
public class ReadModelProjectors implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final List<TopicProjector<?>> projectors;

    public ReadModelProjectors(RankingSettings settings, HallwaySettings hallway,
                               @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                               @Value("${micronaut.application.name}") String applicationId,
                               MeterRegistry meters) {
        this.client = RedisClient.create(settings.getRedisUri());
        this.connection = client.connect();
        RegistryWriterSchemas schemas = new RegistryWriterSchemas(settings.getRegistryUrl());
        VersionedReadModel<RoomStats> stats = new VersionedReadModel<>(connection, ReadModelKeys::roomStats,
            ReadModelKeys.STATS, RoomStats::getVersion, RoomStats.class, settings.getStatsExpiry(),
            new VersionedReadModel.ScoredIndex<>(ReadModelKeys.TRENDING_ROOMS, RoomStatsRules::trendingScore));
        VersionedReadModel<HallwayRanking> hallways = new VersionedReadModel<>(connection, ReadModelKeys::hallway,
            ReadModelKeys.RANKING, HallwayRanking::getVersion, HallwayRanking.class, hallway.getExpiry(), null);
        this.projectors = List.of(
            projector(Topics.ROOM_STATS, stats, schemas, bootstrapServers, applicationId + "-redis", settings, meters),
            projector(Topics.HALLWAY_RANKINGS, hallways, schemas, bootstrapServers, applicationId + "-hallway-redis",
                settings, meters));
    }

    private <V extends SpecificRecord> TopicProjector<V> projector(
            Topic<String, V> topic, VersionedReadModel<V> sink, RegistryWriterSchemas schemas, String bootstrapServers,
            String groupId, RankingSettings settings, MeterRegistry meters) {
        return new TopicProjector<>(topic, schemas, bootstrapServers, groupId, settings.readModel(), sink::write,
            new RedisProjectionMarks(connection, groupId), RedisException.class, reason -> Counter.builder("roomcast.read.model.skipped")
                .description("Records the Redis read model skipped, by topic and reason code")
                .tags("topic", topic.name(), "reason", reason.code()).register(meters).increment());
    }

    /** @return false once a projection loop has stopped for any reason but {@link #close()} */
    public boolean running() {
        return projectors.stream().allMatch(TopicProjector::running);
    }

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        for (TopicProjector<?> projector : projectors) {
            projector.close();
        }
        connection.close();
        client.shutdown();
    }
}
