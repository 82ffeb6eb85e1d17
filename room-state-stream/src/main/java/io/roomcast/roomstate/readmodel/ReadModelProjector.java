package io.roomcast.roomstate.readmodel;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.roomstate.RoomStateSettings;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.projection.TopicProjector;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import jakarta.annotation.PreDestroy;

/**
 * Projects the compacted room-state topic into Redis ({@link RedisReadModel}) with a
 * {@link TopicProjector}: consumer group {@code <app>-redis}, each room's newest snapshot of a batch
 * written once (idempotent by snapshot version), a Redis failure retried after
 * {@code read-model-retry}, and the whole topic projected again when Redis lost its data (a restart: the
 * projection's marks are gone). A record that is not a valid snapshot of its room is skipped and counted
 * ({@code roomcast_read_model_skipped_total{reason}}); if the loop stops, {@code /health} says DOWN
 * ({@link ReadModelHealth}).
 */
@Context
public class ReadModelProjector implements AutoCloseable {
    private final RedisReadModel redis;
    private final TopicProjector<RoomSnapshot> projector;

    public ReadModelProjector(RoomStateSettings settings,
                              @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                              @Value("${micronaut.application.name}") String applicationId,
                              MeterRegistry meters) {
        this.redis = new RedisReadModel(settings.getRedisUri(), settings.getIdleExpiry());
        this.projector = new TopicProjector<>(Topics.ROOM_STATE, new RegistryWriterSchemas(settings.getRegistryUrl()),
            bootstrapServers, applicationId + "-redis", settings.readModel(), redis::apply,
            redis.marks(applicationId + "-redis"), RedisException.class,
            reason -> Counter.builder("roomcast.read.model.skipped")
                .description("room-state records the Redis read model skipped, by reason code")
                .tag("reason", reason.code()).register(meters).increment());
    }

    /** @return false once the projection loop has stopped for any reason but {@link #close()} */
    public boolean running() {
        return projector.running();
    }

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        projector.close();
        redis.close();
    }
}
