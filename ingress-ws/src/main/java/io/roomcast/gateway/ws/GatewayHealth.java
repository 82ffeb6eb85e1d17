package io.roomcast.gateway.ws;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code /health}: UP while this node delivers room facts (its room-events feed runs); DOWN once the feed
 * has stopped, since a node that no longer delivers must not be reported healthy. Details: sessions, rooms
 * with local interest, records skipped (undecodable or failed: one bad record never stops the feed).
 */
@Singleton
final class GatewayHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final GatewayNode node;

    GatewayHealth(GatewayNode node) {
        this.node = node;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = node.feed().running() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("feed", node.feed().running() ? "running" : "stopped", "sessions", node.fanout().sessionCount(),
            "rooms", node.fanout().interestingRooms().size(),
            "skipped_records", node.feed().undecodable() + node.feed().skipped());
    }

    @Override
    protected String getName() {
        return "gateway";
    }
}
