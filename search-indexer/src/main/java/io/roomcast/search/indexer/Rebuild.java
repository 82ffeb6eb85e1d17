package io.roomcast.search.indexer;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.SearchIndexing;
import io.roomcast.search.elasticsearch.SearchCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds one index from the log without downtime: creates the next generation of the index
 * ({@code <alias>-v<mapping>-<n+1>}, the code's current mappings and settings), writes into it every record of
 * the index's topics ({@link SearchIndexing#topicsOf}) from offset 0 to the end offsets seen at the start, moves
 * the alias to it in one atomic step and deletes the old index, then reads on to the end offsets seen after the
 * move (what the running indexer wrote into the old index meanwhile). Searches use the old index until the move,
 * the new one after. External versions make the overlap with the running indexer harmless.
 */
public final class Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(Rebuild.class);

    /**
     * What a rebuild did.
     *
     * @param index     the new concrete index
     * @param deleted   the old indices deleted
     * @param records   records read
     * @param writes    writes made
     * @param elapsedMs duration, ms
     */
    public record Report(String index, List<String> deleted, long records, long writes, long elapsedMs) {}

    private Rebuild() {}

    /**
     * Rebuilds until done ({@code RebuildCommand}, tests): {@link #run(SearchIndex, SearchCluster, IndexerSettings,
     * String, WriterSchemas, DeadLetterPublisher, MeterRegistry, BooleanSupplier)} that never stops early.
     */
    public static Report run(SearchIndex index, SearchCluster cluster, IndexerSettings settings, String bootstrapServers,
                             WriterSchemas schemas, DeadLetterPublisher deadLetters, MeterRegistry meters)
            throws InterruptedException {
        return run(index, cluster, settings, bootstrapServers, schemas, deadLetters, meters, () -> true);
    }

    /**
     * Rebuilds one index. If it fails or is stopped before the alias moved, the new index is deleted again (the alias
     * still points at the old one, which went on serving), so a later attempt starts clean.
     *
     * @param running false stops the rebuild (shutdown): it then throws {@link InterruptedException}
     * @return what was done
     * @throws SearchCluster.ClusterUnavailableException if Elasticsearch fails during the index creation or the alias
     *                                                   move (bulk writes are retried)
     * @throws InterruptedException                      if interrupted or stopped by {@code running}
     */
    public static Report run(SearchIndex index, SearchCluster cluster, IndexerSettings settings, String bootstrapServers,
                             WriterSchemas schemas, DeadLetterPublisher deadLetters, MeterRegistry meters,
                             BooleanSupplier running) throws InterruptedException {
        long t0 = System.nanoTime();
        String target = cluster.createNextIndex(index, settings.getReplicas(), settings.getRefreshInterval());
        LOG.info("rebuilding {} into {}", index.alias(), target);
        RecordTranslator translator = new RecordTranslator(schemas, deadLetters, meters);
        BulkWriter writer = new BulkWriter(cluster, settings.getBulkSize(), settings.getInitialBackoff(),
                settings.getMaxBackoff(), (w, reason) -> deadLetters.publish(w.record(), reason), meters);
        long[] counts = new long[2];
        List<TopicPartition> partitions = IndexerLoop.partitionsOf(SearchIndexing.topicsOf(index));
        try (KafkaConsumer<String, byte[]> consumer = IndexerLoop.consumer(bootstrapServers, "search-rebuild-unused",
                settings.getPollRecords())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> deleted;
            try {
                readTo(consumer, consumer.endOffsets(partitions), translator, writer, target, counts, running);
                refreshQuietly(cluster, target);
                deleted = cluster.moveAlias(index, target);
            } catch (InterruptedException | RuntimeException e) {
                deleteQuietly(cluster, index, target);
                throw e;
            }
            readTo(consumer, consumer.endOffsets(partitions), translator, writer, index.alias(), counts, running);
            Report report = new Report(target, deleted, counts[0], counts[1], (System.nanoTime() - t0) / 1_000_000);
            LOG.info("rebuilt {}: {}", index.alias(), report);
            return report;
        }
    }

    private static void readTo(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                               RecordTranslator translator, BulkWriter writer, String target, long[] counts,
                               BooleanSupplier running) throws InterruptedException {
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (!running.getAsBoolean()) {
                throw new InterruptedException("rebuild into " + target + " stopped");
            }
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
            List<SourcedWrite> writes = translator.translate(records, running);
            if (!writer.write(target, writes, running)) {
                throw new InterruptedException("rebuild into " + target + " stopped");
            }
            counts[0] += records.count();
            counts[1] += writes.size();
        }
    }

    /** Deletes an unfinished target unless the alias reached it after all (a move whose answer was lost). */
    private static void deleteQuietly(SearchCluster cluster, SearchIndex index, String target) {
        try {
            if (!target.equals(cluster.aliasTarget(index))) {
                cluster.deleteIndex(target);
                LOG.info("deleted the unfinished {}", target);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete the unfinished {}: {}", target, e.toString());
        }
    }

    private static void refreshQuietly(SearchCluster cluster, String target) {
        try {
            cluster.refresh(target);
        } catch (RuntimeException e) {
            LOG.debug("refresh of {} failed: {}", target, e.toString());
        }
    }
}
