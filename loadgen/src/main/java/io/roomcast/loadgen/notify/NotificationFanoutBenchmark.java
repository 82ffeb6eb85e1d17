package io.roomcast.loadgen.notify;

import io.roomcast.events.Notification;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.loadgen.BenchServers;
import io.roomcast.loadgen.gateway.GatewayHttp;
import io.roomcast.loadgen.ws.WsClients;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.notify.NotifySettings;
import io.roomcast.notify.inbox.InboxProjector;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.ServiceProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;

/**
 * The fan-out benchmark of issue 14 (docs/benchmarks.md, "notification-worker: fan-out"), run by
 * {@code loadgen/bench-notify [--followers N] [--connected-pct P]}: a user with {@code --followers} followers (default
 * 100,000) starts a room while {@code --connected-pct} of them (default 20) hold a WebSocket session on a gateway
 * node. notification-worker and one gateway node (ingress-ws) run as child JVMs with their default settings, on this
 * run's own broker and registry, a fresh PostgreSQL database (Flyway migrations of the class path, V20 making
 * {@code notify.inbox}) and the machine's Redis, database {@value #REDIS_DB}. Every session is READY before the
 * room's fact is sent. Measured from the fact's send (one clock, this JVM):
 * <ul>
 *   <li>the last notification readable by a gateway-like consumer (read_committed, every partition, fetch.max.wait
 *       10 ms: what the gateway node reads before sending the frame);</li>
 *   <li>the first and the last inbox row (polled every 20 ms), notifications/s = followers / last row;</li>
 *   <li>the connected sessions' {@code notification} frames: sessions that got one, frames beyond each session's
 *       first (must be 0), the last first frame (s) and the p50/p99 of fact → frame (ms);</li>
 *   <li>then, with the worker and the gateway stopped, the physical limit ({@link #limits}): the same rows by COPY and
 *       by multi-row INSERT into the same database ({@link BulkInsertLimit}), and the inbox projector alone draining
 *       the same notifications into a fresh database ({@link #projectorAlone}); medians of 3 rounds, rows/s.</li>
 * </ul>
 * Prints one JSON line on stdout; progress on stderr.
 */
public final class NotificationFanoutBenchmark {
    /** The Redis database of the gateway node: one no test or benchmark of the repository uses. */
    static final int REDIS_DB = 13;
    /** Client sessions one source address opens at most (the kernel's ephemeral ports are about 28,000). */
    private static final int SESSIONS_PER_SOURCE_ADDRESS = 20_000;
    /**
     * Open files this JVM and the gateway node's each keep besides the sessions' sockets (class path jars, Kafka,
     * HTTP and database connections, selectors); the sessions must fit in the open-file limit with this to spare.
     */
    static final int FILES_BESIDES_SESSIONS = 1_000;
    /** Connections whose handshake and IDENTIFY run at once. */
    private static final int CONNECT_BATCH = 500;
    /** Rounds of each bulk-insert limit and of the projector alone (odd: the median is one of them). */
    private static final int ROUNDS = 3;
    /** Longest wait for any step (follows taken in, inbox rows, frames). */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(20);

    private final int followers;
    private final int connected;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String application = "notify-bench-" + run;
    private final String host = "celebrity-" + run;
    private final String roomId = "bench-room-" + run;

