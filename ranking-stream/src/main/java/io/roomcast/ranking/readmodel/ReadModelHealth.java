package io.roomcast.ranking.readmodel;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code /health}: DOWN once a projection loop (room-stats, hallway-rankings) has stopped (records would no longer reach Redis). */
@Singleton
public final class ReadModelHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final ReadModelProjectors projector;

    public ReadModelHealth(ReadModelProjectors projector) {
        this.projector = projector;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean running = projector.running();
        healthStatus = running ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("projection", running ? "running" : "stopped");
    }

    @Override
    protected String getName() {
        return "redis-read-model";
    }
}
