package io.roomcast.gateway.feed;

import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.PartitionInterest;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds this node's {@link Fanout} from room-events: reads only the partitions of rooms that have
 * local sessions ({@link PartitionInterest}, manual assignment, no consumer group), encodes each
 * fact once ({@link FactDecoder}) and delivers it to the room or to the one
 * session a command result is for. A newly assigned partition is read from {@code replayWindow}
 * ago (by timestamp), so a joiner whose snapshot is older than the first fact read misses nothing; it stays
 * paused until the broker has said where that is (asked again every turn, at most 2 s each), while the other
 * partitions are read on.
 * Reads committed records only (room-state-stream writes with exactly-once transactions).
 *
 * <p>One thread; {@link #close()} stops it. A record that cannot be decoded is skipped and counted
 * ({@link #undecodable()}), and so is one whose delivery fails ({@link #skipped()}): one bad record
 * never stops the feed. If the thread stops anyway, {@link #running()} says so (the node's
 * {@code /health} is then DOWN: a node that no longer delivers must not be reported healthy).
 */
public final class FactFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FactFeed.class);
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long one attempt to position new partitions waits for the broker before the feed reads on. */
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final FactDecoder decoder;
    private final Fanout fanout;
    private final PartitionInterest interest;
    private final Duration replayWindow;
    private final PartitionAssignment assignment = new PartitionAssignment(Topics.ROOM_EVENTS.name());
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong skipped = new AtomicLong();
    /** Assigned partitions still paused, by the time (epoch ms) they are to be read from; feed thread only. */
    private final Map<TopicPartition, Long> unpositioned = new HashMap<>();
    private int positionFailures;
    private final Set<String> skippedKinds = ConcurrentHashMap.newKeySet();

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param serdeConfig      registry serde config ({@link EventSerdes#config})
     * @param replayWindow     how far back a newly assigned partition is read (at least the fan-out's
     *                         room log age)
     * @param fetchMaxWait     the consumer's {@code fetch.max.wait.ms}: how long the broker may hold a
     *                         fetch open waiting for data. It bounds the delay of a fact that becomes
     *                         readable (its transaction commits) while a fetch is already waiting: the
     *                         broker completes a waiting read_committed fetch on new bytes, not on a
     *                         commit marker, so keep it small (Kafka default 500 ms)
     */
    public FactFeed(String bootstrapServers, Map<String, Object> serdeConfig, Fanout fanout, PartitionInterest interest,
                    FrameCodec codec, Duration replayWindow, Duration fetchMaxWait) {
        this.consumer = consumer(bootstrapServers, fetchMaxWait);
        this.decoder = new FactDecoder(serdeConfig, codec);
        this.fanout = fanout;
        this.interest = interest;
        this.replayWindow = replayWindow;
        this.thread = Thread.ofPlatform().name("fact-feed").start(this::run);
    }

    /**
     * A consumer without group (manual assignment), read_committed, no offsets committed, String keys and
     * raw values (decoded by the caller); an unpositioned partition starts at its end.
     *
     * @param fetchMaxWait its {@code fetch.max.wait.ms}
     */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers, Duration fetchMaxWait) {
        return new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The room-events partition of a room: Kafka's default partitioner for a String key (murmur2). */
    public static int partitionOf(String roomId) {
        return Topics.ROOM_EVENTS.partitionOf(roomId);
    }

    /** Partitions currently assigned, a new one possibly still paused until positioned (for tests and metrics). */
    public Set<Integer> assignedPartitions() {
        return assignment.partitions();
    }

    /** Records skipped because they could not be decoded (count). */
    public long undecodable() {
        return decoder.undecodable();
    }

    private void run() {
        try {
            while (running) {
                reassign();
                if (assignment.isEmpty()) {
                    interest.awaitChange(POLL);
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    deliver(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("room-events feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Assigns the partitions that changed; a new one is paused until it is positioned at {@code replayWindow}
     * before its assignment ({@link #position()}).
     */
    private void reassign() {
        assignment.apply(consumer, interest, added -> {
            long from = System.currentTimeMillis() - replayWindow.toMillis();
            added.forEach(tp -> unpositioned.put(tp, from));
            consumer.pause(added);
        });
        if (!unpositioned.isEmpty()) {
            unpositioned.keySet().retainAll(consumer.assignment()); // some released meanwhile
            position();
        }
    }

    /**
     * Seeks the paused new partitions to their first record at or after their replay time (or to their end if
     * there is none: the end read before that answer) and resumes them. If the broker does not answer within
     * {@link #POSITION_TIMEOUT} (it is restarting, or starved), they stay paused and are tried again at the next
     * turn, while the other partitions are read on: a partition is never read from a guessed position, so a
     * joiner misses no fact of its room. (Before, such a timeout stopped the feed.)
     */
    private void position() {
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, OffsetAndTimestamp> offsets;
        try {
            // The ends first: a partition with no record since its replay time is read from its end as it was before
            // that answer, so a fact written in between is read too.
            ends = consumer.endOffsets(unpositioned.keySet(), POSITION_TIMEOUT);
            offsets = consumer.offsetsForTimes(unpositioned, POSITION_TIMEOUT);
        } catch (TimeoutException e) {
            if (positionFailures++ == 0) {
                LOG.warn("room-events partitions {} not positioned yet, paused and tried again: {}",
                    unpositioned.keySet(), e.toString());
            }
            return;
        }
        if (positionFailures > 0) {
            LOG.info("room-events partitions {} positioned after {} attempts", unpositioned.keySet(), positionFailures + 1);
            positionFailures = 0;
        }
        for (TopicPartition tp : unpositioned.keySet()) {
            OffsetAndTimestamp at = offsets.get(tp);
            consumer.seek(tp, at != null ? at.offset() : ends.get(tp));
        }
        consumer.resume(unpositioned.keySet());
        unpositioned.clear();
    }

    /** One record: a failure is this record's, never the feed's: it is skipped, counted, logged (once per kind), and the feed goes on. */
    private void deliver(ConsumerRecord<String, byte[]> record) {
        try {
            decoder.decode(record, () -> running).ifPresent(f -> fanout.deliver(f.roomId(), f.fact()));
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            if (skippedKinds.add(e.getClass().getName())) {
                LOG.warn("skipped room-events record {}-{}@{} that failed delivery (further {} are counted, not logged): {}",
                    record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    /** True while the feed's thread reads room-events; false once it has stopped (closed, or failed outside a record). */
    public boolean running() {
        return thread.isAlive();
    }

    /** Records skipped because delivering them failed (count), beside {@link #undecodable()}. */
    public long skipped() {
        return skipped.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10));
    }
}
