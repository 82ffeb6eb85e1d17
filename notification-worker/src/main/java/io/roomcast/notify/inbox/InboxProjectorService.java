package io.roomcast.notify.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.roomcast.events.Notification;
import io.roomcast.notify.NotifySettings;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import jakarta.annotation.PreDestroy;
import java.time.Duration;

/**
 * Runs the {@link InboxProjector} in the service (settings {@code roomcast.notify.inbox-*}), group
 * {@code notification-worker-inbox}, with metrics: {@code roomcast_notifications_stored_total} and
 * {@code roomcast_notification_inbox_latency} (from a notification's decision to its row, ms).
 */
@Context
public class InboxProjectorService implements AutoCloseable {
    /** The projector's consumer group (under the service's ACL prefix). */
    public static final String GROUP = "notification-worker-inbox";

    private final InboxProjector projector;

    InboxProjectorService(NotifySettings settings, MeterRegistry meters,
                          @Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        Counter storedCount = Counter.builder("roomcast.notifications.stored")
            .description("Notifications read from the topic and inserted (or found) in the inbox").register(meters);
        Timer latency = Timer.builder("roomcast.notification.inbox.latency")
            .description("From a notification's decision (occurredAt) to its inbox row").publishPercentiles(0.5, 0.99)
            .register(meters);
        Counter skipped = Counter.builder("roomcast.notifications.skipped")
            .description("Notification records the inbox could not decode").register(meters);
        this.projector = new InboxProjector(bootstrapServers, GROUP, new RegistryWriterSchemas(settings.getRegistryUrl()),
            InboxProjector.database(settings.getInboxJdbcUrl(), settings.getInboxUsername(), settings.getInboxPassword()),
            settings.getInboxBatch(), settings.getInboxRetry(), reason -> skipped.increment(), batch -> {
                long now = System.currentTimeMillis();
                for (Notification n : batch) {
                    latency.record(Duration.ofMillis(Math.max(0, now - n.getOccurredAt().toEpochMilli())));
                }
                storedCount.increment(batch.size());
            });
    }

    /** Whether the projection loop runs. */
    public boolean running() {
        return projector.running();
    }

    @PreDestroy
    @Override
    public void close() throws InterruptedException {
        projector.close();
    }
}
