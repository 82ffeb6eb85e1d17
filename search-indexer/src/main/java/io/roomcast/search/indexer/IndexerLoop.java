package io.roomcast.search.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.WriterSchemas;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.SearchIndexing;
import io.roomcast.search.elasticsearch.SearchCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer: one consumer thread over every partition of the topics search reads (assigned, no group
 * rebalancing), read_committed.
 *
 * <ul>
 *   <li>At start: the aliases are made sure of ({@link SearchCluster#ensureIndex}, with backoff while Elasticsearch
 *       does not answer); the compacted topics (room-state, room-stats, user-profiles, clubs) are read from offset 0,
 *       so the in-memory room state is whole and any document missed while away is written (external versions make
 *       the rest no-ops); room-events from the committed offset (group {@code <app>}).</li>
 *   <li>An alias whose index has an older mapping version than the code's ({@link SearchIndex#outdated}, e.g.
 *       {@code rooms-v1-1} under rooms mapping v2) is rebuilt from the log into the current version by a
 *       {@link StartupRebuild} on a thread of its own, while this loop indexes the other indices live. Meanwhile the
 *       partitions of the topics that write into the rebuilt index ({@link SearchIndexing#topicsWritingTo}: for rooms
 *       room-state, room-stats and room-events) are paused here, at their start positions; once the alias has moved
 *       they are resumed from there, so this loop reads them as at any start and writes through the alias into the
 *       new index. Why hold them back rather than write them: until the move the alias points at the old index,
 *       whose strict mapping refuses the new fields (documents would go to the dead-letter topic, and be lost with
 *       the old index), and room-stats need the room state this loop's translator builds from room-state offset 0.
 *       Nothing is lost (every record of those partitions is read after the move) and nothing goes back (what the
 *       rebuild wrote already is a 409 at the same external version, counted as stale). Searches of the rebuilt
 *       index answer from the old index until the move: they miss its changes of the rebuild's duration.</li>
 *   <li>Per poll: records to writes ({@link RecordTranslator}), the writes to Elasticsearch ({@link BulkWriter}: the
 *       next poll waits until they are done: backpressure), then offsets committed.</li>
 *   <li>{@link #running()} turns false if the loop dies, {@link #rebuilding()} names the indices being rebuilt (for
 *       {@code /health}; gauge {@code roomcast_search_rebuilding}).</li>
 * </ul>
 */
final class IndexerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RecordTranslator translator;
    private final BulkWriter writer;
    private final SearchCluster cluster;
    private final IndexerSettings settings;
    private final String bootstrapServers;
    private final WriterSchemas schemas;
    private final DeadLetterPublisher deadLetters;
    private final MeterRegistry meters;
    private final Counter rebuildFailures;
    private final Thread thread;
    private final List<StartupRebuild> rebuilds = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean stopped;

    IndexerLoop(SearchCluster cluster, IndexerSettings settings, String bootstrapServers, String groupId,
                WriterSchemas schemas, DeadLetterPublisher deadLetters, MeterRegistry meters) {
        this.cluster = cluster;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.schemas = schemas;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.translator = new RecordTranslator(schemas, deadLetters, meters);
        this.writer = new BulkWriter(cluster, settings.getBulkSize(), settings.getInitialBackoff(), settings.getMaxBackoff(),
                (w, reason) -> deadLetters.publish(w.record(), reason), meters);
        this.consumer = consumer(bootstrapServers, groupId, settings.getPollRecords());
        Gauge.builder("roomcast.search.live.rooms", translator, RecordTranslator::liveRooms)
                .description("rooms the indexer holds (live or scheduled, not private)").register(meters);
        Gauge.builder("roomcast.search.rebuilding", () -> rebuilding().size())
                .description("indices being rebuilt at start (their updates wait in the topics)").register(meters);
        this.rebuildFailures = Counter.builder("roomcast.search.rebuild.failures")
                .description("start-up rebuilds that failed and were started again").register(meters);
        this.thread = Thread.ofPlatform().name("search-indexer").start(this::run);
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, String groupId, int pollRecords) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** @return every partition of these topics */
    static List<TopicPartition> partitionsOf(List<Topic<String, ?>> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<String, ?> topic : topics) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        return partitions;
    }

    private void run() {
        try {
            List<SearchIndex> outdated = ensureIndices();
            List<TopicPartition> all = partitionsOf(SearchIndexing.allTopics());
            consumer.assign(all);
            consumer.seekToBeginning(all.stream().filter(tp -> !tp.topic().equals(Topics.ROOM_EVENTS.name())).toList());
            for (SearchIndex index : outdated) {
                consumer.pause(partitionsOf(SearchIndexing.topicsWritingTo(index)));
                rebuilds.add(new StartupRebuild(index, cluster, settings, bootstrapServers, schemas, deadLetters, meters,
                        rebuildFailures, () -> running && !stopped));
            }
            List<StartupRebuild> held = new ArrayList<>(rebuilds);
            while (running) {
                resumeRebuilt(held);
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                if (!writer.write(null, translator.translate(records, () -> running), () -> running)) {
                    break;
                }
                consumer.commitSync();
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("search indexer stopped: {}", e.toString(), e);
        } finally {
            stopped = true;
            consumer.close();
        }
    }

    /**
     * Creates the missing indices, waiting (with backoff) while Elasticsearch does not answer.
     *
     * @return the indices whose alias points at an older mapping version (to rebuild)
     */
    private List<SearchIndex> ensureIndices() throws InterruptedException {
        Backoff backoff = new Backoff(settings.getInitialBackoff(), settings.getMaxBackoff());
        List<SearchIndex> outdated = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            while (running) {
                try {
                    if (index.outdated(cluster.ensureIndex(index, settings.getReplicas(), settings.getRefreshInterval()))) {
                        outdated.add(index);
                    }
                    break;
                } catch (SearchCluster.ClusterUnavailableException e) {
                    LOG.warn("Elasticsearch not ready, making sure of index {} again in {} ms: {}", index.alias(),
                            backoff.nextMs(), e.getMessage());
                    backoff.pause();
                }
            }
        }
        return outdated;
    }

    /** Resumes the partitions of the indices whose rebuild is done, from where they were paused. */
    private void resumeRebuilt(List<StartupRebuild> held) {
        for (Iterator<StartupRebuild> it = held.iterator(); it.hasNext(); ) {
            StartupRebuild rebuild = it.next();
            if (rebuild.done()) {
                consumer.resume(partitionsOf(SearchIndexing.topicsWritingTo(rebuild.index())));
                it.remove();
                LOG.info("{} rebuilt: indexing its topics again", rebuild.index().alias());
            }
        }
    }

    /** @return the aliases being rebuilt at start (searches of them answer from the old index meanwhile) */
    List<String> rebuilding() {
        return rebuilds.stream().filter(r -> !r.done()).map(r -> r.index().alias()).toList();
    }

    /** @return false once the loop has stopped for any reason but {@link #close()} */
    boolean running() {
        return !stopped || !running;
    }

    /**
     * Stops the loop and any rebuild (a bulk in retry is abandoned: its records are read again at the next start; an
     * unfinished rebuild is started again at the next start) and waits up to 10 s for each.
     */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
        for (StartupRebuild rebuild : rebuilds) {
            rebuild.close();
        }
    }
}
