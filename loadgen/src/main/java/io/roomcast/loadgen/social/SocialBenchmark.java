package io.roomcast.loadgen.social;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.loadgen.BenchServers;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.social.outbox.OutboxRelay;
import io.roomcast.social.outbox.OutboxValues;
import io.roomcast.social.outbox.RelaySettings;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Benchmark of the user/club API (issue 12), self-contained on free ports (it never touches the local
 * platform's fixed ports): its own Kafka broker and schema registry processes, the machine's PostgreSQL
 * (a fresh database) and Redis, and one gateway node (ingress-ws, with social-api) as a child JVM.
 *
 * <ol>
 *   <li>Load: {@code --users} users (default 100,000) and {@code --edges} follow edges (default 1,000,000) by
 *       COPY straight into PostgreSQL (counts set from the edges); user {@code u0} has {@code --celebrity}
 *       followers (default 50,000), the rest follow random users.</li>
 *   <li>Follow and unfollow requests/s through the HTTP API ({@code --clients} concurrent clients, default 16,
 *       {@code --seconds} each, default 15): {@code PUT} and then {@code DELETE /users/me/following/users/{id}}
 *       of random new pairs.</li>
 *   <li>{@code GET /users/u0/followers} latency, p50/p99 (ms): the first page, and later pages (page 2 to 50
 *       through the cursors), {@code --page-samples} each (default 2,000), limit 20.</li>
 *   <li>Follow → readable on social-graph: {@code --latency-samples} follows (default 500) one at a time, paced
 *       10 ms apart; from sending the request to a consumer (assigned to every partition, at the end) seeing the
 *       edge's record; p50/p99 (ms).</li>
 *   <li>Relay vs plain producer: {@code --relay-records} (default 100,000) social-graph records put in the outbox
 *       of a second database, then the relay ({@link OutboxRelay}, in this JVM) started and timed until the outbox
 *       is empty; then a plain idempotent producer ({@code acks=all}) sends the same records (same keys, same
 *       serde), timed until all are acknowledged; records/s of each and their ratio. Both run once untimed first on
 *       {@code --relay-warmup-records} (default 20,000).</li>
 * </ol>
 * Prints one JSON line (the last line of stdout); progress to stderr.
 */
public final class SocialBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> options;
    private final Path work;

    private SocialBenchmark(Map<String, Integer> options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new LinkedHashMap<>(Map.of("users", 100_000, "edges", 1_000_000,
                "celebrity", 50_000, "clients", 16, "seconds", 15, "page-samples", 2_000, "latency-samples", 500,
                "relay-records", 100_000, "relay-warmup-records", 20_000));
        BenchServers.options(options, args);
        new SocialBenchmark(options, BenchServers.workDir("bench-social")).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "social");
        result.putAll(options);
        try (BenchServers servers = BenchServers.start(work, true, false)) {
            PostgresServer postgres = servers.postgres();
            KafkaBrokerProcess kafka = servers.kafka();
            SchemaRegistryProcess registry = servers.registry();
            servers.provision();
            String apiDb = postgres.createFreshDatabase("bench_social");
            String relayDb = postgres.createFreshDatabase("bench_relay");
            try {
                String apiUrl = postgres.jdbcUrl(apiDb);
                migrate(apiUrl);
                load(apiUrl, result);
                ServiceProcess gateway = servers.startGateway(apiUrl, Map.of(
                        // 16 users write as fast as they can: the per-user write limit is not measured here.
                        "roomcast.gateway.rate-limits.social-write.max", "1000000000"));
                try (gateway) {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    followThroughput(http, gateway.url(), result);
                    long drain = System.nanoTime();
                    awaitEmptyOutbox(apiUrl);
                    result.put("outbox_drain_after_follows_s", Math.round(seconds(drain) * 10) / 10.0);
                    followersPages(http, gateway.url(), result);
                    awaitEmptyOutbox(apiUrl);
                    followToTopic(http, gateway.url(), kafka.bootstrapServers(), result);
                }
                relayVersusProducer(postgres.jdbcUrl(relayDb), kafka.bootstrapServers(), registry.registryApiUrl(), result);
            } finally {
                postgres.dropDatabase(apiDb);
                postgres.dropDatabase(relayDb);
            }
        }
        result.put("load_average_1m", BenchServers.loadAverage());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        BenchServers.print(result);
    }

    private static void migrate(String url) {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
    }

    private static Connection connect(String url) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection(url, props);
    }

    private static String user(int i) {
        return "u" + i;
    }

    /** COPY of the users and the edges, then the counts from the edges. */
    private void load(String url, Map<String, Object> result) throws Exception {
        int users = options.get("users");
        int edges = options.get("edges");
        int celebrity = Math.min(options.get("celebrity"), users - 1);
        long start = System.nanoTime();
        try (Connection c = connect(url)) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            long now = System.currentTimeMillis();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < users; i++) {
                rows.append(user(i)).append('\t').append("user_").append(i).append('\t').append("User ").append(i)
                        .append('\t').append(now).append('\t').append(5).append('\n');
            }
            copy.copyIn("copy users (id, username, display_name, created_at, invites_left) from stdin",
                    new StringReader(rows.toString()));
            SplittableRandom random = new SplittableRandom(42);
            java.util.Set<Long> seen = new java.util.HashSet<>(edges * 2);
            rows.setLength(0);
            int made = 0;
            for (int i = 1; i <= celebrity && made < edges; i++, made++) {
                seen.add((long) i * users);
                rows.append(user(i)).append('\t').append(user(0)).append('\t').append(now - made).append('\n');
            }
            while (made < edges) {
                int a = random.nextInt(users);
                int b = random.nextInt(users);
                if (a == b || b == 0 || !seen.add((long) a * users + b)) {
                    continue;
                }
                rows.append(user(a)).append('\t').append(user(b)).append('\t').append(now - made).append('\n');
                made++;
                if (rows.length() > 8_000_000) {
                    copy.copyIn("copy user_follows (follower_id, followee_id, created_at) from stdin",
                            new StringReader(rows.toString()));
                    rows.setLength(0);
                }
            }
            copy.copyIn("copy user_follows (follower_id, followee_id, created_at) from stdin", new StringReader(rows.toString()));
            try (Statement s = c.createStatement()) {
                s.execute("update users u set follower_count = f.n from (select followee_id, count(*) n from user_follows "
                        + "group by followee_id) f where u.id = f.followee_id");
                s.execute("update users u set following_count = f.n from (select follower_id, count(*) n from user_follows "
                        + "group by follower_id) f where u.id = f.follower_id");
                s.execute("analyze");
            }
        }
        result.put("load_s", seconds(start));
        System.err.printf("bench-social: loaded %d users and %d edges in %.1f s%n", users, edges, seconds(start));
    }

    private String token(HttpClient http, String url, String userId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + userId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("token").asText();
    }

    private static HttpRequest request(String url, String method, String path, String token) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    /** Follows then unfollows of random pairs by concurrent clients; requests/s of each phase. */
    private void followThroughput(HttpClient http, String url, Map<String, Object> result) throws Exception {
        int clients = options.get("clients");
        int users = options.get("users");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            tokens.add(token(http, url, user(users - 1 - i)));
        }
        List<List<Integer>> followed = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            followed.add(new ArrayList<>());
        }
        for (String phase : List.of("follow", "unfollow")) {
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(options.get("seconds")).toNanos();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(client);
                        List<Integer> mine = followed.get(client);
                        int next = 0;
                        while (System.nanoTime() < end && !stop.get()) {
                            int target;
                            String method;
                            if (phase.equals("follow")) {
                                target = 1 + random.nextInt(users - clients - 1);
                                method = "PUT";
                            } else {
                                if (next >= mine.size()) {
                                    break;
                                }
                                target = mine.get(next++);
                                method = "DELETE";
                            }
                            try {
                                int status = http.send(request(url, method, "/users/me/following/users/" + user(target),
                                        tokens.get(client)), HttpResponse.BodyHandlers.discarding()).statusCode();
                                if (status == 204) {
                                    ok.incrementAndGet();
                                    if (phase.equals("follow")) {
                                        mine.add(target);
                                    }
                                } else {
                                    failed.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            double rate = ok.get() / seconds(start);
            result.put(phase + "_per_s", Math.round(rate));
            result.put(phase + "_failed", failed.get());
            System.err.printf("bench-social: %s %.0f requests/s (%d ok, %d failed)%n", phase, rate, ok.get(), failed.get());
        }
    }

    /** GET /users/u0/followers: the first page, and pages 2 to 50 through their cursors. */
    private void followersPages(HttpClient http, String url, Map<String, Object> result) throws Exception {
        String token = token(http, url, user(1));
        int samples = options.get("page-samples");
        List<String> cursors = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            String path = "/users/u0/followers?limit=20" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(request(url, "GET", path, token), HttpResponse.BodyHandlers.ofString());
            cursor = JSON.readTree(r.body()).path("next_cursor").asText(null);
            if (cursor == null) {
                break;
            }
            cursors.add(cursor);
        }
        Histogram first = new Histogram(3);
        Histogram later = new Histogram(3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < samples * 2; i++) {
            boolean isFirst = i % 2 == 0;
            String path = "/users/u0/followers?limit=20" + (isFirst ? "" : "&cursor="
                    + URLEncoder.encode(cursors.get(random.nextInt(cursors.size())), StandardCharsets.UTF_8));
            long t0 = System.nanoTime();
            int status = http.send(request(url, "GET", path, token), HttpResponse.BodyHandlers.discarding()).statusCode();
            long us = (System.nanoTime() - t0) / 1_000;
            if (status != 200) {
                throw new IllegalStateException("GET followers answered " + status);
            }
            if (i >= 200) { // the first 100 of each are warm-up
                (isFirst ? first : later).recordValue(us);
            }
        }
        result.put("followers_first_page_p50_ms", ms(first.getValueAtPercentile(50)));
        result.put("followers_first_page_p99_ms", ms(first.getValueAtPercentile(99)));
        result.put("followers_later_page_p50_ms", ms(later.getValueAtPercentile(50)));
        result.put("followers_later_page_p99_ms", ms(later.getValueAtPercentile(99)));
        System.err.printf("bench-social: followers first page p50 %.2f p99 %.2f ms; later p50 %.2f p99 %.2f ms%n",
                ms(first.getValueAtPercentile(50)), ms(first.getValueAtPercentile(99)),
                ms(later.getValueAtPercentile(50)), ms(later.getValueAtPercentile(99)));
    }

    /** From a follow's request to its social-graph record being readable, one follow at a time. */
    private void followToTopic(HttpClient http, String url, String bootstrap, Map<String, Object> result)
            throws Exception {
        int samples = options.get("latency-samples");
        String follower = user(options.get("users") - 100);
        String token = token(http, url, follower);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong seen = new AtomicLong();
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < Topics.SOCIAL_GRAPH.partitions(); p++) {
                    partitions.add(new TopicPartition(Topics.SOCIAL_GRAPH.name(), p));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.countDown();
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        Long t0 = sentAt.remove(r.key());
                        if (t0 != null) {
                            synchronized (latency) {
                                latency.recordValue((System.nanoTime() - t0) / 1_000);
                            }
                            seen.incrementAndGet();
                        }
                    }
                }
            }
        });
        if (!ready.await(60, java.util.concurrent.TimeUnit.SECONDS)) { // the reader's end positions, resolved
            throw new IllegalStateException("the social-graph reader did not start");
        }
        for (int i = 0; i < samples; i++) {
            String target = user(1 + i);
            sentAt.put(follower + "|FOLLOWS|USER:" + target, System.nanoTime());
            int status = http.send(request(url, "PUT", "/users/me/following/users/" + target, token),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IllegalStateException("PUT follow answered " + status);
            }
            Thread.sleep(10);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.get() < samples && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        reader.join();
        result.put("follow_to_topic_p50_ms", ms(latency.getValueAtPercentile(50)));
        result.put("follow_to_topic_p99_ms", ms(latency.getValueAtPercentile(99)));
        result.put("follow_to_topic_seen", seen.get());
        System.err.printf("bench-social: follow -> social-graph p50 %.1f p99 %.1f ms (%d of %d seen)%n",
                ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)), seen.get(), samples);
    }

    /**
     * Waits until the relay has published every outbox row (up to 10 minutes), asking every 5 ms whether a row
     * is left ({@code exists}: stops at the first live row; a {@code count(*)} of a 100,000-row outbox every 5 ms
     * kept PostgreSQL busy 7-28 ms per probe, most of a core taken from the relay it measured).
     */
    private static void awaitEmptyOutbox(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("select exists (select 1 from outbox)")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("the gateway's outbox did not drain within 10 minutes");
    }

    /**
     * The relay draining a full outbox, next to a plain idempotent producer sending the same records: first both on
     * {@code --relay-warmup-records} records, untimed (class loading, JIT, the broker's first segments: the
     * second system measured would otherwise get them free), then both on {@code --relay-records}, timed.
     */
    private void relayVersusProducer(String url, String bootstrap, String registryApiUrl, Map<String, Object> result)
            throws Exception {
        int records = options.get("relay-records");
        migrate(url);
        List<SocialEdge> edges = new ArrayList<>(records);
        long now = System.currentTimeMillis();
        for (int i = 0; i < records; i++) {
            edges.add(SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.ofEpochMilli(now))
                    .setUserId("relay-" + (i % 5_000)).setRelation(SocialRelation.FOLLOWS)
                    .setTargetType(SocialTargetType.USER).setTargetId("t-" + i).setActive(true).build());
        }
        List<SocialEdge> warmup = edges.subList(0, Math.min(records, options.get("relay-warmup-records")));
        relaySeconds(url, warmup, bootstrap, registryApiUrl);
        plainSeconds(warmup, bootstrap, registryApiUrl);
        double relayRate = records / relaySeconds(url, edges, bootstrap, registryApiUrl);
        double plainRate = records / plainSeconds(edges, bootstrap, registryApiUrl);
        result.put("relay_records_per_s", Math.round(relayRate));
        result.put("plain_producer_records_per_s", Math.round(plainRate));
        result.put("relay_to_plain_ratio", Math.round(relayRate / plainRate * 100) / 100.0);
        System.err.printf("bench-social: relay %.0f records/s, plain producer %.0f records/s (ratio %.2f)%n",
                relayRate, plainRate, relayRate / plainRate);
    }

    /** @return seconds from starting a relay on an outbox holding {@code edges} until the outbox is empty */
    private static double relaySeconds(String url, List<SocialEdge> edges, String bootstrap, String registryApiUrl)
            throws Exception {
        long now = System.currentTimeMillis();
        try (Connection c = connect(url);
             PreparedStatement insert = c.prepareStatement(
                     "insert into outbox (topic, record_key, value, created_at) values (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < edges.size(); i++) {
                SocialEdge edge = edges.get(i);
                insert.setString(1, Topics.SOCIAL_GRAPH.name());
                insert.setString(2, Topics.SOCIAL_GRAPH.keyOf(edge));
                insert.setBytes(3, OutboxValues.encode(Topics.SOCIAL_GRAPH, edge));
                insert.setLong(4, now);
                insert.addBatch();
                if (i % 1_000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            c.commit();
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("postgres");
        long start = System.nanoTime();
        try (OutboxRelay relay = new OutboxRelay(dataSource, new RelaySettings(2000, Duration.ofMillis(10),
                Duration.ofSeconds(1), Duration.ofSeconds(30)), bootstrap, registryApiUrl)) {
            relay.start();
            awaitEmptyOutbox(url);
        }
        return seconds(start);
    }

    /** @return seconds from creating a plain idempotent producer until it has every edge acknowledged */
    private static double plainSeconds(List<SocialEdge> edges, String bootstrap, String registryApiUrl)
            throws Exception {
        Serializer<SocialEdge> wire = EventSerdes.value(Topics.SOCIAL_GRAPH, EventSerdes.config(registryApiUrl)).serializer();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>(edges.size());
            for (SocialEdge edge : edges) {
                acks.add(producer.send(new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(), Topics.SOCIAL_GRAPH.keyOf(edge),
                        wire.serialize(Topics.SOCIAL_GRAPH.name(), edge))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
