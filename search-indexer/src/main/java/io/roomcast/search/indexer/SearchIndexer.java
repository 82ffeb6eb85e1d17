package io.roomcast.search.indexer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.search.elasticsearch.SearchCluster;
import jakarta.annotation.PreDestroy;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the indexer (Micronaut only starts and stops it): the {@link IndexerLoop}, its dead-letter publisher, and
 * the {@link RetentionSweep} every {@code roomcast.search.sweep-interval}.
 */
@Context
public class SearchIndexer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);

    private final SearchCluster cluster;
    private final DeadLetterPublisher deadLetters;
    private final IndexerLoop loop;
    private final IndexerSettings settings;

    public SearchIndexer(IndexerSettings settings, @Value("${kafka.bootstrap.servers}") String bootstrapServers,
                         @Value("${roomcast.registry-url}") String registryUrl,
                         @Value("${micronaut.application.name}") String applicationId, MeterRegistry meters) {
        this.settings = settings;
        this.cluster = SearchCluster.connect(settings.getElasticsearchUrl());
        this.deadLetters = new DeadLetterPublisher(bootstrapServers, registryUrl, applicationId);
        this.loop = new IndexerLoop(cluster, settings, bootstrapServers, applicationId,
                new RegistryWriterSchemas(registryUrl), deadLetters, meters);
    }

    /** @return false once the indexing loop has stopped for any reason but shutdown */
    public boolean running() {
        return loop.running();
    }

    /** @return the aliases being rebuilt at start, e.g. {@code [rooms]} (the others are indexed meanwhile) */
    public List<String> rebuilding() {
        return loop.rebuilding();
    }

    /** Deletes ended rooms past the retention; Elasticsearch away: logged, tried again next time. */
    @Scheduled(fixedDelay = "${roomcast.search.sweep-interval:1m}", initialDelay = "${roomcast.search.sweep-interval:1m}")
    void sweep() {
        try {
            int deleted = RetentionSweep.sweep(cluster, settings.getEndedRetention().toMillis(), System.currentTimeMillis());
            if (deleted > 0) {
                LOG.info("deleted {} ended rooms past the retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("retention sweep failed: {}", e.toString());
        }
    }

    @Override
    @PreDestroy
    public void close() throws InterruptedException {
        loop.close();
        deadLetters.close();
        cluster.close();
    }
}
