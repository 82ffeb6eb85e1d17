package io.roomcast.loadgen.hallway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.Role;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.loadgen.BenchServers;
import io.roomcast.loadgen.CpuSampler;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.Ports;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

/**
 * Benchmark of the hallway (issue 13): a social graph, live rooms and active users are loaded into the real
 * topics, ranking-stream and a gateway node run as child JVMs (their default settings but the celebrity threshold),
 * then, after a warm-up of both paths ({@code --warmup-seconds} of joins and requests together, then the backlog
 * drains; nothing of it is kept), two phases measured apart so each path's figures are its own on a small machine:
 * for {@code --seconds} users join rooms as speakers at {@code --joins-per-second} (no requests), then for
 * {@code --request-seconds} {@code GET /hallway} requests run at {@code --requests-per-second} (no joins), measured
 * after they ran {@code --request-warmup-seconds} unmeasured; with {@code --pause-ranking-stream 1} ranking-stream is
 * paused (SIGSTOP) while they are measured, which gives the gateway's own figure on a small machine.
 * Measured:
 * <ul>
 *   <li><b>join → ranking</b> p50/p99: from producing a ParticipantJoined (and its room's snapshot) to each
 *       active follower's next hallway-rankings record listing the mover as a followed speaker of that room
 *       (a consumer of hallway-rankings, read_committed, in this JVM); <b>join → readable</b>: the same, until
 *       Redis' {@code hallway:{user}} (what {@code GET /hallway} answers from) holds that ranking's version
 *       (every {@code --readable-sample}th pair, all polled every 2 ms in one pipelined round trip);</li>
 *   <li><b>rankings computed/s</b> (ranking-stream's {@code roomcast_hallway_rankings_total}) and <b>written/s</b>
 *       on hallway-rankings (only the changed ones) during the join phase;</li>
 *   <li><b>{@code GET /hallway}</b> p50/p99 at an open-loop rate, random active users with dev tokens;</li>
 *   <li>CPU per component ({@link CpuSampler}) over each phase ({@code requests_} before the requests phase's).</li>
 * </ul>
 * The graph: {@code --follows} FOLLOWS edges between random users, plus {@code --celebrity} followers of user 0,
 * a celebrity above ranking-stream's {@code hallway.celebrity-followers} ({@code --celebrity-threshold}); the
 * celebrity joins a room every 5 s (celebrity path: no fan-out; not timed). {@code --active-pct} of the users
 * heartbeat every 15 s (only they are ranked). Prints one JSON line; progress to stderr.
 */
