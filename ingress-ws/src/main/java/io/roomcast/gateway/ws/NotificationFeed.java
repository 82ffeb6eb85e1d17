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

/**
 * Reads notifications (notification-worker's output) through a {@link UserTopicFeed} and sends each record of a
 * user with a session on this node to all of that user's sessions here as a {@code notification} DISPATCH
 * ({@link NotificationFrames}). notification-worker writes each notification once in a committed transaction and
 * the feed reads committed records only, so a session gets each at most once; a user with no session here gets
 * none (the inbox, {@code GET /notifications}, holds it). Started with the node's HTTP server, as {@link HallwayFeed}.
 */
@Singleton
public final class NotificationFeed implements AutoCloseable {
    private final GatewayNode node;
    private final UserTopicFeed<Notification> feed;

    public NotificationFeed(GatewayNode node,
                            @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                            @Value("${roomcast.registry-url}") String registryUrl,
                            @Value("${roomcast.gateway.feed.fetch-max-wait}") Duration fetchMaxWait) {
        this.node = node;
        this.feed = new UserTopicFeed<>(Topics.NOTIFICATIONS, node, bootstrapServers, registryUrl, fetchMaxWait,
            this::deliver, userId -> { });
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

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        feed.close();
    }
}
