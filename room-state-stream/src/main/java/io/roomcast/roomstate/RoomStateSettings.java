package io.roomcast.roomstate;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.roomstate.core.RoomLimits;
import io.roomcast.roomstate.topology.RoomStateTopology;
import io.roomcast.schemas.projection.TopicProjector;
import java.time.Duration;

/**
 * The service's settings, {@code roomcast.*} in application.yml (each overridable by environment,
 * e.g. {@code ROOMCAST_ROOMS_CAPACITY}); defaults are those of {@link RoomStateTopology.Settings#DEFAULTS}
 * and {@link TopicProjector.Settings#DEFAULT}.
 */
@ConfigurationProperties("roomcast")
public class RoomStateSettings {
    private static final RoomStateTopology.Settings D = RoomStateTopology.Settings.DEFAULTS;

    /** Schema registry native API URL for the Avro serde. */
    private String registryUrl = "http://localhost:8081/apis/registry/v3";
    /** Redis for the read model. */
    private String redisUri = "redis://127.0.0.1:6379";
    private int capacity = D.limits().capacity();
    private int speakerLimit = D.limits().speakerLimit();
    private int handQueueLimit = D.limits().handQueueLimit();
    private Duration maxDuration = D.limits().maxDuration();
    private Duration emptyTimeout = D.limits().emptyTimeout();
    private Duration idleExpiry = D.limits().idleExpiry();
    private Duration scheduledStartTimeout = D.limits().scheduledStartTimeout();
    private Duration presenceDeadline = D.presenceDeadline();
    private Duration presenceCheckInterval = D.presenceCheckInterval();
    private Duration lifecycleCheckInterval = D.lifecycleCheckInterval();
    private Duration dedupWindow = D.dedupWindow();
    private Duration snapshotInterval = D.snapshotInterval();
    private int readModelBatch = TopicProjector.Settings.DEFAULT.batch();
    private Duration readModelRetry = TopicProjector.Settings.DEFAULT.retry();

    /** The topology's settings. */
    public RoomStateTopology.Settings topology() {
        return new RoomStateTopology.Settings(
            new RoomLimits(capacity, speakerLimit, handQueueLimit, maxDuration, emptyTimeout, idleExpiry, scheduledStartTimeout),
            presenceDeadline, presenceCheckInterval, lifecycleCheckInterval, dedupWindow, snapshotInterval, 0);
    }

    /**
     * @return the Redis read model projector's settings ({@code read-model-batch}, {@code read-model-retry})
     * @throws IllegalArgumentException for an out-of-range value
     */
    public TopicProjector.Settings readModel() {
        return new TopicProjector.Settings(readModelBatch, readModelRetry);
    }

    public String getRegistryUrl() { return registryUrl; }
    public void setRegistryUrl(String registryUrl) { this.registryUrl = registryUrl; }
    public String getRedisUri() { return redisUri; }
    public void setRedisUri(String redisUri) { this.redisUri = redisUri; }
    public void setCapacity(int capacity) { this.capacity = capacity; }
    public void setSpeakerLimit(int speakerLimit) { this.speakerLimit = speakerLimit; }
    public void setHandQueueLimit(int handQueueLimit) { this.handQueueLimit = handQueueLimit; }
    public void setMaxDuration(Duration maxDuration) { this.maxDuration = maxDuration; }
    public void setEmptyTimeout(Duration emptyTimeout) { this.emptyTimeout = emptyTimeout; }
    public Duration getIdleExpiry() { return idleExpiry; }
    public void setIdleExpiry(Duration idleExpiry) { this.idleExpiry = idleExpiry; }
    public void setScheduledStartTimeout(Duration timeout) { this.scheduledStartTimeout = timeout; }
    public void setPresenceDeadline(Duration presenceDeadline) { this.presenceDeadline = presenceDeadline; }
    public void setPresenceCheckInterval(Duration interval) { this.presenceCheckInterval = interval; }
    public void setLifecycleCheckInterval(Duration interval) { this.lifecycleCheckInterval = interval; }
    public void setDedupWindow(Duration dedupWindow) { this.dedupWindow = dedupWindow; }
    public void setSnapshotInterval(Duration snapshotInterval) { this.snapshotInterval = snapshotInterval; }
    public void setReadModelBatch(int readModelBatch) { this.readModelBatch = readModelBatch; }
    public void setReadModelRetry(Duration readModelRetry) { this.readModelRetry = readModelRetry; }
}