    private NotificationFanoutBenchmark(int followers, int connectedPct) {
        this.followers = followers;
        this.connected = (int) ((long) followers * connectedPct / 100);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new LinkedHashMap<>();
        options.put("followers", 100_000);
        options.put("connected-pct", 20);
        BenchServers.options(options, args);
        if (options.get("connected-pct") < 0 || options.get("connected-pct") > 100) {
            throw new IllegalArgumentException("--connected-pct must be 0 to 100");
        }
        long openFiles = ((com.sun.management.UnixOperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        long sessions = (long) options.get("followers") * options.get("connected-pct") / 100;
        if (sessions + FILES_BESIDES_SESSIONS > openFiles) {
            throw new IllegalArgumentException(sessions + " sessions do not fit in the open-file limit of " + openFiles
                + " per process (this one and the gateway node each hold one socket a session, and about "
                + FILES_BESIDES_SESSIONS + " files besides): lower --connected-pct, or raise the hard limit (ulimit -Hn)");
        }
        Map<String, Object> result = new NotificationFanoutBenchmark(options.get("followers"), options.get("connected-pct"))
            .run(BenchServers.workDir("bench-notify"));
        BenchServers.print(result);
        System.exit(0);
    }

    private String follower(int i) {
        return "bf" + i + "-" + run;
    }

    private Map<String, Object> run(Path work) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "notification-fanout");
        out.put("followers", followers);
        out.put("connected", connected);
        try (BenchServers servers = BenchServers.start(work, true, false)) {
            servers.provision();
            PostgresServer postgres = servers.postgres();
            String db = postgres.createFreshDatabase("notify_bench");
            try {
                String dbUrl = postgres.jdbcUrl(db);
                Flyway.configure().dataSource(dbUrl, postgres.user(), "").locations("classpath:db/migration").load().migrate();
                String bootstrap = servers.kafka().bootstrapServers();
                String registry = servers.registry().registryApiUrl();
                List<Object[]> same;
                try (ServiceProcess worker = ServiceProcess.start("notification-worker",
                         Path.of("notification-worker").toAbsolutePath(), "io.roomcast.notify.Application", Ports.free(),
                         Map.of("micronaut.application.name", application,
                             "kafka.bootstrap.servers", bootstrap,
                             "roomcast.registry-url", registry,
                             "roomcast.notify.inbox-jdbc-url", dbUrl,
                             "kafka.streams.default.state.dir", work.resolve("worker-state-" + run).toString()),
                         work.resolve("notification-worker.log"));
                     ServiceProcess gateway = servers.startGateway(dbUrl,
                         Map.of("roomcast.redis-uri", servers.redis().uri() + "/" + REDIS_DB));
                     WsClients clients = new WsClients(2, 1 << 20)) {
                    same = measure(bootstrap, registry, dbUrl, gateway, clients, out);
                }
                limits(postgres, bootstrap, registry, new BulkInsertLimit(dbUrl), same, out);
            } finally {
                postgres.dropDatabase(db);
            }
        }
        out.put("load_average_1m", BenchServers.loadAverage());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        return out;
    }

