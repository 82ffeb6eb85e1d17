package io.roomcast.loadgen.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.Club;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.UserProfile;
import io.roomcast.events.Visibility;
import io.roomcast.loadgen.BenchServers;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.SearchQueries;
import io.roomcast.search.SearchRequest;
import io.roomcast.search.Searcher;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.Ports;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * Benchmark of search (issue 15), self-contained on free ports: its own Kafka broker, schema registry and
 * Elasticsearch processes, search-indexer as a child JVM (its production code and settings), and the machine's
 * PostgreSQL (a fresh database, dropped at the end).
 *
 * <ol>
 *   <li><b>Indexing</b>: {@code --rooms} room snapshots (default 200,000), {@code --users} profiles (200,000) and
 *       {@code --clubs} clubs (20,000), generated from a fixed seed (titles, names and descriptions of words drawn
 *       from a skewed vocabulary), are sent to room-state, user-profiles and clubs as fast as the producer goes; the
 *       clock runs from the first send until the three aliases count every document (documents/s).</li>
 *   <li><b>The same data into PostgreSQL</b> by COPY: tables rooms, users, clubs with a stored generated
 *       {@code tsvector} column (configuration {@code simple}, weights as the Elasticsearch field boosts) and a GIN
 *       index on it.</li>
 *   <li><b>Lag under updates</b>: {@code --update-rate} snapshots/s (default 500) for {@code --update-seconds}
 *       (30) of rooms not updated before; one in ten is followed until a search sees it (an {@code ids} query every
 *       20 ms asking for its {@code fact_at}): fact time to searchable, p50/p99 (ms).</li>
 *   <li><b>Searches</b>: the same list of queries (words and prefixes of words of the data: 60 % rooms, 25 % users,
 *       15 % clubs) at {@code --rate-low} (100) and {@code --rate-high} (300) queries/s, {@code --search-seconds}
 *       (20) each after 5 s of warm-up, open loop (latency from the query's planned start, so a stall counts for
 *       every query it delays): Elasticsearch with the gateway's query bodies ({@link SearchQueries}: prefix of the
 *       last word, fuzziness, highlighting, listener boost, an anonymous searcher), then PostgreSQL with the same
 *       words ({@code to_tsquery('simple', 'w1 | w2:*')}: any word, the last one as a prefix, as Elasticsearch's
 *       {@code bool_prefix}; no typo tolerance), ranked by {@code ts_rank} (rooms times the listener factor),
 *       top 21 with {@code ts_headline} of the first field. p50/p99 (ms) and PostgreSQL/Elasticsearch ratios.</li>
 * </ol>
 * Prints one JSON line (the last line of stdout); progress to stderr.
 */
