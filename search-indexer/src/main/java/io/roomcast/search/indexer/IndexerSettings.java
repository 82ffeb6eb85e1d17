package io.roomcast.search.indexer;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * search-indexer's settings, {@code roomcast.search.*} in application.yml (environment: {@code ROOMCAST_SEARCH_*}).
 * Defaults are the documented ones (README, "Search").
 */
@ConfigurationProperties("roomcast.search")
public class IndexerSettings {
    /** Elasticsearch base URL. */
    private String elasticsearchUrl = "http://localhost:9200";
    /** Writes per bulk request (count). */
    private int bulkSize = 500;
    /** Records read per poll at most (count): with {@link #bulkSize}, how much is in flight (backpressure). */
    private int pollRecords = 2000;
    /** First backoff after a 429 / 5xx / no answer; doubled per attempt up to {@link #maxBackoff}. */
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    /** How long an ended room's document stays (not returned by searches) before the sweep deletes it. */
    private Duration endedRetention = Duration.ofHours(1);
    /** How often the sweep runs. */
    private Duration sweepInterval = Duration.ofMinutes(1);
    /** Index settings of new indices: replicas per shard, refresh interval (how soon a write is searchable). */
    private int replicas = 0;
    private String refreshInterval = "250ms";

    public String getElasticsearchUrl() {
        return elasticsearchUrl;
    }

    public void setElasticsearchUrl(String elasticsearchUrl) {
        this.elasticsearchUrl = elasticsearchUrl;
    }

    public int getBulkSize() {
        return bulkSize;
    }

    public void setBulkSize(int bulkSize) {
        this.bulkSize = bulkSize;
    }

    public int getPollRecords() {
        return pollRecords;
    }

    public void setPollRecords(int pollRecords) {
        this.pollRecords = pollRecords;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getEndedRetention() {
        return endedRetention;
    }

    public void setEndedRetention(Duration endedRetention) {
        this.endedRetention = endedRetention;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public String getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(String refreshInterval) {
        this.refreshInterval = refreshInterval;
    }
}
