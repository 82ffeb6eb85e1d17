package io.roomcast.media.feed;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.media.session.RoomAuthority;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the edge's {@link RoomAuthority} current from Kafka, on one thread, reading committed records
 * only (room-state-stream writes facts and snapshots in one exactly-once transaction), every partition
 * by manual assignment (no consumer group, no commits: each edge reads everything).
 *
 * <p><b>Bootstrap.</b> 1. Note room-events' end offsets (the last stable offsets). 2. Read room-state
 * (compacted) from the beginning to its end and apply each room's latest snapshot ({@link RoomFacts#apply(String,
 * RoomSnapshot, RoomAuthority)}), remembering its version. 3. Follow room-events from the noted offsets,
 * skipping facts whose {@code roomVersion} the room's snapshot already includes. A fact before the noted
 * offsets was committed with its snapshot, so step 2 saw it; a fact after them is applied or skipped by
 * version: nothing is missed, nothing applied twice. A skipped fact still gives its revocation
 * ({@link RoomFacts#revoke}): snapshots hold who is in a room, not who left it.
 *
 * <p><b>Revocations at start.</b> Before step 3, the facts of the last {@code revocationWindow} before the
 * noted offsets (found by record timestamp, {@code offsetsForTimes}) are read for their revocations only:
 * a leave, kick or ban in that window may still have tokens in circulation. {@link #awaitReady} returns
 * once they are read and step 3 began, so no binding is judged without them.
 *
 * <p><b>Latency.</b> {@code fetchMaxWait} bounds how long a fact that becomes readable while a fetch is
 * already waiting stays at the broker: the broker completes a waiting read_committed fetch on new bytes,
 * not on a commit marker, so keep it small (issue 5: a demote, mute or kick stops audio within 100 ms).
 *
 * <p>A record that cannot be decoded is skipped and counted ({@link #undecodable()}).
 */
public final class RoomEventsFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoomEventsFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<String, byte[]> consumer;
    private final GuardedDecoder<RoomEvent> facts;
    private final GuardedDecoder<RoomSnapshot> snapshots;
    private final RoomAuthority authority;
    private final FactObserver observer;
    private final Map<String, Long> snapshotVersions = new HashMap<>();
    private final Duration revocationWindow;
    private Map<TopicPartition, Long> liveFrom = Map.of();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** Told of every fact applied, with its age (ms from occurredAt to being applied here). */
    public interface FactObserver {
        void applied(RoomEvent fact, long ageMs);
    }

    /**
     * Starts the feed's thread.
     *
     * @param serdeConfig registry serde config ({@link EventSerdes#config})
     * @param fetchMaxWait the consumer's {@code fetch.max.wait.ms} (see above)
     * @param revocationWindow how far back room-events is read at start for revocations (see above): the
     *     longest media token lifetime plus the clock skews
     */
    public RoomEventsFeed(String bootstrapServers, Map<String, Object> serdeConfig, Duration fetchMaxWait,
                          Duration revocationWindow, String clientId, RoomAuthority authority,
                          FactObserver observer) {
        this.revocationWindow = revocationWindow;
        this.consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.CLIENT_ID_CONFIG, clientId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        // Bounded, the topics' own schema versions only, the record rules (issue 11): a record of another
        // schema or declaring a length beyond its size is skipped, never cast or allocated.
        RegistryWriterSchemas versions = RegistryWriterSchemas.fromSerdeConfig(serdeConfig);
        this.facts = new GuardedDecoder<>(Topics.ROOM_EVENTS, versions, RecordValidator.DEFAULT);
        this.snapshots = new GuardedDecoder<>(Topics.ROOM_STATE, versions, RecordValidator.DEFAULT);
        this.authority = authority;
        this.observer = observer;
        this.thread = Thread.ofPlatform().name("room-events-feed").start(this::run);
    }

    /** Waits until the bootstrap is done and facts are followed; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the bootstrap is done and facts are followed. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Records skipped because they could not be decoded. */
    public long undecodable() {
        return undecodable.get();
    }

    /** Facts read at start for their revocations only. */
    public long replayed() {
        return replayed.get();
    }

    /** Facts applied since start. */
    public long applied() {
        return applied.get();
    }

    private void run() {
        try {
            List<TopicPartition> events = partitions(Topics.ROOM_EVENTS);
            Map<TopicPartition, Long> followFrom = consumer.endOffsets(events);
            bootstrap();
            consumer.assign(events);
            liveFrom = followFrom;
            replayFrom(followFrom).forEach(consumer::seek);
            while (running && events.stream().anyMatch(p -> consumer.position(p) < followFrom.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    follow(record);
                }
            }
            ready.countDown();
            LOG.info("room-events followed from {} (snapshots of {} rooms applied, {} earlier facts read for "
                + "revocations)", followFrom.values(), snapshotVersions.size(), replayed.get());
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    follow(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("room-events feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void bootstrap() {
        List<TopicPartition> state = partitions(Topics.ROOM_STATE);
        consumer.assign(state);
        consumer.seekToBeginning(state);
        Map<TopicPartition, Long> end = consumer.endOffsets(state);
        while (running && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                RoomSnapshot snapshot = record.value() == null ? null : decode(snapshots, record);
                if (record.value() == null) {
                    RoomFacts.apply(record.key(), null, authority);
                    snapshotVersions.remove(record.key());
                } else if (snapshot != null) {
                    RoomFacts.apply(record.key(), snapshot, authority);
                    snapshotVersions.put(record.key(), snapshot.getVersion());
                }
            }
        }
    }

    /** Where the revocation window starts on each partition, at most the noted end offsets. */
    private Map<TopicPartition, Long> replayFrom(Map<TopicPartition, Long> followFrom) {
        long since = System.currentTimeMillis() - revocationWindow.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        followFrom.keySet().forEach(p -> times.put(p, since));
        Map<TopicPartition, Long> from = new HashMap<>(followFrom);
        consumer.offsetsForTimes(times).forEach((p, found) -> {
            if (found != null) {
                from.put(p, Math.min(found.offset(), followFrom.get(p)));
            }
        });
        return from;
    }

    private void follow(ConsumerRecord<String, byte[]> record) {
        RoomEvent event = decode(facts, record);
        if (event == null) {
            return;
        }
        try {
            apply(record, event);
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            LOG.warn("skipped a room-events record at {}-{}@{} that could not be applied: {}", record.topic(),
                record.partition(), record.offset(), e.toString());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, RoomEvent event) {
        long now = System.currentTimeMillis();
        Long live = liveFrom.get(new TopicPartition(record.topic(), record.partition()));
        if (live != null && record.offset() < live) {
            RoomFacts.revoke(event, now, authority);
            replayed.incrementAndGet();
            return;
        }
        Long included = snapshotVersions.get(event.getRoomId());
        if (included != null && event.getRoomVersion() != null && event.getRoomVersion() <= included) {
            RoomFacts.revoke(event, now, authority);
            return;
        }
        RoomFacts.apply(event, now, authority);
        applied.incrementAndGet();
        observer.applied(event, System.currentTimeMillis() - event.getOccurredAt().toEpochMilli());
    }

    private <V extends org.apache.avro.specific.SpecificRecord> V decode(GuardedDecoder<V> decoder,
                                                                        ConsumerRecord<String, byte[]> record) {
        GuardedDecoder.Result<V> result = decoder.decodeWaiting(record.value(), () -> running);
        if (!result.ok()) {
            undecodable.incrementAndGet();
            LOG.warn("skipped a record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                result.rejection().text());
            return null;
        }
        return result.value();
    }

    private static List<TopicPartition> partitions(Topic<?, ?> topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions(); p++) {
            partitions.add(new TopicPartition(topic.name(), p));
        }
        return partitions;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
