package io.roomcast.gateway.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.events.Club;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.UserProfile;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outbox under {@code kill -9}: a gateway in a child JVM takes a write load of follows, unfollows,
 * blocks, profile changes and club joins from several clients; mid-load it is killed with SIGKILL; a new
 * gateway on the same database takes over and empties the outbox. Then the compacted topics, read from
 * offset 0 (the latest record of each of this run's keys), agree exactly with the PostgreSQL tables, every
 * key's records keep the order of its changes (profile and club versions strictly increase), and no
 * eventId appears twice (no record doubled by the restart).
 */
@IntegrationTest
class OutboxKillIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int USERS = 12;
    /** The gateway is killed once this many writes were answered. */
    private static final int WRITES_BEFORE_KILL = 300;

    @Test
    void killingTheGatewayMidLoadLosesNoChangeAndDoublesNoRecord(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                                  RedisServer redis) throws Exception {
        String database = RealServers.freshDatabase("outbox_kill_it");
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.redis-uri", redis.uri(),
                "datasources.default.url", database,
                "roomcast.gateway.dev-tokens.enabled", "true",
                // Small rounds: more rounds in flight when the kill lands.
                "roomcast.social.relay.batch-size", "20");
        Path logs = Path.of("target", "outbox-kill-" + RUN).toAbsolutePath();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        ServiceProcess first = ServiceProcess.start("ingress-ws", Path.of("").toAbsolutePath(),
                "io.roomcast.gateway.Application", Ports.free(), settings, logs.resolve("first.log"));
        List<String> tokens = new ArrayList<>();
        String club;
        try {
            for (int i = 0; i < USERS; i++) {
                String token = token(http, first.url(), user(i));
                tokens.add(token);
                assertThat(send(http, first.url(), "POST", "/users", token,
                        "{\"username\":\"u" + i + "_" + RUN + "\",\"display_name\":\"User " + i + "\"}")).isEqualTo(201);
            }
            club = clubId(http, first.url(), tokens.getFirst());

            AtomicInteger answered = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            String url = first.url();
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    while (!stop.get()) {
                        try {
                            randomWrite(http, url, tokens, club);
                            answered.incrementAndGet();
                        } catch (Exception e) {
                            // the gateway died under this request: its transaction committed or not
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= WRITES_BEFORE_KILL);
            assertThat(ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly()).as("SIGKILL").isTrue();
            ProcessHandle.of(first.pid()).ifPresent(p -> p.onExit().join());
            stop.set(true);
            load.shutdown();
            load.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            System.out.printf("[outbox-kill] gateway killed after %d answered writes; %d outbox rows left%n",
                    answered.get(), count(database, "select count(*) from outbox"));
        } finally {
            first.close();
        }

        try (ServiceProcess second = ServiceProcess.start("ingress-ws", Path.of("").toAbsolutePath(),
                "io.roomcast.gateway.Application", Ports.free(), settings, logs.resolve("second.log"))) {
            // More writes after the restart, then the outbox drains.
            for (int i = 0; i < 20; i++) {
                randomWrite(http, second.url(), tokens, club);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(database, "select count(*) from outbox") == 0);

            String bootstrap = kafka.bootstrapServers();
            String registryUrl = registry.registryApiUrl();
            List<ConsumerRecord<String, SocialEdge>> edgeRecords =
                    SocialTopics.readAll(bootstrap, registryUrl, Topics.SOCIAL_GRAPH, this::ours);
            List<ConsumerRecord<String, UserProfile>> profileRecords =
                    SocialTopics.readAll(bootstrap, registryUrl, Topics.USER_PROFILES, this::ours);
            List<ConsumerRecord<String, Club>> clubRecords =
                    SocialTopics.readAll(bootstrap, registryUrl, Topics.CLUBS, club::equals);

            // No record doubled.
            List<String> eventIds = new ArrayList<>();
            edgeRecords.forEach(r -> eventIds.add(r.value().getEventId().toString()));
            profileRecords.forEach(r -> eventIds.add(r.value().getEventId().toString()));
            clubRecords.forEach(r -> eventIds.add(r.value().getEventId().toString()));
            assertThat(new HashSet<>(eventIds)).as("distinct eventIds").hasSize(eventIds.size());

            // Every key's records in the order of its changes: versions strictly increase, by 1 at a time
            // from the first record (none lost in between).
            Map<String, Long> lastVersion = new HashMap<>();
            for (ConsumerRecord<String, UserProfile> r : profileRecords) {
                long previous = lastVersion.getOrDefault(r.key(), 0L);
                assertThat(r.value().getVersion()).as("version of %s after %d", r.key(), previous).isEqualTo(previous + 1);
                lastVersion.put(r.key(), r.value().getVersion());
            }
            long clubVersion = 0;
            for (ConsumerRecord<String, Club> r : clubRecords) {
                assertThat(r.value().getVersion()).isEqualTo(++clubVersion);
            }

            // The latest record of every key equals PostgreSQL.
            assertThat(activeEdges(edgeRecords)).isEqualTo(edgesInDatabase(database));
            Map<String, String> profiles = new TreeMap<>();
            profileRecords.forEach(r -> profiles.put(r.key(), r.value().getVersion() + " " + r.value().getUsername() + " "
                    + r.value().getBio() + " " + r.value().getFollowerCount() + " " + r.value().getFollowingCount()));
            assertThat(profiles).isEqualTo(rows(database, "select id, version || ' ' || username || ' ' || "
                    + "coalesce(bio, 'null') || ' ' || follower_count || ' ' || following_count from users"));
            Club lastClub = clubRecords.getLast().value();
            assertThat(lastClub.getVersion() + " " + lastClub.getMemberCount())
                    .isEqualTo(rows(database, "select id, version || ' ' || member_count from clubs").get(club));
        }
    }

    private static void randomWrite(HttpClient http, String url, List<String> tokens, String club) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int me = random.nextInt(USERS);
        int other = (me + 1 + random.nextInt(USERS - 1)) % USERS;
        String token = tokens.get(me);
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> send(http, url, "PUT", "/users/me/following/users/" + user(other), token, null);
            case 4, 5 -> send(http, url, "DELETE", "/users/me/following/users/" + user(other), token, null);
            case 6 -> send(http, url, random.nextBoolean() ? "PUT" : "DELETE", "/users/me/blocks/" + user(other), token, null);
            case 7 -> send(http, url, "PATCH", "/users/me", token, "{\"bio\":\"bio " + random.nextInt(1000) + "\"}");
            case 8 -> send(http, url, "POST", "/clubs/" + club + "/join", token, null);
            default -> send(http, url, random.nextBoolean() ? "PUT" : "DELETE", "/users/me/following/topics/tech.ai",
                    token, random.nextBoolean() ? null : "{\"weight\":0." + (1 + random.nextInt(9)) + "}");
        }
    }

    /** Keys of the edges whose latest record is active, with the weight of topic interests. */
    private static Set<String> activeEdges(List<ConsumerRecord<String, SocialEdge>> records) {
        Map<String, SocialEdge> latest = new HashMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        Set<String> active = new HashSet<>();
        latest.forEach((key, edge) -> {
            if (edge.getActive()) {
                active.add(key + (edge.getWeight() == null ? "" : " " + edge.getWeight()));
            }
        });
        return active;
    }

    private static Set<String> edgesInDatabase(String database) throws Exception {
        Set<String> edges = new HashSet<>();
        edges.addAll(rows(database, "select follower_id || '|FOLLOWS|USER:' || followee_id, '' from user_follows").keySet());
        edges.addAll(rows(database, "select blocker_id || '|BLOCKS|USER:' || blocked_id, '' from blocks").keySet());
        edges.addAll(rows(database, "select user_id || '|MEMBER|CLUB:' || club_id, '' from club_members").keySet());
        edges.addAll(rows(database, "select user_id || '|CLUB_ADMIN|CLUB:' || club_id, '' from club_members "
                + "where role = 'admin'").keySet());
        try (Connection c = connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select user_id, topic_slug, weight from topic_follows")) {
            while (rs.next()) {
                edges.add(rs.getString(1) + "|FOLLOWS|TOPIC:" + rs.getString(2) + " " + rs.getDouble(3));
            }
        }
        return edges;
    }

    private boolean ours(String key) {
        return key != null && key.contains(RUN);
    }

    private static String user(int i) {
        return "u" + i + "-" + RUN;
    }

    private static String token(HttpClient http, String url, String userId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + userId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("token").asText();
    }

    private static String clubId(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(request(url, "POST", "/clubs", token, "{\"name\":\"Kill club\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("club_id").asText();
    }

    private static int send(HttpClient http, String url, String method, String path, String token, String body)
            throws Exception {
        return http.send(request(url, method, path, token, body), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request(String url, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static long count(String database, String sql) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, String> rows(String database, String sql) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static Connection connect(String database) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection(database, props);
    }
}
