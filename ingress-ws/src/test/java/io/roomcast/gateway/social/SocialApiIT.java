package io.roomcast.gateway.social;

import static io.roomcast.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.events.Club;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.UserProfile;
import io.roomcast.gateway.GatewayFixture;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user/club API served by a gateway node (Micronaut in this JVM) on the real PostgreSQL (a database of
 * its own), broker and registry: every endpoint, the records its changes put on social-graph, user-profiles
 * and clubs, and every bad input of issue 12 answered with the documented error while changing nothing (no
 * row, no record). Every exchange is validated against docs/openapi.yml ({@link OpenApiTraffic}); ids carry
 * this run's suffix.
 */
@IntegrationTest
class SocialApiIT {
    /** The Redis database of this test's services ({@link GatewayFixture}). */
    private static final int REDIS_DB = 1;
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    /** SQL and escape metacharacters, stored and answered literally. */
    private static final String HOSTILE = "Robert'); DROP TABLE users;-- \\\\ % _ \\\" $1 <b>";
    private static final String HOSTILE_TEXT = "Robert'); DROP TABLE users;-- \\ % _ \" $1 <b>";

    private static GatewayFixture api;
    private static String databaseUrl;
    private static String bootstrap;
    private static String registryUrl;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.registryApiUrl();
        // An idle poll of an hour: every record below reaches the topics through the relay's in-process wake-up.
        api = new GatewayFixture(kafka, registry, redis, REDIS_DB).gateway("social_api_it",
                Map.of("roomcast.social.relay.poll-interval", "1h"));
        databaseUrl = api.databaseUrl();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void usersFollowBlockAndTheirRecordsReachTheTopics() throws Exception {
        String alice = signUp("alice");
        String bob = signUp("bob");
        String carol = signUp("carol");

        HttpResponse<String> me = call("GET", "/users/me", alice, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).path("username").asText()).isEqualTo("alice_" + RUN);
        assertThat(json(me).path("invites_left").asInt()).isEqualTo(5);

