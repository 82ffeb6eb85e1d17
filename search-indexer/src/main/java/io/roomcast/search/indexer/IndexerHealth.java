package io.roomcast.search.indexer;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * {@code /health}: DOWN once the indexing loop has stopped (changes would no longer reach the indices); details
 * {@code indexing} ({@code running} / {@code stopped}) and {@code rebuilding} (the aliases being rebuilt at start,
 * e.g. {@code [rooms]}: still UP, their searches answer from the old index and the other indices are indexed).
 */
@Singleton
public final class IndexerHealth extends AbstractHealthIndicator<Map<String, Object>> {
    private final SearchIndexer indexer;

    public IndexerHealth(SearchIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean running = indexer.running();
        healthStatus = running ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("indexing", running ? "running" : "stopped", "rebuilding", indexer.rebuilding());
    }

    @Override
    protected String getName() {
        return "search-indexer";
    }
}
