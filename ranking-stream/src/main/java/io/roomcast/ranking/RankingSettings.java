package io.roomcast.ranking;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.ranking.core.RoomStatsRules;
import io.roomcast.ranking.topology.HallwayTopology;
import io.roomcast.ranking.topology.RankingTopology;
import io.roomcast.schemas.projection.TopicProjector;
import java.time.Duration;

/**
 * The service's settings, {@code roomcast.*} in application.yml (each overridable by environment,
 * e.g. {@code ROOMCAST_MOMENTUM_REFRESH}); defaults are those of {@link RankingTopology.Settings#DEFAULTS},
 * and {@link TopicProjector.Settings#DEFAULT}. The hallway's are {@link HallwaySettings} ({@link HallwayTopology}).
 */
@ConfigurationProperties("roomcast")
public class RankingSettings {
    private static final RankingTopology.Settings D = RankingTopology.Settings.DEFAULTS;

    /** Schema registry native API URL for the Avro serde. */
    private String registryUrl = "http://localhost:8081/apis/registry/v3";
    /** Redis for the read model. */
    private String redisUri = "redis://127.0.0.1:6379";
    private Duration momentumShortWindow = D.stats().shortWindow();
    private Duration momentumLongWindow = D.stats().longWindow();
    private Duration momentumRefresh = D.momentumRefresh();
    private Duration endedRetention = D.endedRetention();
    private int readModelBatch = TopicProjector.Settings.DEFAULT.batch();
    private Duration readModelRetry = TopicProjector.Settings.DEFAULT.retry();
    /** TTL of a room's stats in Redis after their last write (the gateway answers 404 after it). */
    private Duration statsExpiry = Duration.ofDays(7);

    /**
     * @return the topology's settings
     * @throws IllegalArgumentException for an out-of-range value
     */
    public RankingTopology.Settings topology() {
        return new RankingTopology.Settings(new RoomStatsRules.Settings(momentumShortWindow, momentumLongWindow),
            momentumRefresh, endedRetention, 0);
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
    public void setMomentumShortWindow(Duration window) { this.momentumShortWindow = window; }
    public void setMomentumLongWindow(Duration window) { this.momentumLongWindow = window; }
    public void setMomentumRefresh(Duration refresh) { this.momentumRefresh = refresh; }
    public void setEndedRetention(Duration retention) { this.endedRetention = retention; }
    public void setReadModelBatch(int readModelBatch) { this.readModelBatch = readModelBatch; }
    public void setReadModelRetry(Duration readModelRetry) { this.readModelRetry = readModelRetry; }
    public Duration getStatsExpiry() { return statsExpiry; }
    public void setStatsExpiry(Duration statsExpiry) { this.statsExpiry = statsExpiry; }
}
