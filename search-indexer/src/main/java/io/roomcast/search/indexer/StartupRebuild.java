package io.roomcast.search.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.elasticsearch.SearchCluster;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild of one outdated index at start, on a thread of its own ({@code search-rebuild-<alias>}), while the
 * {@link IndexerLoop} indexes the other indices. Each attempt makes sure of the alias and, if its index is still of an
 * older mapping version ({@link SearchIndex#outdated}), runs {@link Rebuild}. An attempt that fails (Elasticsearch
 * away or refusing) has deleted its unfinished index and is started again from offset 0 after a backoff
 * ({@code initial-backoff}, doubled up to {@code max-backoff}); each failure is logged and counted
 * ({@code roomcast_search_rebuild_failures_total}). It ends when the alias points at the code's mapping version
 * ({@link #done()}), or when {@code running} turns false.
 */
final class StartupRebuild implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRebuild.class);

    private final SearchIndex index;
    private final Counter failures;
    private final Thread thread;
    private volatile boolean done;

    /**
     * Starts the rebuild.
     *
     * @param failures counts each failed attempt
     * @param running  false stops it (shutdown, or the indexing loop died)
     */
    StartupRebuild(SearchIndex index, SearchCluster cluster, IndexerSettings settings, String bootstrapServers,
                   WriterSchemas schemas, DeadLetterPublisher deadLetters, MeterRegistry meters, Counter failures,
                   BooleanSupplier running) {
        this.index = index;
        this.failures = failures;
        this.thread = Thread.ofPlatform().name("search-rebuild-" + index.alias()).start(() -> {
            Backoff backoff = new Backoff(settings.getInitialBackoff(), settings.getMaxBackoff());
            while (running.getAsBoolean()) {
                try {
                    String current = cluster.ensureIndex(index, settings.getReplicas(), settings.getRefreshInterval());
                    if (index.outdated(current)) {
                        LOG.info("{} is mapping version {}, the code's is {}: rebuilding it from the log", current,
                                index.mappingVersionOf(current), index.mappingVersion());
                        Rebuild.run(index, cluster, settings, bootstrapServers, schemas, deadLetters, meters, running);
                    }
                    done = true;
                    return;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!running.getAsBoolean()) {
                        return;
                    }
                    failures.increment();
                    LOG.warn("rebuild of {} failed, starting it again in {} ms: {}", index.alias(), backoff.nextMs(), e.toString());
                    try {
                        backoff.pause();
                    } catch (InterruptedException stopped) {
                        return;
                    }
                }
            }
        });
    }

    /** @return the index rebuilt */
    SearchIndex index() {
        return index;
    }

    /** @return true once the alias points at an index of the code's mapping version (searches and writes use it) */
    boolean done() {
        return done;
    }

    /** Stops a rebuild still running (its unfinished index is deleted) and waits up to 10 s. */
    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(10));
    }
}
