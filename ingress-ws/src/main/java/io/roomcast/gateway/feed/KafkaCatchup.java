package io.roomcast.gateway.feed;

import io.roomcast.gateway.fanout.Fact;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one room's facts from room-events by offset, for a RESUME whose gap the room log no longer
 * holds ({@link Fanout.Catchup.FromKafka}): from the client's position up to the room log's oldest
 * fact, or the partition's end (last stable offset: committed facts only), bounded by
 * {@link Limits}. Runs on its own small pool of threads, each read with a consumer of its own
 * (manual assignment, no group, read_committed), never on a Netty event loop or the feed's thread.
 * Records of other rooms are skipped by key before decoding.
 */
public final class KafkaCatchup implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * How far back a resume is served from Kafka; beyond, the answer is a fresh snapshot.
     *
     * @param maxFacts most facts of the room one catch-up replays (count, at least 1)
     * @param maxAge   the client's position must be at most this old (the first record read after
     *                 it, by its Kafka timestamp); at least 1 ms
     * @param timeout  longest one catch-up (all its reads) may take before giving up (at least 1 ms)
     * @param readers  reads run at once at most (threads and consumers, at least 1)
     */
    public record Limits(int maxFacts, Duration maxAge, Duration timeout, int readers) {
        /** 10,000 facts, 10 min, 10 s, 2 readers. */
        public static final Limits DEFAULT = new Limits(10_000, Duration.ofMinutes(10), Duration.ofSeconds(10), 2);

        /** @throws IllegalArgumentException if a limit is below 1 */
        public Limits {
            if (maxFacts < 1 || readers < 1 || maxAge.toMillis() < 1 || timeout.toMillis() < 1) {
                throw new IllegalArgumentException("resume-from-kafka limits must be >= 1: " + maxFacts + " facts, "
                    + maxAge + ", " + timeout + ", " + readers + " readers");
            }
        }
    }

    /** What one read found. */
    public sealed interface Result {
        /**
         * @param facts    the room's facts read, in offset order
         * @param readUpTo every record of the partition up to this offset was read
         */
        record Read(List<Fact> facts, long readUpTo) implements Result {}

        /** Not served from Kafka (fresh snapshot instead). @param why for logs and tests */
        record Refused(String why) implements Result {}
    }

    private final String bootstrapServers;
    private final FactDecoder decoder;
    private final Limits limits;
    private final ExecutorService pool;
    private final BlockingQueue<KafkaConsumer<String, byte[]>> consumers;

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param serdeConfig      registry serde config ({@link EventSerdes#config})
     * @param codec            the node's frame codec
     */
    public KafkaCatchup(String bootstrapServers, Map<String, Object> serdeConfig, FrameCodec codec, Limits limits) {
        this.bootstrapServers = bootstrapServers;
        this.decoder = new FactDecoder(serdeConfig, codec);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pool = Executors.newFixedThreadPool(limits.readers(),
            Thread.ofPlatform().name("resume-catchup-", 0).daemon().factory());
        this.consumers = new ArrayBlockingQueue<>(limits.readers());
    }

    /** The limits this reader applies. */
    public Limits limits() {
        return limits;
    }

    /**
     * Reads the facts of {@code roomId} in {@code partition} from {@code fromOffset} on, until the
     * position reaches {@code stopAtOffset} (if at least 0) or the partition's end as it was when the
     * read began. Completes (on a reader thread) with {@link Result.Read}, or {@link Result.Refused}
     * when {@code fromOffset} is before the partition's log start, the first record read is older
     * than {@link Limits#maxAge()}, the room has more than {@code maxFacts} facts in the range, the
     * read is not done by {@code deadlineNanos}, or Kafka fails.
     *
     * @param maxFacts      at most this many facts (at most {@link Limits#maxFacts()})
     * @param deadlineNanos {@link System#nanoTime()} by which the read must be done (see {@link Limits#timeout()})
     */
    public CompletableFuture<Result> read(String roomId, int partition, long fromOffset, long stopAtOffset, int maxFacts,
                                          long deadlineNanos) {
        return CompletableFuture.supplyAsync(() -> {
            KafkaConsumer<String, byte[]> consumer = consumers.poll();
            if (consumer == null) {
                consumer = FactFeed.consumer(bootstrapServers, Duration.ofMillis(100));
            }
            try {
                return read(consumer, roomId, new TopicPartition(Topics.ROOM_EVENTS.name(), partition), fromOffset,
                    stopAtOffset, Math.min(maxFacts, limits.maxFacts()), deadlineNanos);
            } catch (RuntimeException e) {
                return new Result.Refused("reading failed: " + e);
            } finally {
                consumer.unsubscribe();
                if (!consumers.offer(consumer)) {
                    consumer.close();
                }
            }
        }, pool);
    }

    private Result read(KafkaConsumer<String, byte[]> consumer, String roomId, TopicPartition tp, long from,
                        long stopAt, int maxFacts, long deadline) {
        consumer.assign(List.of(tp));
        long start = consumer.beginningOffsets(List.of(tp)).get(tp);
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        if (from < start) {
            return new Result.Refused("offset " + from + " is before the log start " + start);
        }
        long stop = stopAt >= 0 ? Math.min(stopAt, end) : end;
        List<Fact> facts = new ArrayList<>();
        if (from >= stop) {
            return new Result.Read(facts, from - 1);
        }
        consumer.seek(tp, from);
        boolean first = true;
        while (consumer.position(tp) < stop) {
            if (System.nanoTime() > deadline) {
                return new Result.Refused("not done within " + limits.timeout().toMillis() + " ms");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(tp)) {
                if (first && record.timestamp() < System.currentTimeMillis() - limits.maxAge().toMillis()) {
                    return new Result.Refused("the gap is older than " + limits.maxAge().toMillis() + " ms");
                }
                first = false;
                if (roomId.equals(record.key())) {
                    var fact = decoder.decode(record, () -> System.nanoTime() < deadline);
                    if (fact.isPresent() && fact.get().roomId().equals(roomId)) {
                        facts.add(fact.get().fact());
                    }
                }
                if (facts.size() > maxFacts) {
                    return new Result.Refused("more than " + maxFacts + " facts to replay");
                }
            }
        }
        return new Result.Read(facts, consumer.position(tp) - 1);
    }

    /** Stops the readers (a read under way ends with {@link Result.Refused}) and closes the consumers. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        consumers.forEach(KafkaConsumer::close);
    }
}
