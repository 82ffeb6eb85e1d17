package io.roomcast.gateway.ws;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code /health}: UP while this node delivers room facts and user events (its room-events, notifications and
 * hallway-rankings feeds run); DOWN once any of them has stopped, since a node that no longer delivers must not be
 * reported healthy. Details: each feed (running / stopped), sessions, rooms with local interest, records skipped
 * (undecodable or failed: one bad record never stops the room-events feed), partitions read of each user topic.
 */
@Singleton
final class GatewayHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final GatewayNode node;
    private final NotificationFeed notifications;
    private final HallwayFeed hallway;

    GatewayHealth(GatewayNode node, NotificationFeed notifications, HallwayFeed hallway) {
        this.node = node;
        this.notifications = notifications;
        this.hallway = hallway;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean up = node.feed().running() && notifications.running() && hallway.running();
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("feed", state(node.feed().running()), "sessions", node.fanout().sessionCount(),
            "rooms", node.fanout().interestingRooms().size(),
            "skipped_records", node.feed().undecodable() + node.feed().skipped(),
            "notifications_feed", state(notifications.running()),
            "notifications_partitions", notifications.assignedPartitions(),
            "hallway_feed", state(hallway.running()),
            "hallway_partitions", hallway.assignedPartitions());
    }

    private static String state(boolean running) {
        return running ? "running" : "stopped";
    }

    @Override
    protected String getName() {
        return "gateway";
    }
}
