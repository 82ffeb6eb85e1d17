package io.roomcast.gateway.ws;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.roomcast.events.Notification;
import io.roomcast.gateway.protocol.NotificationFrames;
import io.roomcast.gateway.protocol.ServerFrame;
import io.roomcast.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/**
 * Reads notifications (notification-worker's output) through a {@link UserTopicFeed} and sends each record of a
 * user with a session on this node to all of that user's sessions here as a {@code notification} DISPATCH
 * ({@link NotificationFrames}). notification-worker writes each notification once in a committed transaction and
 * the feed reads committed records only, so a session gets each at most once; a user with no session here gets
 * none (the inbox, {@code GET /notifications}, holds it), nor may the first READY user of a partition on this node
 * get one committed in the milliseconds before the partition is read ({@link UserTopicFeed}: this node reads only its
 * READY users' partitions). Started with the node's HTTP server, as {@link HallwayFeed}.
 */
@Singleton
public final class NotificationFeed implements AutoCloseable {
    private final GatewayNode node;
    private final UserTopicFeed<Notification> feed;

    public NotificationFeed(GatewayNode node,
                            @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                            @Value("${roomcast.registry-url}") String registryUrl,
                            @Value("${roomcast.gateway.feed.fetch-max-wait}") Duration fetchMaxWait,
                            @Value("${roomcast.gateway.feed.partition-linger}") Duration linger) {
        this.node = node;
        this.feed = new UserTopicFeed<>(Topics.NOTIFICATIONS, node, bootstrapServers, registryUrl, fetchMaxWait,
            linger, this::deliver, userId -> { });
    }

    /** Starts reading once the server is up. */
    @EventListener
    void start(ServerStartupEvent event) {
        feed.start();
    }

    private void deliver(String userId, Notification notification) {
        ServerFrame.UserDispatch frame = NotificationFrames.frame(notification);
        node.connectionsOf(userId).forEach(connection -> connection.send(frame, null));
    }

    /** The partitions of {@code notifications} read now (sorted numbers): its READY users', and lingering ones. */
    public Set<Integer> assignedPartitions() {
        return feed.assignedPartitions();
    }

    /** True while the feed reads {@code notifications}; false before the server started and once the feed stopped. */
    public boolean running() {
        return feed.running();
    }

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        feed.close();
    }
}
