package io.roomcast.search.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomcast.search.IndexWrite;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.roomcast.search.elasticsearch.SearchCluster.BulkOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches to Elasticsearch with the bulk API until every write is done or refused (Elasticsearch's
 * "Bulk API" page: per-item statuses).
 *
 * <ul>
 *   <li><b>Backpressure</b>: {@link #write} returns only when the batch is done, so the caller reads no new records
 *       meanwhile; at most {@code maxPerBulk} writes per request.</li>
 *   <li><b>Retries</b>: a request that fails as a whole (no answer, 429, 5xx) and items answered 429 or 5xx are sent
 *       again after an exponential backoff with jitter from {@code initialBackoff} to {@code maxBackoff}, for as long
 *       as it takes (Elasticsearch away: the indexer waits, it loses nothing).</li>
 *   <li><b>Done</b>: written, stale (409: a newer version is there; a replay) or a delete of nothing.</li>
 *   <li><b>Refused</b> (any other 4xx, e.g. a mapping conflict): handed to the dead-letter sink with Elasticsearch's
 *       reason, and counted ({@code roomcast_search_refused_total}).</li>
 *   <li><b>Lag</b>: for each written document, the time from its fact ({@link IndexWrite#factAtMs()}) to
 *       Elasticsearch's acknowledgement, timer {@code roomcast_search_indexing_lag_seconds} (p50, p99); searchable
 *       after at most one more refresh interval.</li>
 * </ul>
 */
final class BulkWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);

    /** Where refused writes go. */
    interface DeadLetterSink {
        void refused(SourcedWrite write, String reason);
    }

    private final SearchCluster cluster;
    private final int maxPerBulk;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final DeadLetterSink deadLetters;
    private final Timer lag;
    private final Counter written;
    private final Counter stale;
    private final Counter refusedCount;
    private final Counter retries;

    BulkWriter(SearchCluster cluster, int maxPerBulk, Duration initialBackoff, Duration maxBackoff,
               DeadLetterSink deadLetters, MeterRegistry meters) {
        this.cluster = cluster;
        this.maxPerBulk = maxPerBulk;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.deadLetters = deadLetters;
        this.lag = Timer.builder("roomcast.search.indexing.lag")
                .description("from a fact (occurredAt) to Elasticsearch acknowledging its document")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.written = Counter.builder("roomcast.search.written").description("documents written").register(meters);
        this.stale = Counter.builder("roomcast.search.stale")
                .description("writes Elasticsearch skipped: a newer version was there (replays)").register(meters);
        this.refusedCount = Counter.builder("roomcast.search.refused")
                .description("writes Elasticsearch refused, sent to the dead-letter topic").register(meters);
        this.retries = Counter.builder("roomcast.search.retries")
                .description("bulk requests or items sent again after 429, 5xx or no answer").register(meters);
    }

    /**
     * Writes every write of a batch (in order per document: one bulk at a time, items retried in their order).
     *
     * @param target  an alias or concrete index for every write, or null for each write's own alias
     * @param batch   the writes
     * @param running false stops the retries (shutdown); the method then returns with writes left undone
     * @return true if every write was done or refused, false if stopped first
     * @throws InterruptedException if interrupted during a backoff
     */
    boolean write(String target, List<SourcedWrite> batch, BooleanSupplier running) throws InterruptedException {
        for (int from = 0; from < batch.size(); from += maxPerBulk) {
            List<SourcedWrite> pending = batch.subList(from, Math.min(batch.size(), from + maxPerBulk));
            int attempt = 0;
            while (!pending.isEmpty()) {
                if (!running.getAsBoolean()) {
                    return false;
                }
                List<SourcedWrite> again = new ArrayList<>();
                try {
                    List<BulkOutcome> outcomes = cluster.bulk(target, pending.stream().map(SourcedWrite::write).toList());
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < outcomes.size(); i++) {
                        BulkOutcome outcome = outcomes.get(i);
                        SourcedWrite w = pending.get(i);
                        if (outcome.done()) {
                            if (outcome.status() == 409) {
                                stale.increment();
                            } else {
                                written.increment();
                                lag.record(Duration.ofMillis(Math.max(0, now - w.write().factAtMs())));
                            }
                        } else if (outcome.retriable()) {
                            again.add(w);
                        } else {
                            refusedCount.increment();
                            deadLetters.refused(w, "refused by Elasticsearch (" + outcome.status() + "): " + outcome.error());
                        }
                    }
                } catch (SearchCluster.ClusterUnavailableException e) {
                    again = pending;
                    if (attempt == 0) {
                        LOG.warn("bulk of {} writes failed, retrying with backoff: {}", pending.size(), e.getMessage());
                    }
                }
                if (!again.isEmpty()) {
                    retries.increment();
                    Thread.sleep(backoff(attempt++));
                }
                pending = again;
            }
        }
        return true;
    }

    /** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
    private Duration backoff(int attempt) {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(Math.max(initialBackoff.toMillis() / 2, ThreadLocalRandom.current().nextLong(cap + 1)));
    }
}
