package io.roomcast.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark of room-state-stream on the local platform: how many room commands per second it
 * decides with exactly-once processing, and how long a command takes to its first fact.
 *
 * <ol>
 *   <li><b>Set-up</b> (not timed): creates {@code rooms} rooms with ids prefixed by a run id (reruns
 *       never collide), and joins {@code usersPerRoom - 1} listeners to each.</li>
 *   <li><b>Load</b>: a mixed {@link Workload} (hands, invitations, mutes, demotions, leaves and
 *       joins, a share built to be rejected) across all rooms, sent by an idempotent producer
 *       (acks=all, linger 5 ms). Open loop with a bound: at most {@code maxInFlight} commands sent
 *       and not yet decided; with {@code rate} 0 the sender goes as fast as that bound allows
 *       (throughput), with a rate it sends on a fixed schedule and latency counts from the intended
 *       send time (so a stalled sender cannot hide queueing: no coordinated omission). First
 *       {@code warmup}, then the measured window ({@code duration}, or {@code commands} commands).</li>
 *   <li><b>Decisions</b>: a read_committed consumer of room-events matches each fact's
 *       {@code commandId} to its command; the first fact decides the command (a CommandRejected
 *       counts: the command was decided). Latency command -> first fact goes to an HdrHistogram
 *       (microseconds, 3 significant digits).</li>
 *   <li><b>Drain and tear-down</b>: waits for the window's commands, then ends every room (so that
 *       presence expiry does not send LeaveRooms after the run).</li>
 * </ol>
 * Users send a presence heartbeat every {@code heartbeatInterval} throughout, as clients do.
 *
 * <p>Output: progress lines on stderr; on stdout one JSON line: {@code commands_sent} (in the
 * window), {@code commands_decided} (decisions that arrived in the window, any command),
 * {@code duration_s}, {@code commands_per_s} (decided / duration), {@code latency_p50_ms},
 * {@code latency_p99_ms}, {@code latency_max_ms} (of the window's commands), {@code rejected_pct}
 * (CommandRejected share of the window's decided commands), CPU cores used per watched process and
 * for the machine, and checks ({@code model_mismatches}: commands whose outcome differed from the
 * workload's prediction; {@code commands_undecided}: window commands with no fact by the drain
 * timeout). Exit code 0, or 1 with a message if the platform does not answer.
 */
public final class RoomStateBenchmark {
    private static final long MAX_LATENCY_US = TimeUnit.HOURS.toMicros(1);
    private static final int MISMATCH_EXAMPLES = 5;

    private enum Phase { SETUP, WARMUP, MEASURE, DRAIN, TEARDOWN, DONE }

    /** A sent, not yet decided command: when it (was meant to be) sent, in the window or not, its predicted outcome. */
    private record Pending(long startNanos, boolean measured, boolean expectRejected, String type) {}

    private final BenchmarkOptions options;
    private final String runId;
    private final Workload workload;
    private final Map<String, Object> serdeConfig;
    private final PrintStream log;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Semaphore inFlight;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong measuredPending = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private final AtomicReference<Exception> firstSendError = new AtomicReference<>();
    private final Recorder intervalLatency = new Recorder(MAX_LATENCY_US, 3);
    private volatile Phase phase = Phase.SETUP;
    private volatile boolean consuming = true;

    // Written by the consumer thread only; read after it has been joined.
    private final Histogram windowLatency = new Histogram(MAX_LATENCY_US, 3);
    private long windowDecided;
    private long windowRejected;
    private long mismatches;
    private long undecodable;
    private final List<String> mismatchExamples = new ArrayList<>();
    private final Map<String, Long> rejectionReasons = new TreeMap<>();

    RoomStateBenchmark(BenchmarkOptions options, PrintStream log) {
        this.options = options;
        this.runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        long seed = options.seed() != null ? options.seed() : System.currentTimeMillis();
        this.workload = new Workload(runId, options.rooms(), options.usersPerRoom(), options.rejectRatio(), seed);
        this.serdeConfig = EventSerdes.config(options.registryApiUrl());
        this.inFlight = new Semaphore(options.maxInFlight());
        this.log = log;
    }

    /**
     * Runs the benchmark: {@code --help} prints the options.
     *
     * @param args options, see {@link BenchmarkOptions}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchmarkOptions.usage());
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchmarkOptions.usage());
            System.exit(2);
            return;
        }
        try {
            Map<String, Object> result = new RoomStateBenchmark(options, System.err).run();
            System.out.println(new ObjectMapper().writeValueAsString(result));
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * @return the result, in the order printed (see the class comment)
     * @throws IllegalStateException if set-up commands are not decided within the drain timeout
     *     (room-state-stream not running?) or sends fail
     */
    Map<String, Object> run() throws Exception {
        log.printf(Locale.ROOT, "bench: run %s: %d rooms x %d users, %s, max in flight %d, warm-up %d s, %s%n",
            runId, options.rooms(), options.usersPerRoom(),
            options.rate() > 0 ? "fixed rate " + (long) options.rate() + " commands/s" : "max rate",
            options.maxInFlight(), options.warmup().toSeconds(),
            options.commands() > 0 ? options.commands() + " commands measured" : "window " + options.duration().toSeconds() + " s");
        CpuSampler cpu = new CpuSampler(options.watchPids());
        CountDownLatch consumerReady = new CountDownLatch(1);
        Thread consumer = Thread.ofPlatform().name("facts-consumer").start(() -> consume(consumerReady));
        if (!consumerReady.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the room-events consumer did not get its partitions within 30 s (broker at "
                + options.bootstrapServers() + "?)");
        }
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("heartbeats").daemon().unstarted(r));
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("progress").daemon().unstarted(r));
        Map<String, Object> window;
        try (Serde<RoomCommand> commandSerde = EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig);
             Serde<PresenceHeartbeat> beatSerde = EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdeConfig);
             KafkaProducer<String, RoomCommand> producer = new KafkaProducer<>(producerConfig("bench-commands"),
                 new StringSerializer(), commandSerde.serializer());
             KafkaProducer<String, PresenceHeartbeat> beats = new KafkaProducer<>(producerConfig("bench-heartbeats"),
                 new StringSerializer(), beatSerde.serializer())) {
            try {
                startHeartbeats(heartbeats, beats);
                long[] lastProgress = {System.nanoTime(), 0, 0};
                progress.scheduleAtFixedRate(() -> progress(lastProgress), options.progressInterval().toMillis(),
                    options.progressInterval().toMillis(), TimeUnit.MILLISECONDS);

                long setupStart = System.nanoTime();
                List<Workload.Planned> setup = workload.setup();
                for (Workload.Planned planned : setup) {
                    send(producer, planned, System.nanoTime(), false);
                }
                awaitNoPending("set-up (" + setup.size() + " CreateRoom/JoinRoom)");
                log.printf(Locale.ROOT, "bench: set-up done: %d commands decided in %.1f s%n", setup.size(),
                    (System.nanoTime() - setupStart) / 1e9);

                window = load(producer, cpu);

                phase = Phase.TEARDOWN;
                for (int r = 0; r < workload.rooms(); r++) {
                    send(producer, workload.end(r), System.nanoTime(), false);
                }
                awaitNoPending("tear-down (" + workload.rooms() + " EndRoom)");
                phase = Phase.DONE;
            } finally {
                progress.shutdownNow();
                heartbeats.shutdownNow();
                heartbeats.awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            consuming = false;
            consumer.join(10_000);
        }
        return result(window);
    }

    /** Warm-up, measured window and drain; returns the window's own figures (sent, duration, CPU). */
    private Map<String, Object> load(KafkaProducer<String, RoomCommand> producer, CpuSampler cpu) throws InterruptedException {
        double rate = options.rate();
        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        boolean countMode = options.commands() > 0;
        long measureEnd = measureStart + options.duration().toNanos();
        phase = options.warmup().isZero() ? Phase.MEASURE : Phase.WARMUP;
        CpuSampler.Sample cpuFrom = phase == Phase.MEASURE ? cpu.sample() : null;
        long decidedFrom = decided.get();
        long windowStart = start;
        long windowSent = 0;
        long scheduled = 0;
        while (true) {
            long now = System.nanoTime();
            if (phase == Phase.WARMUP && now - measureStart >= 0) {
                phase = Phase.MEASURE;
                cpuFrom = cpu.sample();
                decidedFrom = decided.get();
                windowStart = now;
            }
            if (phase == Phase.MEASURE && (countMode ? windowSent >= options.commands() : now - measureEnd >= 0)) {
                break;
            }
            long stamp = now;
            if (rate > 0) {
                long intended = start + (long) (scheduled * 1e9 / rate);
                if (intended - now > 0) {
                    LockSupport.parkNanos(Math.min(intended - now, 10_000_000L));
                    continue;
                }
                stamp = intended;
            }
            if (!inFlight.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            failOnSendErrors();
            scheduled++;
            boolean measured = phase == Phase.MEASURE;
            sendAcquired(producer, workload.next(), stamp, measured);
            if (measured) {
                windowSent++;
            }
        }
        long windowEnd = System.nanoTime();
        CpuSampler.Sample cpuTo = cpu.sample();
        long decidedInWindow = decided.get() - decidedFrom;
        phase = Phase.DRAIN;
        producer.flush();
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (measuredPending.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        if (countMode) {
            // Count mode: the window lasts until its last command is decided.
            windowEnd = System.nanoTime();
            cpuTo = cpu.sample();
            decidedInWindow = decided.get() - decidedFrom;
        }
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("sent", windowSent);
        window.put("decided", decidedInWindow);
        window.put("seconds", (windowEnd - windowStart) / 1e9);
        window.put("undecided", measuredPending.get());
        window.put("cpu", CpuSampler.coresUsed(cpuFrom, cpuTo));
        return window;
    }

    private void send(KafkaProducer<String, RoomCommand> producer, Workload.Planned planned, long stamp, boolean measured)
            throws InterruptedException {
        while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            failOnSendErrors();
        }
        sendAcquired(producer, planned, stamp, measured);
    }

    /** Sends one command; a permit of {@link #inFlight} is held until its first fact (or a send error). */
    private void sendAcquired(KafkaProducer<String, RoomCommand> producer, Workload.Planned planned, long stamp,
                              boolean measured) {
        RoomCommand command = planned.command();
        String id = command.getEventId().toString();
        pending.put(id, new Pending(stamp, measured, planned.expectRejected(), command.getCommand().getClass().getSimpleName()));
        if (measured) {
            measuredPending.incrementAndGet();
        }
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), command.getRoomId(), command), (metadata, error) -> {
            if (error != null) {
                firstSendError.compareAndSet(null, error);
                sendErrors.incrementAndGet();
                Pending p = pending.remove(id);
                if (p != null) {
                    inFlight.release();
                    if (p.measured()) {
                        measuredPending.decrementAndGet();
                    }
                }
            }
        });
    }

    private void failOnSendErrors() {
        Exception error = firstSendError.get();
        if (error != null) {
            throw new IllegalStateException(sendErrors.get() + " sends to room-commands failed, first: " + error, error);
        }
    }

    private void awaitNoPending(String what) throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (!pending.isEmpty()) {
            failOnSendErrors();
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(what + ": " + pending.size() + " commands not decided within "
                    + options.drainTimeout().toSeconds() + " s; is room-state-stream running (curl localhost:8090/health)?");
            }
            Thread.sleep(20);
        }
    }

    /** The consumer thread: matches facts to pending commands. */
    private void consume(CountDownLatch ready) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, runId + "-facts");
        try (Serde<RoomEvent> eventSerde = EventSerdes.value(Topics.ROOM_EVENTS, serdeConfig);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                 new ByteArrayDeserializer())) {
            var deserializer = eventSerde.deserializer();
            FactDecoder decoder = new FactDecoder(bytes -> deserializer.deserialize(Topics.ROOM_EVENTS.name(), bytes));
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ROOM_EVENTS.name(), Duration.ofSeconds(20))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (consuming) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    FactDecoder.Fact fact;
                    try {
                        fact = decoder.decode(record.value());
                    } catch (IllegalArgumentException e) {
                        undecodable++;
                        continue;
                    }
                    Pending p = fact.commandId() == null ? null : pending.remove(fact.commandId());
                    if (p != null) {
                        decide(p, fact, now);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.println("bench: consumer failed: " + e);
            ready.countDown();
        }
    }

    private void decide(Pending p, FactDecoder.Fact fact, long now) {
        inFlight.release();
        decided.incrementAndGet();
        long micros = Math.max(1, Math.min(MAX_LATENCY_US, (now - p.startNanos()) / 1_000));
        intervalLatency.recordValue(micros);
        if (fact.rejected()) {
            rejected.incrementAndGet();
            rejectionReasons.merge(fact.rejectionReason(), 1L, Long::sum);
        }
        if (fact.rejected() != p.expectRejected()) {
            mismatches++;
            if (mismatchExamples.size() < MISMATCH_EXAMPLES) {
                mismatchExamples.add(p.type() + (fact.rejected() ? " rejected " + fact.rejectionReason() : " applied")
                    + ", expected " + (p.expectRejected() ? "rejected" : "applied"));
            }
        }
        if (p.measured()) {
            measuredPending.decrementAndGet();
            windowLatency.recordValue(micros);
            windowDecided++;
            if (fact.rejected()) {
                windowRejected++;
            }
        }
    }

    /** Every user sends a heartbeat once per heartbeat interval, spread over the interval's seconds. */
    private void startHeartbeats(ScheduledExecutorService executor, KafkaProducer<String, PresenceHeartbeat> beats) {
        List<String> users = workload.userIds();
        int slots = (int) Math.max(1, options.heartbeatInterval().toSeconds());
        AtomicLong tick = new AtomicLong();
        executor.scheduleAtFixedRate(() -> {
            int slot = (int) (tick.getAndIncrement() % slots);
            Instant now = Instant.now();
            for (int i = slot; i < users.size(); i += slots) {
                String user = users.get(i);
                PresenceHeartbeat beat = PresenceHeartbeat.newBuilder()
                    .setEventId(UUID.randomUUID()).setOccurredAt(now).setUserId(user).setRoomId(null)
                    .setSessionId(runId + "-" + user).setGatewayNode("loadgen").build();
                beats.send(new ProducerRecord<>(Topics.PRESENCE_HEARTBEATS.name(), user, beat));
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    private void progress(long[] last) {
        long now = System.nanoTime();
        long s = sent.get();
        long d = decided.get();
        double seconds = (now - last[0]) / 1e9;
        Histogram interval = intervalLatency.getIntervalHistogram();
        log.printf(Locale.ROOT, "bench: %-8s sent %,9.0f/s decided %,9.0f/s in flight %,6d | latency p50 %,8.1f ms p99 %,8.1f ms max %,8.1f ms%n",
            phase, (s - last[1]) / seconds, (d - last[2]) / seconds, pending.size(),
            interval.getValueAtPercentile(50) / 1e3, interval.getValueAtPercentile(99) / 1e3, interval.getMaxValue() / 1e3);
        last[0] = now;
        last[1] = s;
        last[2] = d;
    }

    private Map<String, Object> producerConfig(String clientId) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, runId + "-" + clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        return config;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> result(Map<String, Object> window) {
        double seconds = (double) window.get("seconds");
        long windowDecidedAll = (long) window.get("decided");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commands_sent", window.get("sent"));
        out.put("commands_decided", windowDecidedAll);
        out.put("duration_s", round(seconds, 2));
        out.put("commands_per_s", Math.round(windowDecidedAll / seconds));
        out.put("latency_p50_ms", round(windowLatency.getValueAtPercentile(50) / 1e3, 2));
        out.put("latency_p90_ms", round(windowLatency.getValueAtPercentile(90) / 1e3, 2));
        out.put("latency_p99_ms", round(windowLatency.getValueAtPercentile(99) / 1e3, 2));
        out.put("latency_max_ms", round(windowLatency.getMaxValue() / 1e3, 2));
        out.put("rejected_pct", windowDecided == 0 ? 0.0 : round(100.0 * windowRejected / windowDecided, 2));
        out.putAll((Map<String, Double>) window.get("cpu"));
        out.put("mode", options.rate() > 0 ? "rate" : "max");
        out.put("target_rate", options.rate() > 0 ? (long) options.rate() : null);
        out.put("rooms", options.rooms());
        out.put("users_per_room", options.usersPerRoom());
        out.put("max_in_flight", options.maxInFlight());
        out.put("warmup_s", options.warmup().toSeconds());
        out.put("commands_undecided", window.get("undecided"));
        out.put("model_mismatches", mismatches);
        out.put("undecodable_facts", undecodable);
        out.put("run_id", runId);
        if (!mismatchExamples.isEmpty()) {
            log.println("bench: outcome mismatches, e.g. " + mismatchExamples);
        }
        log.println("bench: rejections by reason (whole run): " + rejectionReasons);
        return out;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