    /** @return the room's inbox rows, each with a new event id ({@link BulkInsertLimit#rowsOf}) */
    private List<Object[]> measure(String bootstrap, String registry, String dbUrl, ServiceProcess gateway, WsClients clients,
                                   Map<String, Object> out) throws Exception {
        Map<String, Object> serdes = EventSerdes.config(registry);
        long loadStart = System.nanoTime();
        loadFollows(bootstrap, serdes);
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!caughtUp(bootstrap)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("notification-worker did not take in the follows within " + STEP_TIMEOUT);
            }
            Thread.sleep(200); // polling the broker's committed offsets: nothing to wait on
        }
        out.put("follows_loaded_s", round(seconds(loadStart)));
        progress("%d follows taken in by the worker after %.1f s", followers, seconds(loadStart));

        CountDownLatch firsts = new CountDownLatch(connected);
        List<FollowerSession> sessions = connect(gateway, clients, firsts);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        // Every 10 s, inside the 15 s heartbeat interval the gateway announces (2 missed close the session).
        heartbeats.scheduleAtFixedRate(() -> sessions.forEach(FollowerSession::heartbeat), 10, 10, TimeUnit.SECONDS);
        try {
            return fanOut(bootstrap, serdes, dbUrl, sessions, firsts, out);
        } finally {
            heartbeats.shutdownNow();
            sessions.forEach(FollowerSession::close);
        }
    }

    private void loadFollows(String bootstrap, Map<String, Object> serdes) {
        try (KafkaProducer<String, SocialEdge> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", 20), EventSerdes.key(Topics.SOCIAL_GRAPH).serializer(),
                EventSerdes.value(Topics.SOCIAL_GRAPH, serdes).serializer())) {
            for (int i = 0; i < followers; i++) {
                SocialEdge edge = SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                    .setUserId(follower(i)).setRelation(SocialRelation.FOLLOWS)
                    .setTargetType(SocialTargetType.USER).setTargetId(host).setActive(true).build();
                producer.send(new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(), Topics.socialEdgeKey(edge), edge));
            }
        }
    }

    /**
     * Sessions for the first {@link #connected} followers (dev tokens, then WebSocket and IDENTIFY,
     * {@link #CONNECT_BATCH} at a time), all READY when it returns.
     */
    private List<FollowerSession> connect(ServiceProcess gateway, WsClients clients, CountDownLatch firsts)
        throws Exception {
        long start = System.nanoTime();
        List<String> tokens = new GatewayHttp(gateway.url()).tokens(IntStream.range(0, connected).mapToObj(this::follower).toList());
        URI uri = URI.create(gateway.url().replaceFirst("^http", "ws") + "/ws");
        List<FollowerSession> sessions = new ArrayList<>(connected);
        for (int from = 0; from < connected; from += CONNECT_BATCH) {
            List<CompletableFuture<String>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(connected, from + CONNECT_BATCH); i++) {
                FollowerSession session = new FollowerSession(tokens.get(i), roomId, firsts);
                sessions.add(session);
                InetSocketAddress source = new InetSocketAddress("127.0.0." + (1 + i / SESSIONS_PER_SOURCE_ADDRESS), 0);
                batch.add(clients.connect(uri, source, session).thenCompose(s -> session.ready()));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        progress("%d sessions READY after %.1f s", connected, seconds(start));
        return sessions;
    }

    private List<Object[]> fanOut(String bootstrap, Map<String, Object> serdes, String dbUrl, List<FollowerSession> sessions,
                                  CountDownLatch firsts, Map<String, Object> out) throws Exception {
        AtomicInteger readable = new AtomicInteger();
        AtomicLong lastReadableNanos = new AtomicLong();
        CountDownLatch atEnd = new CountDownLatch(1);
        Thread gatewayLike = Thread.ofPlatform().start(() -> readNotifications(bootstrap, serdes, atEnd, readable,
            lastReadableNanos));
        atEnd.await();
        long sent = System.nanoTime();
        try (KafkaProducer<String, RoomEvent> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer())) {
            producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), roomId, roomCreatedLive())).get();
        }
        progress("room %s started; waiting for %d inbox rows and %d frames", roomId, followers, connected);
        BulkInsertLimit inbox = new BulkInsertLimit(dbUrl);
        long firstRowNanos = 0;
        long lastRowNanos;
        long deadline = sent + STEP_TIMEOUT.toNanos();
        while (true) {
            int rows = inbox.count(roomId);
            long now = System.nanoTime();
            if (rows > 0 && firstRowNanos == 0) {
                firstRowNanos = now;
            }
            if (rows >= followers) {
                lastRowNanos = now;
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException("only " + rows + " of " + followers + " inbox rows after " + STEP_TIMEOUT);
            }
            Thread.sleep(20); // polling PostgreSQL: nothing to wait on
        }
        boolean allFrames = firsts.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        gatewayLike.join(Duration.ofMinutes(5));
        if (!allFrames) {
            progress("only %d of %d sessions got the frame", connected - firsts.getCount(), connected);
        }
        double lastRowS = (lastRowNanos - sent) / 1e9;
        double projectorS = Math.max((lastRowNanos - firstRowNanos) / 1e9, 1e-3);

        out.put("notifications_readable", readable.get());
        out.put("last_readable_s", round((lastReadableNanos.get() - sent) / 1e9));
        out.put("first_inbox_row_s", round((firstRowNanos - sent) / 1e9));
        out.put("last_inbox_row_s", round(lastRowS));
        out.put("notifications_per_s", Math.round(followers / lastRowS));
        out.put("inbox_rows_per_s_while_writing", Math.round(followers / projectorS));
        frames(sessions, sent, out);
        return inbox.rowsOf(roomId);
    }

    /**
     * The physical limit beside the inbox writes, once notification-worker and the gateway are stopped: {@link #ROUNDS}
     * rounds of COPY, multi-row INSERT ({@link BulkInsertLimit}) and the projector alone ({@link #projectorAlone}), one
     * after the other, so each kind meets the same machine; their medians (rows/s) and the ratios to COPY's.
     */
    private void limits(PostgresServer postgres, String bootstrap, String registry, BulkInsertLimit inbox,
                        List<Object[]> rows, Map<String, Object> out) throws Exception {
        List<Double> copy = new ArrayList<>();
        List<Double> multi = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            copy.add(rows.size() / inbox.copy(rows));
            multi.add(rows.size() / inbox.multiRowInsert(rows));
            alone.add(projectorAlone(postgres, bootstrap, registry, round));
            progress("round %d of the limits: COPY %.0f, multi-row INSERT %.0f, projector alone %.0f rows/s", round,
                copy.getLast(), multi.getLast(), alone.getLast());
        }
        double copyMedian = median(copy);
        out.put("copy_rows_per_s", Math.round(copyMedian));
        out.put("multi_row_insert_rows_per_s", Math.round(median(multi)));
        out.put("projector_alone_rows_per_s", Math.round(median(alone)));
        out.put("inbox_vs_copy_pct", round(100.0 * ((Number) out.get("inbox_rows_per_s_while_writing")).doubleValue()
            / copyMedian));
        out.put("projector_alone_vs_copy_pct", round(100.0 * median(alone) / copyMedian));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The inbox projector alone, without the decision in front of it (issue 14's "inbox writes" against the
     * bulk-insert limit): an {@link InboxProjector} with the
     * service's settings (batch {@link NotifySettings#getInboxBatch()}, the same data source) and a consumer group of
     * its own drains the notifications topic, which holds this run's notifications only, into a fresh database of
     * its own.
     *
     * @return rows/s from its first committed batch to its last (the first batch's rows not counted)
     */
    private double projectorAlone(PostgresServer postgres, String bootstrap, String registry, int round) throws Exception {
        String db = postgres.createFreshDatabase("notify_drain");
        try {
            String url = postgres.jdbcUrl(db);
            Flyway.configure().dataSource(url, postgres.user(), "").locations("classpath:db/migration").load().migrate();
            AtomicLong stored = new AtomicLong();
            AtomicLong firstNanos = new AtomicLong();
            AtomicLong firstRows = new AtomicLong();
            AtomicLong lastNanos = new AtomicLong();
            CountDownLatch drained = new CountDownLatch(1);
            long start = System.nanoTime();
            try (InboxProjector projector = new InboxProjector(bootstrap, application + "-drain-" + round,
                    new RegistryWriterSchemas(registry), InboxProjector.database(url, postgres.user(), ""),
                    new NotifySettings().getInboxBatch(), Duration.ofSeconds(1), reason -> { }, batch -> {
                        long now = System.nanoTime();
                        long total = stored.addAndGet(batch.size());
                        if (firstNanos.compareAndSet(0, now)) {
                            firstRows.set(total);
                        }
                        if (total >= followers) {
                            lastNanos.set(now);
                            drained.countDown();
                        }
                    })) {
                if (!drained.await(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the projector alone stored " + stored.get() + " of " + followers
                        + " rows in " + STEP_TIMEOUT);
                }
            }
            progress("the projector alone stored %d rows in %.1f s", followers, (lastNanos.get() - start) / 1e9);
            return (followers - firstRows.get()) / Math.max((lastNanos.get() - firstNanos.get()) / 1e9, 1e-3);
        } finally {
            postgres.dropDatabase(db);
        }
    }

    /** The sessions' frame counts and fact → frame latencies into {@code out}. */
    private static void frames(List<FollowerSession> sessions, long sent, Map<String, Object> out) {
        Histogram latency = new Histogram(3);
        int received = 0;
        long duplicated = 0;
        long lastNanos = sent;
        for (FollowerSession session : sessions) {
            if (session.frames() > 0) {
                received++;
                duplicated += session.frames() - 1;
                lastNanos = Math.max(lastNanos, session.firstArrivalNanos());
                latency.recordValue(Math.max(0, (session.firstArrivalNanos() - sent) / 1_000));
            }
        }
        out.put("frames_received", received);
        out.put("frames_duplicated", duplicated);
        out.put("sessions_closed", sessions.stream().filter(FollowerSession::closed).count());
        out.put("last_frame_s", received == 0 ? -1 : round((lastNanos - sent) / 1e9));
        out.put("frame_latency_p50_ms", received == 0 ? -1 : latency.getValueAtPercentile(50) / 1000.0);
        out.put("frame_latency_p99_ms", received == 0 ? -1 : latency.getValueAtPercentile(99) / 1000.0);
    }

    /** The host creates its room LIVE (what notifies its followers), as room-state-stream writes the fact. */
    private RoomEvent roomCreatedLive() {
        RoomDetails details = RoomDetails.newBuilder().setTitle("Bench room " + run).setTopic(null)
            .setVisibility(Visibility.PUBLIC).setSettings(RoomSettings.newBuilder().build()).build();
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(roomId)
            .setUserId(host).setRoomVersion(1L).setFact(new RoomCreated(details, RoomLifecycle.LIVE, null)).build();
    }

    /** The gateway-like reader: counts the room's notifications and the time of the last; {@code atEnd} once at the end. */
    private void readNotifications(String bootstrap, Map<String, Object> serdes, CountDownLatch atEnd,
                                   AtomicInteger readable, AtomicLong lastNanos) {
        try (KafkaConsumer<String, Notification> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                EventSerdes.key(Topics.NOTIFICATIONS).deserializer(),
                EventSerdes.value(Topics.NOTIFICATIONS, serdes).deserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.NOTIFICATIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.NOTIFICATIONS.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            atEnd.countDown();
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (readable.get() < followers && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Notification> record : consumer.poll(Duration.ofMillis(100))) {
                    if (roomId.equals(record.value().getRoomId())) {
                        readable.incrementAndGet();
                        lastNanos.set(System.nanoTime());
                    }
                }
            }
        }
    }

    /** Whether the worker's Streams application committed every social-graph record. */
    private boolean caughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(application)
                .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < Topics.SOCIAL_GRAPH.partitions(); p++) {
                ends.put(new TopicPartition(Topics.SOCIAL_GRAPH.name(), p), OffsetSpec.latest());
            }
            for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void progress(String format, Object... args) {
        System.err.printf("bench-notify: " + format + "%n", args);
    }
}