public final class SearchBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "tor", "sa", "vel", "di", "mar", "no", "quin",
        "be", "ta", "ro", "lin", "es", "pha", "gu", "zor", "ami", "el", "cu", "dra", "fo", "hen", "ix", "ju", "ny",
        "om", "pet", "ri", "sul", "tem", "ula", "vor", "wen"};
    private static final String[] TOPICS = {"music.jazz", "music.rock", "tech.ai", "tech.startups", "science.space",
        "science.biology", "sports.football", "sports.tennis", "culture.books", "culture.film", "business.finance",
        "business.crypto", "language.japanese", "language.spanish", "wellness.sleep", "wellness.fitness",
        "travel.europe", "travel.asia", "food.cooking", "games.chess"};
    private static final int VOCABULARY = 20_000;

    private final Map<String, Integer> options;
    private final Path work;
    private final String[] words = new String[VOCABULARY];

    private SearchBenchmark(Map<String, Integer> options, Path work) {
        this.options = options;
        this.work = work;
        SplittableRandom random = new SplittableRandom(7);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < VOCABULARY; ) {
            int n = 2 + random.nextInt(2);
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < n; s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            if (seen.add(w.toString())) {
                words[i++] = w.toString();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new LinkedHashMap<>();
        options.put("rooms", 200_000);
        options.put("users", 200_000);
        options.put("clubs", 20_000);
        options.put("update-rate", 500);
        options.put("update-seconds", 30);
        options.put("rate-low", 100);
        options.put("rate-high", 300);
        options.put("search-seconds", 20);
        BenchServers.options(options, args);
        new SearchBenchmark(options, BenchServers.workDir("bench-search")).run();
        System.exit(0);
    }

    private static void progress(String message) {
        System.err.printf("bench-search %s: %s%n", Instant.now().toString().substring(11, 19), message);
    }

    private void run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "search");
        result.putAll(options);
        List<String> loads = new ArrayList<>();
        try (BenchServers servers = BenchServers.start(work, false, true)) {
            PostgresServer postgres = servers.postgres();
            KafkaBrokerProcess kafka = servers.kafka();
            SchemaRegistryProcess registry = servers.registry();
            ElasticsearchServer elasticsearch = servers.elasticsearch();
            progress("servers up: Kafka " + kafka.bootstrapServers() + ", Elasticsearch " + elasticsearch.url());
            servers.provision();
            String db = postgres.createFreshDatabase("bench_search");
            try (ServiceProcess indexer = ServiceProcess.start("search-indexer", Path.of("search-indexer").toAbsolutePath(),
                    "io.roomcast.search.indexer.Application", Ports.free(), Map.of(
                            "kafka.bootstrap.servers", kafka.bootstrapServers(),
                            "roomcast.registry-url", registry.registryApiUrl(),
                            "roomcast.search.elasticsearch-url", elasticsearch.url()), work.resolve("search-indexer.log"));
                 SearchCluster cluster = SearchCluster.connect(elasticsearch.url());
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                         ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                         new StringSerializer(), new ByteArraySerializer())) {
                Map<String, Object> serdeConfig = EventSerdes.config(registry.registryApiUrl());
                loads.add(BenchServers.loadAverage());
                index(producer, serdeConfig, cluster, indexer.url(), result);
                loads.add(BenchServers.loadAverage());
                String url = postgres.jdbcUrl(db);
                loadPostgres(url, result);
                loads.add(BenchServers.loadAverage());
                lag(producer, serdeConfig, cluster, result);
                loads.add(BenchServers.loadAverage());
                List<Query> queries = queries(2_000);
                for (String system : List.of("elasticsearch", "postgres")) {
                    try (QueryRunner runner = system.equals("elasticsearch") ? new EsRunner(cluster) : new PgRunner(url)) {
                        Map<String, Object> single = serviceTime(runner, queries, 300);
                        single.forEach((k, v) -> result.put(system + "_one_at_a_time_" + k, v));
                        loads.add(BenchServers.loadAverage());
                        for (String rate : List.of("rate-low", "rate-high")) {
                            Map<String, Object> figures = searchAt(runner, queries, options.get(rate));
                            figures.forEach((k, v) -> result.put(system + "_" + options.get(rate) + "qps_" + k, v));
                            loads.add(BenchServers.loadAverage());
                        }
                    }
                }
                List<String> phases = new ArrayList<>(List.of("one_at_a_time_"));
                for (String rate : List.of("rate-low", "rate-high")) {
                    phases.add(options.get(rate) + "qps_");
                }
                for (String phase : phases) {
                    // A ratio only where both systems sustained the phase.
                    boolean both = !Boolean.FALSE.equals(result.get("elasticsearch_" + phase + "sustained"))
                            && !Boolean.FALSE.equals(result.get("postgres_" + phase + "sustained"));
                    for (String p : List.of("p50", "p99")) {
                        double es = ((Number) result.get("elasticsearch_" + phase + p + "_ms")).doubleValue();
                        double pg = ((Number) result.get("postgres_" + phase + p + "_ms")).doubleValue();
                        result.put("postgres_over_elasticsearch_" + phase + p, both && es > 0 ? round(pg / es, 2) : null);
                    }
                }
            } finally {
                postgres.dropDatabase(db);
            }
        }
        result.put("load_average_1m_samples", loads);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        BenchServers.print(result);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    // ---- the data ----

    /** A word of the vocabulary, skewed: low indices far more often (a few common words, a long tail). */
    private String word(SplittableRandom random) {
        double r = random.nextDouble();
        return words[(int) (VOCABULARY * r * r * r)];
    }

    private String words(SplittableRandom random, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(word(random));
        }
        return text.toString();
    }

    private static String capitalized(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    record RoomRow(String id, String title, String topic, String host) {}

    record UserRow(String id, String username, String displayName, String bio) {}

    record ClubRow(String id, String name, String description, List<String> topics) {}

    private RoomRow roomRow(int i) {
        SplittableRandom random = new SplittableRandom(1_000_003L * i + 1);
        return new RoomRow("r" + i, capitalized(words(random, 3 + random.nextInt(3))), TOPICS[random.nextInt(TOPICS.length)],
                "u" + random.nextInt(Math.max(1, options.get("users"))));
    }

    private UserRow userRow(int i) {
        SplittableRandom random = new SplittableRandom(2_000_003L * i + 2);
        String first = word(random);
        String last = word(random);
        return new UserRow("u" + i, first + i, capitalized(first) + " " + capitalized(last), words(random, 6));
    }

    private ClubRow clubRow(int i) {
        SplittableRandom random = new SplittableRandom(3_000_003L * i + 3);
        return new ClubRow("c" + i, capitalized(words(random, 2)), words(random, 8),
                List.of(TOPICS[random.nextInt(TOPICS.length)], TOPICS[random.nextInt(TOPICS.length)]));
    }

    private static RoomSnapshot snapshot(RoomRow row, long version, Instant at) {
        List<Participant> participants = List.of(new Participant(row.host(), Role.MODERATOR, false, at, at));
        return RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(row.id())
                .setUserId(row.host()).setNonce(null).setVersion(version)
                .setDetails(RoomDetails.newBuilder().setTitle(row.title()).setTopic(row.topic()).setVisibility(Visibility.PUBLIC)
                        .setClubId(null).setSettings(RoomSettings.newBuilder().build()).build())
                .setLifecycle(RoomLifecycle.LIVE).setCreatedBy(row.host()).setCreatedAt(at).setStartsAt(null)
                .setStartedAt(at).setLastActivityAt(at).setParticipants(participants).setHandQueue(List.of())
                .setInvitedUserIds(List.of()).setBannedUserIds(List.of()).setJoinRequests(List.of()).build();
    }

    private static UserProfile profile(UserRow row, Instant at) {
        return UserProfile.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(row.id())
                .setVersion(1).setUsername(row.username()).setDisplayName(row.displayName()).setBio(row.bio())
                .setAvatarUrl(null).setFollowerCount(0).setFollowingCount(0).setCreatedAt(at).build();
    }

    private static Club club(ClubRow row, Instant at) {
        return Club.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setClubId(row.id()).setVersion(1)
                .setName(row.name()).setDescription(row.description()).setTopics(row.topics()).setPrivate$(false)
                .setRules(null).setCreatedBy("founder").setMemberCount(1).setCreatedAt(at).build();
    }

    // ---- indexing ----

    private final Map<String, Serializer<?>> serializers = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, Map<String, Object> serdeConfig,
                                                 Topic<String, V> topic, String key, V value) {
        Serializer<V> serializer = (Serializer<V>) serializers.computeIfAbsent(topic.name(),
                name -> EventSerdes.value(topic, serdeConfig).serializer());
        producer.send(new ProducerRecord<>(topic.name(), key, serializer.serialize(topic.name(), value)));
    }

    private void index(KafkaProducer<String, byte[]> producer, Map<String, Object> serdeConfig, SearchCluster cluster,
                       String indexerUrl, Map<String, Object> result) throws Exception {
        int rooms = options.get("rooms");
        int users = options.get("users");
        int clubs = options.get("clubs");
        progress("indexing " + rooms + " rooms, " + users + " users, " + clubs + " clubs ...");
        long start = System.nanoTime();
        Instant at = Instant.now();
        int most = Math.max(rooms, Math.max(users, clubs));
        for (int i = 0; i < most; i++) {
            if (i < rooms) {
                RoomRow row = roomRow(i);
                send(producer, serdeConfig, Topics.ROOM_STATE, row.id(), snapshot(row, 1, at));
            }
            if (i < users) {
                UserRow row = userRow(i);
                send(producer, serdeConfig, Topics.USER_PROFILES, row.id(), profile(row, at));
            }
            if (i < clubs) {
                ClubRow row = clubRow(i);
                send(producer, serdeConfig, Topics.CLUBS, row.id(), club(row, at));
            }
        }
        producer.flush();
        double sentS = (System.nanoTime() - start) / 1e9;
        progress(String.format(Locale.ROOT, "sent in %.1f s; waiting for Elasticsearch ...", sentS));
        long total = (long) rooms + users + clubs;
        long lastReport = System.nanoTime();
        while (true) {
            long counted = count(cluster, SearchIndex.ROOMS) + count(cluster, SearchIndex.USERS) + count(cluster, SearchIndex.CLUBS);
            // Records the indexer sent to a dead-letter topic (undecodable, refused) never become documents.
            long deadLetters = indexerCounter(indexerUrl, "roomcast_search_undecodable_total")
                    + indexerCounter(indexerUrl, "roomcast_search_refused_total");
            if (counted + deadLetters >= total) {
                result.put("indexer_dead_letters", deadLetters);
                break;
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                progress(counted + " of " + total + " documents searchable");
                lastReport = System.nanoTime();
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
                throw new IllegalStateException("not indexed after 30 min: " + counted + " of " + total);
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("documents", total);
        result.put("produce_s", round(sentS, 1));
        result.put("indexing_s", round(seconds, 1));
        result.put("indexing_docs_per_s", Math.round(total / seconds));
        progress(String.format(Locale.ROOT, "indexed %d documents in %.1f s (%.0f docs/s)", total, seconds, total / seconds));
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** A counter of the indexer's {@code /prometheus} page, 0 if it cannot be read. */
    private static long indexerCounter(String indexerUrl, String name) {
        try {
            String page = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(indexerUrl + "/prometheus"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : page.split("\n")) {
                if (line.startsWith(name + " ")) {
                    return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private static long count(SearchCluster cluster, SearchIndex index) {
        try {
            Map<String, Object> response = cluster.search(index.alias(), Map.of("size", 0, "track_total_hits", true));
            return ((Number) ((Map<?, ?>) ((Map<?, ?>) response.get("hits")).get("total")).get("value")).longValue();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ---- PostgreSQL ----

    private static Connection connect(String url) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection(url, props);
    }

    private static String tsv(String value) {
        return value.replace('\\', ' ').replace('\t', ' ').replace('\n', ' ');
    }

    private void loadPostgres(String url, Map<String, Object> result) throws Exception {
        progress("loading PostgreSQL ...");
        long start = System.nanoTime();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("""
                    create table rooms (id text primary key, title text not null, topic text, visibility text not null,
                      lifecycle text not null, listeners int not null default 0,
                      doc tsvector generated always as (setweight(to_tsvector('simple', title), 'A')
                        || setweight(to_tsvector('simple', coalesce(replace(topic, '.', ' '), '')), 'C')) stored)""");
            s.execute("""
                    create table users (id text primary key, username text not null, display_name text, bio text,
                      doc tsvector generated always as (setweight(to_tsvector('simple', username), 'A')
                        || setweight(to_tsvector('simple', coalesce(display_name, '')), 'B')
                        || setweight(to_tsvector('simple', coalesce(bio, '')), 'D')) stored)""");
            s.execute("""
                    create table clubs (id text primary key, name text not null, description text, topics text,
                      doc tsvector generated always as (setweight(to_tsvector('simple', name), 'A')
                        || setweight(to_tsvector('simple', coalesce(description, '')), 'C')
                        || setweight(to_tsvector('simple', coalesce(topics, '')), 'C')) stored)""");
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < options.get("rooms"); i++) {
                RoomRow r = roomRow(i);
                rows.append(r.id()).append('\t').append(tsv(r.title())).append('\t').append(r.topic())
                        .append("\tPUBLIC\tLIVE\t1\n");
            }
            copy.copyIn("copy rooms (id, title, topic, visibility, lifecycle, listeners) from stdin",
                    new java.io.StringReader(rows.toString()));
            rows.setLength(0);
            for (int i = 0; i < options.get("users"); i++) {
                UserRow u = userRow(i);
                rows.append(u.id()).append('\t').append(tsv(u.username())).append('\t').append(tsv(u.displayName()))
                        .append('\t').append(tsv(u.bio())).append('\n');
            }
            copy.copyIn("copy users (id, username, display_name, bio) from stdin", new java.io.StringReader(rows.toString()));
            rows.setLength(0);
            for (int i = 0; i < options.get("clubs"); i++) {
                ClubRow k = clubRow(i);
                rows.append(k.id()).append('\t').append(tsv(k.name())).append('\t').append(tsv(k.description()))
                        .append('\t').append(String.join(" ", k.topics()).replace('.', ' ')).append('\n');
            }
            copy.copyIn("copy clubs (id, name, description, topics) from stdin", new java.io.StringReader(rows.toString()));
            for (String table : List.of("rooms", "users", "clubs")) {
                s.execute("create index " + table + "_doc on " + table + " using gin (doc)");
                s.execute("analyze " + table);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("postgres_load_and_index_s", round(seconds, 1));
        progress(String.format(Locale.ROOT, "PostgreSQL loaded and indexed in %.1f s", seconds));
    }

    // ---- lag ----

    private void lag(KafkaProducer<String, byte[]> producer, Map<String, Object> serdeConfig, SearchCluster cluster,
                     Map<String, Object> result) throws Exception {
        int rate = options.get("update-rate");
        int seconds = options.get("update-seconds");
        int rooms = options.get("rooms");
        progress("lag: " + rate + " updates/s for " + seconds + " s ...");
        Map<String, Long> pending = new ConcurrentHashMap<>();
        Histogram lag = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        AtomicLong probes = new AtomicLong();
        var stopProbe = new java.util.concurrent.atomic.AtomicBoolean();
        Thread probe = Thread.ofPlatform().name("lag-probe").start(() -> {
            while (!stopProbe.get() || !pending.isEmpty()) {
                long next = System.nanoTime() + 20_000_000L;
                List<String> ids = new ArrayList<>(pending.keySet());
                if (!ids.isEmpty()) {
                    try {
                        Map<String, Object> response = cluster.search(SearchIndex.ROOMS.alias(), Map.of(
                                "size", ids.size(), "_source", List.of("fact_at"),
                                "query", Map.of("ids", Map.of("values", ids))));
                        long now = System.currentTimeMillis();
                        probes.incrementAndGet();
                        for (Object hit : (List<?>) ((Map<?, ?>) response.get("hits")).get("hits")) {
                            Map<?, ?> h = (Map<?, ?>) hit;
                            String id = (String) h.get("_id");
                            Object factAt = ((Map<?, ?>) h.get("_source")).get("fact_at");
                            Long expected = pending.get(id);
                            if (expected != null && factAt instanceof Number n && n.longValue() >= expected) {
                                pending.remove(id);
                                lag.recordValue(Math.max(0, now - expected));
                            }
                        }
                    } catch (RuntimeException e) {
                        progress("probe failed: " + e.getMessage());
                    }
                }
                if (stopProbe.get() && System.currentTimeMillis() > deadline) {
                    break;
                }
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        });
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        long sampled = 0;
        for (long k = 0; k < total; k++) {
            long due = start + k * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            RoomRow row = roomRow((int) ((k * 7_919L) % rooms));
            Instant now = Instant.now();
            if (k % 10 == 0) {
                pending.put(row.id(), now.toEpochMilli());
                sampled++;
            }
            send(producer, serdeConfig, Topics.ROOM_STATE, row.id(), snapshot(row, 2, now));
        }
        producer.flush();
        double sentSeconds = (System.nanoTime() - start) / 1e9;
        deadline = System.currentTimeMillis() + 60_000;
        stopProbe.set(true);
        probe.join(TimeUnit.SECONDS.toMillis(90));
        result.put("lag_updates_per_s_achieved", Math.round(total / sentSeconds));
        result.put("lag_samples", sampled);
        result.put("lag_unseen_after_60s", pending.size());
        result.put("lag_searchable_p50_ms", lag.getValueAtPercentile(50));
        result.put("lag_searchable_p99_ms", lag.getValueAtPercentile(99));
        result.put("lag_searchable_max_ms", lag.getMaxValue());
        progress(String.format(Locale.ROOT, "lag (fact to searchable, %d samples, %d probes): p50 %d ms, p99 %d ms",
                lag.getTotalCount(), probes.get(), lag.getValueAtPercentile(50), lag.getValueAtPercentile(99)));
    }

    private volatile long deadline = Long.MAX_VALUE;

    // ---- searches ----

    /** One search: what the user typed, into which index. */
    record Query(SearchIndex index, String text) {}

    private List<Query> queries(int n) {
        SplittableRandom random = new SplittableRandom(11);
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double pick = random.nextDouble();
            List<String> source;
            SearchIndex index;
            if (pick < 0.6) {
                index = SearchIndex.ROOMS;
                source = List.of(roomRow(random.nextInt(options.get("rooms"))).title().toLowerCase(Locale.ROOT).split(" "));
            } else if (pick < 0.85) {
                index = SearchIndex.USERS;
                UserRow u = userRow(random.nextInt(options.get("users")));
                source = List.of((u.username() + " " + u.displayName().toLowerCase(Locale.ROOT)).split(" "));
            } else {
                index = SearchIndex.CLUBS;
                ClubRow c = clubRow(random.nextInt(options.get("clubs")));
                source = List.of((c.name().toLowerCase(Locale.ROOT) + " " + c.description()).split(" "));
            }
            int from = random.nextInt(source.size());
            int count = 1 + random.nextInt(Math.min(2, source.size() - from));
            List<String> typed = new ArrayList<>(source.subList(from, from + count));
            String last = typed.getLast();
            if (random.nextBoolean() && last.length() > 3) {
                typed.set(typed.size() - 1, last.substring(0, 3 + random.nextInt(last.length() - 3)));
            }
            queries.add(new Query(index, String.join(" ", typed)));
        }
        return queries;
    }

    /** Runs one query; returns the number of hits. */
    interface QueryRunner extends AutoCloseable {
        int run(Query query) throws Exception;

        @Override
        void close() throws Exception;
    }

    static final class EsRunner implements QueryRunner {
        private static final Searcher ANONYMOUS = new Searcher("bench-anonymous", Set.of(), Set.of(), Set.of(), Set.of());
        private final SearchCluster cluster;

        EsRunner(SearchCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public int run(Query query) {
            SearchRequest request = SearchRequest.parse(Map.of("q", List.of(query.text()),
                    "type", List.of(query.index().alias())), SearchRequest.Limits.DEFAULTS);
            Map<String, Object> response = cluster.search(query.index().alias(), SearchQueries.body(request, ANONYMOUS, null));
            return ((List<?>) ((Map<?, ?>) response.get("hits")).get("hits")).size();
        }

        @Override
        public void close() {
        }
    }

    static final class PgRunner implements QueryRunner {
        /** As many as the Elasticsearch client's connections per host (Rest5Client's default, 10). */
        private static final int CONNECTIONS = 10;
        private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(CONNECTIONS);

        PgRunner(String url) throws Exception {
            for (int i = 0; i < CONNECTIONS; i++) {
                pool.add(connect(url));
            }
        }

        @Override
        public int run(Query query) throws Exception {
            String sql = switch (query.index()) {
                case ROOMS -> """
                        select id, ts_headline('simple', title, q, 'StartSel=<em>, StopSel=</em>, HighlightAll=true')
                        from (select id, title, q from rooms, to_tsquery('simple', ?) q
                              where doc @@ q and lifecycle in ('LIVE', 'SCHEDULED') and visibility = 'PUBLIC'
                              order by ts_rank(doc, q) * (1 + 0.1 * ln(1 + listeners)) desc, id limit 21) top""";
                case USERS -> """
                        select id, ts_headline('simple', username, q, 'StartSel=<em>, StopSel=</em>, HighlightAll=true')
                        from (select id, username, q from users, to_tsquery('simple', ?) q where doc @@ q
                              order by ts_rank(doc, q) desc, id limit 21) top""";
                case CLUBS -> """
                        select id, ts_headline('simple', name, q, 'StartSel=<em>, StopSel=</em>, HighlightAll=true')
                        from (select id, name, q from clubs, to_tsquery('simple', ?) q where doc @@ q
                              order by ts_rank(doc, q) desc, id limit 21) top""";
            };
            Connection c = pool.take();
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setString(1, tsquery(query.text()));
                int rows = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                return rows;
            } finally {
                pool.add(c);
            }
        }

        /** Any word, the last as a prefix: {@code w1 | w2:*} (words are letters and digits only). */
        static String tsquery(String text) {
            List<String> words = new ArrayList<>();
            for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            words.set(words.size() - 1, words.getLast() + ":*");
            return String.join(" | ", words);
        }

        @Override
        public void close() throws Exception {
            for (Connection c : pool) {
                c.close();
            }
        }
    }

    /** Service time: {@code n} queries one at a time (after 50 unmeasured), p50/p99 (ms). */
    private static Map<String, Object> serviceTime(QueryRunner runner, List<Query> queries, int n) throws Exception {
        String name = runner instanceof EsRunner ? "Elasticsearch" : "PostgreSQL";
        progress(name + ": " + n + " queries one at a time ...");
        Histogram h = new Histogram(3);
        long errors = 0;
        long withHits = 0;
        for (int k = 0; k < n + 50; k++) {
            long t0 = System.nanoTime();
            try {
                int hits = runner.run(queries.get(queries.size() - 1 - (k % queries.size())));
                if (k >= 50) {
                    h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                    withHits += hits > 0 ? 1 : 0;
                }
            } catch (Exception e) {
                errors += k >= 50 ? 1 : 0;
                if (errors <= 1) {
                    progress(name + " query failed: " + e);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p50_ms", round(h.getValueAtPercentile(50) / 1000.0, 2));
        figures.put("p99_ms", round(h.getValueAtPercentile(99) / 1000.0, 2));
        figures.put("max_ms", round(h.getMaxValue() / 1000.0, 1));
        figures.put("errors", errors);
        figures.put("with_hits_pct", round(100.0 * withHits / n, 1));
        progress(name + " one at a time: " + figures);
        return figures;
    }

    /** 5 s of warm-up, then {@code search-seconds} at {@code rate} queries/s, open loop. */
    private Map<String, Object> searchAt(QueryRunner runner, List<Query> queries, int rate) throws Exception {
        String name = runner instanceof EsRunner ? "Elasticsearch" : "PostgreSQL";
        progress(name + " at " + rate + " queries/s ...");
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong withHits = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        int warmup = 5;
        int seconds = options.get("search-seconds");
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        long total = (long) rate * (warmup + seconds);
        long warmupQueries = (long) rate * warmup;
        AtomicLong done = new AtomicLong();
        var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        long issued = 0;
        boolean sustained = true;
        try {
            for (long k = 0; k < total; k++) {
                // More than 2 s of queries waiting: the rate cannot be sustained; stop the phase, say so.
                if (k - done.get() > 2L * rate) {
                    sustained = false;
                    break;
                }
                issued++;
                long due = start + k * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Query query = queries.get((int) (k % queries.size()));
                boolean counted = k >= warmupQueries;
                if (counted && k == warmupQueries) {
                    recorder.getIntervalHistogram();
                }
                pool.execute(() -> {
                    try {
                        int hits;
                        try {
                            hits = runner.run(query);
                        } finally {
                            done.incrementAndGet();
                        }
                        if (counted) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
                            measured.incrementAndGet();
                            if (hits > 0) {
                                withHits.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        if (counted) {
                            errors.incrementAndGet();
                        }
                        if (firstError.get() == null) {
                            firstError.set(e.toString());
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
        Histogram h = recorder.getIntervalHistogram();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("p50_ms", round(h.getValueAtPercentile(50) / 1000.0, 2));
        figures.put("p99_ms", round(h.getValueAtPercentile(99) / 1000.0, 2));
        figures.put("max_ms", round(h.getMaxValue() / 1000.0, 1));
        figures.put("sustained", sustained);
        figures.put("issued", Math.max(0, issued - warmupQueries));
        figures.put("queries", measured.get());
        figures.put("errors", errors.get());
        figures.put("with_hits_pct", measured.get() == 0 ? 0 : round(100.0 * withHits.get() / measured.get(), 1));
        if (firstError.get() != null) {
            figures.put("first_error", firstError.get());
        }
        progress(name + " at " + rate + " queries/s: " + figures);
        return figures;
    }
}