        // SQL metacharacters are stored and answered as sent.
        HttpResponse<String> patched = call("PATCH", "/users/me", alice,
                "{\"display_name\":\"" + HOSTILE + "\",\"bio\":\"" + HOSTILE + "\",\"avatar_url\":\"https://x.example/a.png?q='%27--\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode profile = json(call("GET", "/users/" + id("alice"), bob, null));
        assertThat(profile.path("display_name").asText()).isEqualTo(HOSTILE_TEXT);
        assertThat(profile.path("bio").asText()).isEqualTo(HOSTILE_TEXT);
        assertThat(profile.path("avatar_url").asText()).isEqualTo("https://x.example/a.png?q='%27--");
        assertThat(profile.has("invites_left")).as("invites are private").isFalse();
        assertThat(profile.path("followed_by_me").isBoolean()).isTrue();
        assertThat(profile.path("followed_by_me").asBoolean()).as("bob does not follow alice yet").isFalse();

        assertThat(call("PUT", "/users/me/following/users/" + id("alice"), bob, null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/users/me/following/users/" + id("alice"), bob, null).statusCode())
                .as("idempotent").isEqualTo(204);
        assertThat(call("PUT", "/users/me/following/users/" + id("alice"), carol, null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/users/me/following/users/" + id("bob"), alice, null).statusCode()).isEqualTo(204);

        // Followers, one per page, newest first, through the signed cursor.
        JsonNode first = json(call("GET", "/users/" + id("alice") + "/followers?limit=1", bob, null));
        assertThat(first.path("users").get(0).path("user_id").asText()).isEqualTo(id("carol"));
        String cursor = first.path("next_cursor").asText();
        JsonNode second = json(call("GET", "/users/" + id("alice") + "/followers?limit=1&cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8), bob, null));
        assertThat(second.path("users").get(0).path("user_id").asText()).isEqualTo(id("bob"));
        assertThat(second.has("next_cursor")).isFalse();
        JsonNode following = json(call("GET", "/users/" + id("bob") + "/following", bob, null));
        assertThat(following.path("users")).hasSize(1);
        JsonNode followed = json(call("GET", "/users/" + id("alice"), bob, null));
        assertThat(followed.path("follower_count").asLong()).isEqualTo(2);
        assertThat(followed.path("followed_by_me").asBoolean()).as("bob follows alice").isTrue();
        assertThat(json(call("GET", "/users/" + id("bob"), bob, null)).has("followed_by_me"))
                .as("not in one's own profile").isFalse();

        // A block ends the follows both ways, and neither may follow the other then.
        assertThat(call("PUT", "/users/me/blocks/" + id("bob"), alice, null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/users/" + id("alice"), bob, null)).path("follower_count").asLong()).isEqualTo(1);
        assertThat(json(call("GET", "/users/" + id("alice"), bob, null)).path("following_count").asLong()).isZero();
        assertThat(json(call("GET", "/users/" + id("alice"), bob, null)).path("followed_by_me").asBoolean())
                .as("the block ended bob's follow").isFalse();
        HttpResponse<String> blocked = call("PUT", "/users/me/following/users/" + id("alice"), bob, null);
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(json(blocked).path("error").asText()).isEqualTo("forbidden");
        assertThat(call("DELETE", "/users/me/blocks/" + id("bob"), alice, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/users/me/following/users/" + id("alice"), carol, null).statusCode()).isEqualTo(204);

        // Topics: the catalog, an interest with a weight.
        JsonNode topics = json(call("GET", "/topics", carol, null));
        assertThat(topics.path("topics").findValuesAsText("slug")).contains("tech.ai", "music.production");
        assertThat(call("PUT", "/users/me/following/topics/tech.ai", carol, "{\"weight\":0.5}").statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/users/me/following/topics/music.jazz", carol, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/users/me/following/topics/music.jazz", carol, null).statusCode()).isEqualTo(204);

        // On the topics: the latest edge per key, and the latest profiles with the counts of PostgreSQL.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, SocialEdge> edges = SocialTopics.latest(bootstrap, registryUrl, Topics.SOCIAL_GRAPH, this::ours);
            assertThat(edges.get(id("bob") + "|FOLLOWS|USER:" + id("alice")).getActive()).isFalse();
            assertThat(edges.get(id("alice") + "|FOLLOWS|USER:" + id("bob")).getActive()).isFalse();
            assertThat(edges.get(id("carol") + "|FOLLOWS|USER:" + id("alice")).getActive()).isFalse();
            assertThat(edges.get(id("alice") + "|BLOCKS|USER:" + id("bob")).getActive()).isFalse();
            SocialEdge ai = edges.get(id("carol") + "|FOLLOWS|TOPIC:tech.ai");
            assertThat(ai.getActive()).isTrue();
            assertThat(ai.getWeight()).isEqualTo(0.5);
            assertThat(edges.get(id("carol") + "|FOLLOWS|TOPIC:music.jazz").getActive()).isFalse();
            Map<String, UserProfile> profiles = SocialTopics.latest(bootstrap, registryUrl, Topics.USER_PROFILES, this::ours);
            UserProfile a = profiles.get(id("alice"));
            assertThat(a.getDisplayName()).isEqualTo(HOSTILE_TEXT);
            assertThat(a.getFollowerCount()).isZero();
            assertThat(a.getVersion()).isEqualTo(dbLong("select version from users where id = '" + id("alice") + "'"));
        });
        assertThat(dbLong("select count(*) from outbox")).as("the relay emptied the outbox").isZero();
    }

    @Test
    void clubsJoinRequestsRolesAndLeave() throws Exception {
        String dora = signUp("dora");
        String eve = signUp("eve");
        String finn = signUp("finn");

        HttpResponse<String> created = call("POST", "/clubs", dora, "{\"name\":\"" + HOSTILE + "\",\"description\":\""
                + HOSTILE + "\",\"topics\":[\"tech.ai\",\"music.production\"],\"private\":true,\"rules\":\"" + HOSTILE + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String club = json(created).path("club_id").asText();
        assertThat(json(created).path("name").asText()).isEqualTo(HOSTILE_TEXT);
        assertThat(json(created).path("member_count").asLong()).isEqualTo(1);

        HttpResponse<String> asked = call("POST", "/clubs/" + club + "/join", eve, null);
        assertThat(asked.statusCode()).isEqualTo(202);
        assertThat(json(asked).path("status").asText()).isEqualTo("requested");
        assertThat(json(call("GET", "/clubs/" + club, eve, null)).path("membership").asText()).isEqualTo("requested");
        assertThat(json(call("GET", "/clubs/" + club, dora, null)).path("membership").asText()).isEqualTo("admin");
        assertThat(json(call("GET", "/clubs/" + club, finn, null)).path("membership").asText()).isEqualTo("none");
        assertThat(json(created).has("membership")).as("only GET /clubs/{id} says the caller's").isFalse();
        JsonNode requests = json(call("GET", "/clubs/" + club + "/join-requests", dora, null));
        assertThat(requests.path("requests").findValuesAsText("user_id")).containsExactly(id("eve"));
        assertThat(call("GET", "/clubs/" + club + "/join-requests", finn, null).statusCode()).isEqualTo(403);

        HttpResponse<String> notAdmin = call("POST", "/clubs/" + club + "/join-requests/" + id("eve") + "/approve", finn, null);
        assertThat(notAdmin.statusCode()).isEqualTo(403);
        assertThat(json(notAdmin).path("error").asText()).isEqualTo("forbidden");
        assertThat(call("POST", "/clubs/" + club + "/join-requests/" + id("eve") + "/approve", dora, null).statusCode())
                .isEqualTo(204);
        assertThat(call("POST", "/clubs/" + club + "/join-requests/" + id("eve") + "/approve", dora, null).statusCode())
                .as("no pending request any more").isEqualTo(404);
        assertThat(call("POST", "/clubs/" + club + "/join", finn, null).statusCode()).isEqualTo(202);
        assertThat(call("POST", "/clubs/" + club + "/join-requests/" + id("finn") + "/deny", dora, null).statusCode())
                .isEqualTo(204);

        assertThat(call("PUT", "/clubs/" + club + "/members/" + id("eve") + "/role", dora, "{\"role\":\"moderator\"}")
                .statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/clubs/" + club + "/members/" + id("eve") + "/role", eve, "{\"role\":\"admin\"}")
                .statusCode()).as("a moderator is not an admin").isEqualTo(403);
        assertThat(call("PUT", "/clubs/" + club + "/members/" + id("dora") + "/role", dora, "{\"role\":\"member\"}")
                .statusCode()).as("the last admin").isEqualTo(409);
        assertThat(call("DELETE", "/clubs/" + club + "/members/me", dora, null).statusCode()).as("the last admin")
                .isEqualTo(409);
        JsonNode members = json(call("GET", "/clubs/" + club + "/members?limit=1", finn, null));
        assertThat(members.path("members").get(0).path("role").asText()).isEqualTo("admin");
        JsonNode rest2 = json(call("GET", "/clubs/" + club + "/members?limit=1&cursor="
                + URLEncoder.encode(members.path("next_cursor").asText(), StandardCharsets.UTF_8), finn, null));
        assertThat(rest2.path("members").get(0).path("role").asText()).isEqualTo("moderator");
        assertThat(call("DELETE", "/clubs/" + club + "/members/me", eve, null).statusCode()).isEqualTo(204);

        HttpResponse<String> patched = call("PATCH", "/clubs/" + club, dora, "{\"private\":false,\"description\":\"\"}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).has("description")).isFalse();
        assertThat(call("PATCH", "/clubs/" + club, finn, "{\"name\":\"mine\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> joined = call("POST", "/clubs/" + club + "/join", finn, null);
        assertThat(joined.statusCode()).isEqualTo(200);
        assertThat(json(joined).path("status").asText()).isEqualTo("member");
        assertThat(call("PUT", "/users/me/following/clubs/" + club, eve, null).statusCode()).isEqualTo(204);
        JsonNode seenByEve = json(call("GET", "/clubs/" + club, eve, null));
        assertThat(seenByEve.path("member_count").asLong()).isEqualTo(2);
        assertThat(seenByEve.path("membership").asText()).as("eve left").isEqualTo("none");
        assertThat(seenByEve.path("followed_by_me").asBoolean()).as("eve follows the club").isTrue();
        JsonNode seenByFinn = json(call("GET", "/clubs/" + club, finn, null));
        assertThat(seenByFinn.path("membership").asText()).isEqualTo("member");
        assertThat(seenByFinn.path("followed_by_me").asBoolean()).isFalse();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, SocialEdge> edges = SocialTopics.latest(bootstrap, registryUrl, Topics.SOCIAL_GRAPH, this::ours);
            assertThat(edges.get(id("dora") + "|MEMBER|CLUB:" + club).getActive()).isTrue();
            assertThat(edges.get(id("dora") + "|CLUB_ADMIN|CLUB:" + club).getActive()).isTrue();
            assertThat(edges.get(id("eve") + "|MEMBER|CLUB:" + club).getActive()).isFalse();
            assertThat(edges.get(id("eve") + "|CLUB_MODERATOR|CLUB:" + club).getActive()).isFalse();
            assertThat(edges.get(id("finn") + "|MEMBER|CLUB:" + club).getActive()).isTrue();
            assertThat(edges.get(id("eve") + "|FOLLOWS|CLUB:" + club).getActive()).isTrue();
            Club record = SocialTopics.latest(bootstrap, registryUrl, Topics.CLUBS, club::equals).get(club);
            assertThat(record.getMemberCount()).isEqualTo(2);
            assertThat(record.getPrivate$()).isFalse();
            assertThat(record.getDescription()).isNull();
            assertThat(record.getRules()).isEqualTo(HOSTILE_TEXT);
            assertThat(record.getTopics()).containsExactly("tech.ai", "music.production");
            assertThat(record.getVersion()).isEqualTo(dbLong("select version from clubs where id = '" + club + "'"));
        });
    }

    @Test
    void badInputGetsItsErrorAndChangesNothing() throws Exception {
        String gina = signUp("gina");
        signUp("hank");
        Map<String, Long> before = counts();
        // The sign-ups' records are on Kafka once the relay has emptied the outbox (it deletes after the acks):
        // only then do the end offsets mark "before the bad requests".
        await().atMost(Duration.ofSeconds(30)).until(() -> dbLong("select count(*) from outbox") == 0);
        Map<String, Long> offsets = endOffsets();

        // Malformed usernames and a duplicate one.
        String newcomer = token("ivan");
        for (String name : List.of("ab", "A_upper", "x".repeat(31), "has-dash", "has space", "émile", "")) {
            HttpResponse<String> r = api.outsideContract("POST", "/users", newcomer,
                    "{\"username\":\"" + name + "\",\"display_name\":\"Ivan\"}");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("invalid_request");
        }
        HttpResponse<String> duplicate = call("POST", "/users", newcomer, "{\"username\":\"gina_" + RUN + "\",\"display_name\":\"Ivan\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate).path("error").asText()).isEqualTo("conflict");
        assertThat(call("POST", "/users", gina, "{\"username\":\"other_" + RUN + "\",\"display_name\":\"G\"}").statusCode())
                .as("a second profile").isEqualTo(409);
        assertThat(call("POST", "/users", newcomer,
                "{\"username\":\"ivan_" + RUN + "\",\"display_name\":\"Ivan\",\"avatar_url\":\"javascript:alert(1)\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/users", newcomer, "{\"username\":\"ivan_" + RUN + "\",\"display_name\":\"Ivan\u202Eevil\"}")
                .statusCode()).as("a bidi override (text rules)").isEqualTo(400);

        // Following yourself, a missing user, club or topic; a weight out of range; not signed up.
        assertThat(call("PUT", "/users/me/following/users/" + id("gina"), gina, null).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/users/me/blocks/" + id("gina"), gina, null).statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/users/me/following/users/nobody-" + RUN, gina, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/users/me/following/clubs/c-nothing-" + RUN, gina, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/users/me/following/topics/tech.nothing", gina, null).statusCode()).isEqualTo(404);
        assertThat(api.outsideContract("PUT", "/users/me/following/topics/tech.ai", gina, "{\"weight\":1.5}")
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/users/me/following/users/" + id("gina"), newcomer, null).statusCode())
                .as("not signed up").isEqualTo(403);
        assertThat(call("POST", "/clubs", gina, "{\"name\":\"Jazz\",\"topics\":[\"no.such\"]}").statusCode()).isEqualTo(400);

        // JSON types as documented, no coercion: each answered 400 naming the field.
        Map<String, String> wrongTypes = new java.util.LinkedHashMap<>();
        wrongTypes.put("POST /users {\"username\":12345,\"display_name\":\"Ivan\"}", "username must be a string");
        wrongTypes.put("POST /clubs {\"name\":\"Jazz\",\"private\":\"yes\"}", "private must be true or false");
        wrongTypes.put("POST /clubs {\"name\":\"Jazz\",\"topics\":\"tech.ai\"}", "topics must be an array of strings");
        wrongTypes.put("PATCH /users/me {\"display_name\":true}", "display_name must be a string");
        wrongTypes.put("PUT /users/me/following/topics/tech.ai {\"weight\":\"0.5\"}", "weight must be a number");
        wrongTypes.put("POST /clubs [1,2]", "the body must be a JSON object");
        for (Map.Entry<String, String> wrong : wrongTypes.entrySet()) {
            String[] parts = wrong.getKey().split(" ", 3);
            HttpResponse<String> r = api.outsideContract(parts[0], parts[1],
                    parts[1].equals("/users") ? newcomer : gina, parts[2]);
            assertThat(r.statusCode()).as(wrong.getKey()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).isEqualTo("invalid_request");
            assertThat(json(r).path("message").asText()).as(wrong.getKey()).contains(wrong.getValue());
        }

        // Forged and tampered cursors.
        for (String cursor : List.of("abc.def", "MTIzOnU.AAAAAAAAAAAAAAAAAAAAAA", "nodot")) {
            HttpResponse<String> r = call("GET", "/users/" + id("gina") + "/followers?cursor=" + cursor, gina, null);
            assertThat(r.statusCode()).as(cursor).isEqualTo(400);
            assertThat(json(r).path("message").asText()).isEqualTo("invalid cursor");
        }

        // An oversized body: 413, not read.
        HttpResponse<String> big = api.outsideContract("POST", "/users", newcomer,
                "{\"username\":\"ivan_" + RUN + "\",\"display_name\":\"Ivan\",\"bio\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(json(big).path("error").asText()).isEqualTo("payload_too_large");

        // Nothing changed: no row; and a marker change, once on Kafka, is the first record after the bad requests.
        assertThat(counts()).isEqualTo(before);
        assertThat(call("PUT", "/users/me/following/users/" + id("hank"), gina, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> after = new ArrayList<>();
            for (var topic : SocialTopics.ALL) {
                for (var r : SocialTopics.readAll(bootstrap, registryUrl, topic, this::ours)) {
                    if (r.offset() >= offsets.getOrDefault(topic.name() + "-" + r.partition(), 0L)) {
                        after.add(r.topic() + " " + r.key());
                    }
                }
            }
            assertThat(after).containsExactlyInAnyOrder(
                    "social-graph " + id("gina") + "|FOLLOWS|USER:" + id("hank"),
                    "user-profiles " + id("gina"), "user-profiles " + id("hank"));
        });
    }

    @Test
    void writesOverTheLimitAreAnswered429AndChangeNothing() throws Exception {
        String rita = signUp("rita");
        signUp("sam");
        // The default limit: 120 writes per minute per user (the sign-up was the first).
        for (int i = 1; i < 120; i++) {
            String method = i % 2 == 1 ? "PUT" : "DELETE";
            assertThat(call(method, "/users/me/following/users/" + id("sam"), rita, null).statusCode()).as("write " + i)
                    .isEqualTo(204);
        }
        assertThat(dbLong("select count(*) from user_follows where follower_id = '" + id("rita") + "'")).isOne();
        HttpResponse<String> over = call("DELETE", "/users/me/following/users/" + id("sam"), rita, null);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(over).path("error").asText()).isEqualTo("rate_limited");
        assertThat(json(over).path("retry_after_ms").asLong()).isBetween(1L, 60_000L);
        assertThat(dbLong("select count(*) from user_follows where follower_id = '" + id("rita") + "'"))
                .as("the refused unfollow changed nothing").isOne();
        // Reads are not limited; another user's writes are not.
        assertThat(call("GET", "/users/me", rita, null).statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/users/me/following/users/" + id("rita"), token("sam"), null).statusCode()).isEqualTo(204);
    }

    // ---- helpers

    private boolean ours(String key) {
        return key != null && key.contains(RUN);
    }

    private static String id(String name) {
        return name + "-" + RUN;
    }

    private static String token(String name) throws Exception {
        return api.token(id(name));
    }

    private static String signUp(String name) throws Exception {
        String token = token(name);
        HttpResponse<String> r = api.createUser(token, id(name), name);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).contains("/users/" + id(name));
        return token;
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return api.call(method, path, token, body);
    }

    private static Connection db() throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        return DriverManager.getConnection(databaseUrl, props);
    }

    private static long dbLong(String sql) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows of every table of the API, and the sum of its counters (so an update shows too). */
    private static Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("users", "invites", "clubs", "club_members", "club_join_requests", "user_follows",
                "club_follows", "topic_follows", "blocks")) {
            counts.put(table, dbLong("select count(*) from " + table));
        }
        counts.put("users.version", dbLong("select coalesce(sum(version), 0) from users"));
        counts.put("clubs.version", dbLong("select coalesce(sum(version), 0) from clubs"));
        return counts;
    }

    private static Map<String, Long> endOffsets() {
        Map<String, Long> ends = new LinkedHashMap<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", bootstrap), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            for (var topic : SocialTopics.ALL) {
                for (int p = 0; p < topic.partitions(); p++) {
                    var tp = new org.apache.kafka.common.TopicPartition(topic.name(), p);
                    ends.put(topic.name() + "-" + p, consumer.endOffsets(List.of(tp)).get(tp));
                }
            }
        }
        return ends;
    }
}
