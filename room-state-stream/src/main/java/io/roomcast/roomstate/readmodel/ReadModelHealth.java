package io.roomcast.roomstate.readmodel;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code /health}: DOWN once the Redis read model's projection loop has stopped (rooms would no longer reach Redis). */
@Singleton
public final class ReadModelHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final ReadModelProjector projector;

    public ReadModelHealth(ReadModelProjector projector) {
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
