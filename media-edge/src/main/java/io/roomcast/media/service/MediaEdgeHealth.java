package io.roomcast.media.service;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code /health}: UP while the UDP port is open and room facts are followed, once the edge has registered
 * in Redis ({@link MediaEdge#healthy()}); details: transport, port, socket family and DF, bound participants,
 * whether the last heartbeat reached Redis.
 */
@Singleton
public final class MediaEdgeHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final MediaEdge edge;

    public MediaEdgeHealth(MediaEdge edge) {
        this.edge = edge;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = edge.healthy() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("transport", edge.transport(), "udp_port", edge.udpPort(), "udp_socket", edge.udpSocket(),
            "bound_participants", edge.sessions().size(), "registered", edge.registered());
    }

    @Override
    protected String getName() {
        return "media-edge";
    }
}
