package io.roomcast.gateway.ws;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.RankedRoom;
import io.roomcast.gateway.protocol.HallwayUpdates;
import io.roomcast.gateway.protocol.ServerFrame;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads hallway-rankings through a {@link UserTopicFeed} and sends {@code hallway_updated} DISPATCHes to the
 * sessions of each ranked user connected to this node, as {@link HallwayUpdates} decides (top rooms changed; at most
 * once per {@code min-interval}). Rankings of users with no session here are skipped, and the user is forgotten then
 * and when its last session here closes; only the partitions of this node's READY users are read ({@link UserTopicFeed}).
 * Settings {@code roomcast.gateway.hallway.top-rooms} (5) and {@code roomcast.gateway.hallway.min-interval} (2 s).
 * Started with the node's HTTP server ({@link ServerStartupEvent}), so a context without a server (settings
 * checks) neither builds the node nor reads Kafka.
 */
@Singleton
public final class HallwayFeed implements AutoCloseable {
    private final GatewayNode node;
    private final HallwayUpdates updates;
    private final UserTopicFeed<HallwayRanking> feed;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("hallway-updates").daemon().factory());

    public HallwayFeed(GatewayNode node,
                       @Value("${roomcast.gateway.hallway.top-rooms:5}") int topRooms,
                       @Value("${roomcast.gateway.hallway.min-interval:2s}") Duration minInterval,
                       @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                       @Value("${roomcast.registry-url}") String registryUrl,
                       @Value("${roomcast.gateway.feed.fetch-max-wait}") Duration fetchMaxWait,
                       @Value("${roomcast.gateway.feed.partition-linger}") Duration linger) {
        this.node = node;
        this.updates = new HallwayUpdates(new HallwayUpdates.Settings(topRooms, minInterval));
        this.feed = new UserTopicFeed<>(Topics.HALLWAY_RANKINGS, node, bootstrapServers, registryUrl, fetchMaxWait,
            linger, this::offer, this::forget);
    }

    /** Starts reading once the server is up (the bean is made then: nothing else asks for it). */
    @EventListener
    void start(ServerStartupEvent event) {
        feed.start();
    }

    private void forget(String userId) {
        synchronized (updates) {
            updates.forget(userId);
        }
    }

    private void offer(String userId, HallwayRanking ranking) {
        List<String> rooms = ranking.getRooms().stream().map(RankedRoom::getRoomId).toList();
        HallwayUpdates.Decision decision;
        synchronized (updates) {
            decision = updates.offer(userId, ranking.getVersion(), rooms, Instant.now());
        }
        switch (decision) {
            case HallwayUpdates.Decision.Send send -> send(userId, send.frame());
            case HallwayUpdates.Decision.Later held -> later.schedule(() -> {
                    ServerFrame.UserDispatch frame;
                    synchronized (updates) {
                        frame = updates.due(userId, Instant.now()).orElse(null);
                    }
                    if (frame != null) {
                        send(userId, frame);
                    }
                }, Math.max(0, Duration.between(Instant.now(), held.at()).toMillis()), TimeUnit.MILLISECONDS);
            case HallwayUpdates.Decision.Nothing nothing -> { }
        }
    }

    private void send(String userId, ServerFrame.UserDispatch frame) {
        node.connectionsOf(userId).forEach(connection -> connection.send(frame, null));
    }

    /** The partitions of {@code hallway-rankings} read now (sorted numbers): its READY users', and lingering ones. */
    public Set<Integer> assignedPartitions() {
        return feed.assignedPartitions();
    }

    /** True while the feed reads {@code hallway-rankings}; false before the server started and once it stopped. */
    public boolean running() {
        return feed.running();
    }

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        feed.close();
        later.shutdownNow();
    }
}