public final class HallwayBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> options;
    private final Path work;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final SplittableRandom random = new SplittableRandom(13);

    /** follower lists by followee index. */
    private List<int[]> followersOf;
    private boolean[] active;
    private final Map<Integer, RoomSnapshot> rooms = new HashMap<>();

    private HallwayBenchmark(Map<String, Integer> options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new LinkedHashMap<>();
        options.put("users", 10_000);
        options.put("follows", 100_000);
        options.put("celebrity", 5_000);
        options.put("celebrity-threshold", 1_000);
        options.put("rooms", 200);
        options.put("joins-per-second", 50);
        options.put("seconds", 60);
        options.put("active-pct", 20);
        options.put("requests-per-second", 200);
        options.put("request-seconds", 30);
        options.put("warmup-seconds", 20);
        options.put("request-warmup-seconds", 30);
        options.put("pause-ranking-stream", 0);
        options.put("readable-sample", 5);
        BenchServers.options(options, args);
        new HallwayBenchmark(options, BenchServers.workDir("bench-hallway")).run();
        System.exit(0);
    }

    private String user(int i) {
        return "hb" + run + "u" + i;
    }

    private String room(int r) {
        return "hb" + run + "-room-" + r;
    }

    private void run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "hallway");
        result.putAll(options);
        try (BenchServers servers = BenchServers.start(work, true, false)) {
            PostgresServer postgres = servers.postgres();
            RedisServer redis = servers.redis();
            KafkaBrokerProcess kafka = servers.kafka();
            SchemaRegistryProcess registry = servers.registry();
            servers.provision();
            String db = postgres.createFreshDatabase("bench_hallway");
            try {
                String dbUrl = postgres.jdbcUrl(db);
                Flyway.configure().dataSource(dbUrl, "postgres", "").locations("classpath:db/migration").load().migrate();
                Path state = work.resolve("ranking-state-" + ProcessHandle.current().pid());
                try (ServiceProcess ranking = ServiceProcess.start("ranking-stream", Path.of("ranking-stream").toAbsolutePath(),
                         "io.roomcast.ranking.Application", Ports.free(), Map.of(
                             "kafka.bootstrap.servers", kafka.bootstrapServers(),
                             "roomcast.registry-url", registry.registryApiUrl(),
                             "roomcast.redis-uri", redis.uri(),
                             "kafka.streams.default.state.dir", state.toString(),
                             "roomcast.hallway.celebrity-followers", Integer.toString(options.get("celebrity-threshold"))),
                         work.resolve("ranking-stream.log"));
                     ServiceProcess gateway = servers.startGateway(dbUrl, Map.of())) {
                    measure(kafka.bootstrapServers(), registry.registryApiUrl(), redis, ranking, gateway, Map.of(
                        "ranking_stream", ranking.pid(), "gateway", gateway.pid(), "kafka", kafka.pid(),
                        "registry", registry.pid()), result);
                }
            } finally {
                postgres.dropDatabase(db);
            }
        }
        result.put("load_average_1m", BenchServers.loadAverage());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        BenchServers.print(result);
    }

    private <V extends org.apache.avro.specific.SpecificRecord> ProducerRecord<String, byte[]> record(Topic<String, V> topic, Serializer<V> wire, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, wire.serialize(topic.name(), value));
    }

    private void measure(String bootstrap, String registryApi, RedisServer redis, ServiceProcess ranking, ServiceProcess gateway,
                         Map<String, Long> pids, Map<String, Object> result) throws Exception {
        Map<String, Object> serdeConfig = EventSerdes.config(registryApi);
        Serializer<SocialEdge> edges = EventSerdes.value(Topics.SOCIAL_GRAPH, serdeConfig).serializer();
        Serializer<RoomSnapshot> snapshots = EventSerdes.value(Topics.ROOM_STATE, serdeConfig).serializer();
        Serializer<RoomEvent> facts = EventSerdes.value(Topics.ROOM_EVENTS, serdeConfig).serializer();
        Serializer<PresenceHeartbeat> beats = EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdeConfig).serializer();
        Deserializer<HallwayRanking> rankings = EventSerdes.value(Topics.HALLWAY_RANKINGS, serdeConfig).deserializer();
        int users = options.get("users");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            long start = System.nanoTime();
            loadGraph(producer, edges);
            loadRooms(producer, snapshots, facts);
            active = new boolean[users];
            List<Integer> activeUsers = new ArrayList<>();
            for (int i = 1; i < users; i++) {
                if (random.nextInt(100) < options.get("active-pct")) {
                    active[i] = true;
                    activeUsers.add(i);
                }
            }
            ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
            heartbeats.scheduleAtFixedRate(() -> activeUsers.forEach(i -> producer.send(record(Topics.PRESENCE_HEARTBEATS,
                beats, user(i), new PresenceHeartbeat(UUID.randomUUID(), Instant.now(), user(i), null, "s-" + i, null,
                    "bench")))), 0, 15, TimeUnit.SECONDS);
            producer.flush();
            result.put("active_users", activeUsers.size());
            result.put("load_s", Math.round(seconds(start) * 10) / 10.0);
            System.err.printf("bench-hallway: loaded the graph and %d rooms in %.1f s; %d active users%n",
                options.get("rooms"), seconds(start), activeUsers.size());

            try (KafkaConsumer<String, byte[]> consumer = rankingsConsumer(bootstrap)) {
                long caughtUp = System.nanoTime();
                Set<String> ranked = ConcurrentHashMap.newKeySet();
                while (ranked.size() < activeUsers.size() * 0.99 && seconds(caughtUp) < 600) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        ranked.add(r.key());
                    }
                }
                result.put("first_rankings_s", Math.round(seconds(caughtUp) * 10) / 10.0);
                System.err.printf("bench-hallway: %d of %d active users ranked after %.1f s%n", ranked.size(),
                    activeUsers.size(), seconds(caughtUp));
                Thread.sleep(5_000); // let the first rankings' Redis writes and repartition backlogs settle before timing
                consumer.poll(Duration.ZERO);
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                joinPhase(producer, snapshots, facts, rankings, consumer, redis, ranking, gateway, activeUsers, pids, result);
            } finally {
                heartbeats.shutdownNow();
            }
        }
    }

    private KafkaConsumer<String, byte[]> rankingsConsumer(String bootstrap) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5), new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.HALLWAY_RANKINGS.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Random FOLLOWS edges, plus the celebrity's (user 0) followers. */
    private void loadGraph(KafkaProducer<String, byte[]> producer, Serializer<SocialEdge> wire) {
        int users = options.get("users");
        int celebrity = Math.min(options.get("celebrity"), users - 1);
        List<List<Integer>> followers = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            followers.add(new ArrayList<>());
        }
        Instant since = Instant.now().minus(Duration.ofDays(30));
        for (int f = 1; f <= celebrity; f++) {
            follow(producer, wire, f, 0, since, followers);
        }
        for (int e = 0; e < options.get("follows"); e++) {
            int follower = 1 + random.nextInt(users - 1);
            int followee = 1 + random.nextInt(users - 1);
            if (follower != followee) {
                follow(producer, wire, follower, followee, since, followers);
            }
        }
        followersOf = followers.stream().map(l -> l.stream().mapToInt(Integer::intValue).distinct().toArray()).toList();
    }

    private void follow(KafkaProducer<String, byte[]> producer, Serializer<SocialEdge> wire, int follower, int followee,
                        Instant since, List<List<Integer>> followers) {
        SocialEdge edge = new SocialEdge(UUID.randomUUID(), since, user(follower), null, SocialRelation.FOLLOWS,
            SocialTargetType.USER, user(followee), true, null);
        producer.send(record(Topics.SOCIAL_GRAPH, wire, Topics.socialEdgeKey(edge), edge));
        followers.get(followee).add(follower);
    }

    /** Each room created LIVE by its host (users are hosts of at most one room: the last users). */
    private void loadRooms(KafkaProducer<String, byte[]> producer, Serializer<RoomSnapshot> snapshots,
                           Serializer<RoomEvent> facts) {
        int users = options.get("users");
        Instant now = Instant.now();
        for (int r = 0; r < options.get("rooms"); r++) {
            String host = user(users - 1 - r);
            RoomDetails details = RoomDetails.newBuilder().setTitle("Bench room " + r).setTopic(null)
                .setVisibility(Visibility.PUBLIC).setSettings(RoomSettings.newBuilder().build()).build();
            List<Participant> participants = new ArrayList<>(List.of(new Participant(host, Role.MODERATOR, false, now, now)));
            RoomSnapshot snapshot = RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
                .setRoomId(room(r)).setUserId(host).setVersion(1).setDetails(details).setLifecycle(RoomLifecycle.LIVE)
                .setCreatedBy(host).setCreatedAt(now).setStartedAt(now).setLastActivityAt(now)
                .setParticipants(participants).setHandQueue(List.of()).setInvitedUserIds(new ArrayList<>())
                .setBannedUserIds(new ArrayList<>()).build();
            rooms.put(r, snapshot);
            producer.send(record(Topics.ROOM_STATE, snapshots, room(r), snapshot));
            producer.send(record(Topics.ROOM_EVENTS, facts, room(r), RoomEvent.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now).setRoomId(room(r)).setUserId(host).setRoomVersion(1L)
                .setFact(new RoomCreated(details, RoomLifecycle.LIVE, null)).build()));
            producer.send(record(Topics.ROOM_EVENTS, facts, room(r), RoomEvent.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now).setRoomId(room(r)).setUserId(host).setRoomVersion(1L)
                .setFact(new ParticipantJoined(host, Role.MODERATOR)).build()));
        }
    }

    /** A join waiting for a follower's ranking: who moved into which room, when (ns). */
    private record Pending(String mover, String roomId, long sentNanos) {}

    private void joinPhase(KafkaProducer<String, byte[]> producer, Serializer<RoomSnapshot> snapshots,
                           Serializer<RoomEvent> facts, Deserializer<HallwayRanking> rankings,
                           KafkaConsumer<String, byte[]> consumer, RedisServer redis, ServiceProcess ranking,
                           ServiceProcess gateway,
                           List<Integer> activeUsers, Map<String, Long> pids, Map<String, Object> result)
        throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(8)).build();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < Math.min(500, activeUsers.size()); i++) {
            tokens.add(RecordingClient.devToken(http, gateway.url(), user(activeUsers.get(i))));
        }
        Map<String, List<Pending>> pending = new ConcurrentHashMap<>();
        Recorder toRanking = new Recorder(3);
        Recorder toReadable = new Recorder(3);
        Recorder getHallway = new Recorder(3);
        AtomicLong written = new AtomicLong();
        AtomicLong matched = new AtomicLong();
        AtomicLong expected = new AtomicLong();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        RedisWatch readable = new RedisWatch(redis, toReadable);
        AtomicLong pairs = new AtomicLong();
        int sampleEvery = Math.max(1, options.get("readable-sample"));
        Thread reader = Thread.ofPlatform().name("rankings-reader").start(() -> {
            while (consuming.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    written.incrementAndGet();
                    List<Pending> waiting = pending.get(r.key());
                    if (waiting == null || waiting.isEmpty()) {
                        continue;
                    }
                    long at = System.nanoTime();
                    HallwayRanking hallway = rankings.deserialize(r.topic(), r.value());
                    for (Pending p : waiting) {
                        boolean shown = hallway.getRooms().stream().anyMatch(room -> room.getRoomId().equals(p.roomId())
                            && room.getFollowedSpeakerIds().contains(p.mover()));
                        if (shown && waiting.remove(p)) {
                            toRanking.recordValue(Math.max(0, (at - p.sentNanos()) / 1_000));
                            matched.incrementAndGet();
                            if (pairs.incrementAndGet() % sampleEvery == 0) {
                                readable.watch(r.key(), hallway.getVersion(), p.sentNanos());
                            }
                        }
                    }
                }
            }
        });
        boolean[] moved = new boolean[options.get("users")];
        CpuSampler cpu = new CpuSampler(pids);

        // Warm-up: both paths run (JIT, caches, connections), then the backlog drains; nothing of it is kept.
        int warmup = options.get("warmup-seconds");
        if (warmup > 0) {
            AtomicLong inFlight = new AtomicLong();
            ScheduledExecutorService load = requests(http, gateway, tokens, getHallway, errorKinds, inFlight);
            joins(producer, snapshots, facts, warmup, moved, pending, expected);
            load.shutdownNow();
            drain(matched, expected, 60);
            System.err.printf("bench-hallway: warm-up of %d s done, %d of %d follower rankings seen%n", warmup,
                matched.get(), expected.get());
            pending.clear();
            matched.set(0);
            expected.set(0);
            readable.forget();
            toRanking.reset();
            toReadable.reset();
            getHallway.reset();
            errorKinds.clear();
        }

        // Phase 1: joins alone.
        System.err.printf("bench-hallway: joins phase, %d s%n", options.get("seconds"));
        CpuSampler.Sample from = cpu.sample();
        double computedAtStart = counter(http, ranking, "roomcast_hallway_rankings_total");
        long writtenAtStart = written.get();
        Joins joins = joins(producer, snapshots, facts, options.get("seconds"), moved, pending, expected);
        CpuSampler.Sample to = cpu.sample();
        double computedInPhase = counter(http, ranking, "roomcast_hallway_rankings_total") - computedAtStart;
        long writtenInPhase = written.get() - writtenAtStart;
        drain(matched, expected, 60);
        consuming.set(false);
        reader.join();
        readable.close();
        double phaseSeconds = joins.nanos() / 1e9;
        result.put("movers", joins.movers());
        result.put("celebrity_moves", joins.celebrityMoves());
        result.put("joins_per_second_achieved", Math.round(joins.movers() / phaseSeconds * 10) / 10.0);
        result.put("follower_rankings_expected", expected.get());
        result.put("follower_rankings_seen", matched.get());
        put(result, "join_to_ranking", toRanking.getIntervalHistogram());
        put(result, "join_to_readable", toReadable.getIntervalHistogram());
        result.put("rankings_computed_per_s", Math.round(computedInPhase / phaseSeconds * 10) / 10.0);
        result.put("rankings_written_per_s", Math.round(writtenInPhase / phaseSeconds * 10) / 10.0);
        result.putAll(CpuSampler.coresUsed(from, to));

        // Phase 2: GET /hallway alone (active users' rankings are refreshed meanwhile).
        // The requests run --request-warmup-seconds before they are measured: the joins phase left the request
        // path's code to the JIT's later tiers, which compile it under this very load (C2 then takes more CPU than
        // the gateway's event loops, and the first requests carry its queue).
        System.err.printf("bench-hallway: requests phase, %d s warm-up then %d s (%d of %d follower rankings seen)%n",
            options.get("request-warmup-seconds"), options.get("request-seconds"), matched.get(), expected.get());
        AtomicLong inFlight = new AtomicLong();
        ScheduledExecutorService load = requests(http, gateway, tokens, getHallway, errorKinds, inFlight);
        Thread.sleep(Duration.ofSeconds(options.get("request-warmup-seconds"))); // an open-loop rate: a time
        boolean pause = options.get("pause-ranking-stream") == 1;
        if (pause) {
            signal(ranking, "STOP"); // the gateway's own figure: ranking-stream, and its transactions, not on the cores
        }
        getHallway.reset();
        errorKinds.clear();
        System.err.println("bench-hallway: requests measured" + (pause ? " (ranking-stream paused)" : ""));
        CpuSampler.Sample requestsFrom = cpu.sample();
        Thread.sleep(Duration.ofSeconds(options.get("request-seconds"))); // the phase's length: an open-loop rate
        load.shutdownNow();
        CpuSampler.Sample requestsTo = cpu.sample();
        if (pause) {
            signal(ranking, "CONT");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(11).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last answers (client time-out 10 s): no completion to wait on for all of them
        }
        put(result, "get_hallway", getHallway.getIntervalHistogram());
        result.put("get_hallway_errors", errorKinds.values().stream().mapToLong(AtomicLong::get).sum());
        result.put("get_hallway_error_kinds", errorKinds.toString());
        CpuSampler.coresUsed(requestsFrom, requestsTo).forEach((name, cores) -> result.put("requests_" + name, cores));
    }

    /** Sends {@code SIGSTOP} or {@code SIGCONT} to a child service ({@code kill}). */
    private static void signal(ServiceProcess service, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(service.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill -" + signal + " " + service.pid() + " exited " + exit);
        }
    }

    /** What one run of {@link #joins} did: movers, celebrity moves, its length in ns. */
    private record Joins(int movers, int celebrityMoves, long nanos) {}

    /**
     * {@code --joins-per-second} for {@code seconds}: each an unmoved user joining a random room as speaker (a pending
     * ranking for each of their active followers), and the celebrity every 5 s.
     */
    private Joins joins(KafkaProducer<String, byte[]> producer, Serializer<RoomSnapshot> snapshots,
                        Serializer<RoomEvent> facts, int seconds, boolean[] moved, Map<String, List<Pending>> pending,
                        AtomicLong expected) throws InterruptedException {
        int users = options.get("users");
        long joinPeriod = 1_000_000_000L / Math.max(1, options.get("joins-per-second"));
        int movers = 0;
        int celebrityMoves = 0;
        long start = System.nanoTime();
        long next = start;
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long nextCelebrity = start;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (now < next) {
                Thread.sleep(Math.max(0, (next - now) / 1_000_000), (int) ((next - now) % 1_000_000));
                continue;
            }
            next += joinPeriod;
            if (now >= nextCelebrity) {
                nextCelebrity += Duration.ofSeconds(5).toNanos();
                join(producer, snapshots, facts, 0, random.nextInt(options.get("rooms")));
                celebrityMoves++;
                continue;
            }
            int mover = pickMover(moved, users);
            if (mover < 0) {
                break;
            }
            moved[mover] = true;
            int room = random.nextInt(options.get("rooms"));
            long sent = System.nanoTime();
            for (int follower : followersOf.get(mover)) {
                if (active[follower]) {
                    pending.computeIfAbsent(user(follower), k -> new CopyOnWriteArrayList<>())
                        .add(new Pending(user(mover), room(room), sent));
                    expected.incrementAndGet();
                }
            }
            join(producer, snapshots, facts, mover, room);
            movers++;
        }
        return new Joins(movers, celebrityMoves, System.nanoTime() - start);
    }

    /** Waits until every expected follower ranking was seen, at most {@code seconds}. */
    private static void drain(AtomicLong matched, AtomicLong expected, int seconds) throws InterruptedException {
        long drain = System.nanoTime();
        while (matched.get() < expected.get() && seconds(drain) < seconds) {
            Thread.sleep(100); // waiting for the last rankings: nothing to wait on but the consumer's progress
        }
    }

    /**
     * Open-loop {@code GET /hallway?limit=20} at {@code --requests-per-second} as random token holders; latencies of
     * 200 answers into {@code into}, anything else counted by kind. Stop it with {@code shutdownNow}.
     */
    private ScheduledExecutorService requests(HttpClient http, ServiceProcess gateway, List<String> tokens,
                                              Recorder into, Map<String, AtomicLong> errorKinds, AtomicLong inFlight) {
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        long period = 1_000_000_000L / Math.max(1, options.get("requests-per-second"));
        load.scheduleAtFixedRate(() -> {
            String token = tokens.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(tokens.size()));
            long sent = System.nanoTime();
            inFlight.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url() + "/hallway?limit=20"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    inFlight.decrementAndGet();
                    if (failure != null || response.statusCode() != 200) {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException c
                            && c.getCause() != null ? c.getCause() : failure;
                        String kind = cause != null ? cause.getClass().getSimpleName()
                            : Integer.toString(response.statusCode());
                        errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                    } else {
                        into.recordValue((System.nanoTime() - sent) / 1_000);
                    }
                });
        }, 0, period, TimeUnit.NANOSECONDS);
        return load;
    }

    /** A counter's value from a service's {@code /prometheus} (0 if absent). */
    private static double counter(HttpClient http, ServiceProcess service, String name)
        throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** An unmoved user with at least one active follower, not the celebrity nor a host; -1 if none is left. */
    private int pickMover(boolean[] moved, int users) {
        int hosts = options.get("rooms");
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = 1 + random.nextInt(users - 1 - hosts);
            if (!moved[candidate] && followersOf.get(candidate).length <= options.get("celebrity-threshold")
                    && java.util.Arrays.stream(followersOf.get(candidate)).anyMatch(f -> active[f])) {
                return candidate;
            }
        }
        return -1;
    }

    /** The mover on the room's stage: its next snapshot (room-state), then the fact (room-events). */
    private void join(KafkaProducer<String, byte[]> producer, Serializer<RoomSnapshot> snapshots,
                      Serializer<RoomEvent> facts, int mover, int r) {
        Instant now = Instant.now();
        RoomSnapshot current = rooms.get(r);
        List<Participant> participants = new ArrayList<>(current.getParticipants());
        participants.add(new Participant(user(mover), Role.SPEAKER, false, now, now));
        long version = current.getVersion() + 1;
        RoomSnapshot next = RoomSnapshot.newBuilder(current).setEventId(UUID.randomUUID()).setOccurredAt(now)
            .setUserId(user(mover)).setVersion(version).setLastActivityAt(now).setParticipants(participants).build();
        rooms.put(r, next);
        producer.send(record(Topics.ROOM_STATE, snapshots, room(r), next));
        producer.send(record(Topics.ROOM_EVENTS, facts, room(r), RoomEvent.newBuilder().setEventId(UUID.randomUUID())
            .setOccurredAt(now).setRoomId(room(r)).setUserId(user(mover)).setRoomVersion(version)
            .setFact(new ParticipantJoined(user(mover), Role.SPEAKER)).build()));
    }

    /**
     * Join → readable: one thread polls Redis' {@code hallway:{user}} version of every watched pair every 2 ms, all in
     * one pipelined round trip, and records the time from the join once it reaches the pair's version (a pair not
     * reached in 30 s is dropped). One poller, so the measurement adds one connection's load however many pairs wait.
     */
    private static final class RedisWatch implements AutoCloseable {
        private record Watch(byte[] command, long version, long sentNanos, long deadline, long generation) {}

        private final ConcurrentLinkedQueue<Watch> added = new ConcurrentLinkedQueue<>();
        private final AtomicLong generation = new AtomicLong();
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final Thread poller;

        RedisWatch(RedisServer redis, Recorder into) {
            poller = Thread.ofPlatform().name("redis-watch").start(() -> poll(redis, into));
        }

        void watch(String user, long version, long sentNanos) {
            String key = ReadModelKeys.hallway(user);
            byte[] command = ("*3\r\n$4\r\nHGET\r\n$" + key.getBytes(StandardCharsets.UTF_8).length + "\r\n" + key
                + "\r\n$" + ReadModelKeys.VERSION.length() + "\r\n" + ReadModelKeys.VERSION + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
            added.add(new Watch(command, version, sentNanos, System.nanoTime() + Duration.ofSeconds(30).toNanos(),
                generation.get()));
        }

        /** Stops watching every pair watched so far (the warm-up's): none of them is recorded. */
        void forget() {
            generation.incrementAndGet();
        }

        private void poll(RedisServer redis, Recorder into) {
            List<Watch> waiting = new ArrayList<>();
            try (Socket socket = new Socket(redis.host(), redis.port())) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (open.get() || !waiting.isEmpty() || !added.isEmpty()) {
                    for (Watch w; (w = added.poll()) != null; ) {
                        waiting.add(w);
                    }
                    for (Watch w : waiting) {
                        out.write(w.command());
                    }
                    out.flush();
                    long now = System.nanoTime();
                    long current = generation.get();
                    List<Watch> still = new ArrayList<>();
                    for (Watch w : waiting) {
                        String stored = bulk(in);
                        if (w.generation() != current) {
                            continue;
                        }
                        if (stored != null && Long.parseLong(stored) >= w.version()) {
                            into.recordValue(Math.max(0, (now - w.sentNanos()) / 1_000));
                        } else if (now < w.deadline()) {
                            still.add(w);
                        }
                    }
                    waiting = still;
                    Thread.sleep(2); // polling Redis: nothing to wait on
                }
            } catch (IOException e) {
                System.err.println("bench-hallway: Redis poll failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits for the watched pairs (at most 30 s each), then stops. */
        @Override
        public void close() throws InterruptedException {
            open.set(false);
            poller.join();
        }
    }

    /** Reads one RESP bulk string reply; null for a nil. */
    private static String bulk(InputStream in) throws IOException {
        String header = line(in);
        if (!header.startsWith("$")) {
            throw new IOException("unexpected Redis reply " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        if (length < 0) {
            return null;
        }
        byte[] value = in.readNBytes(length);
        line(in);
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    private static void put(Map<String, Object> result, String name, Histogram h) {
        result.put(name + "_count", h.getTotalCount());
        result.put(name + "_p50_ms", h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(50) / 1000.0);
        result.put(name + "_p99_ms", h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99) / 1000.0);
        result.put(name + "_max_ms", h.getTotalCount() == 0 ? -1 : h.getMaxValue() / 1000.0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
