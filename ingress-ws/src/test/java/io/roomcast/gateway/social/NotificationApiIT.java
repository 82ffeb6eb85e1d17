package io.roomcast.gateway.social;

import static io.roomcast.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.events.NotificationFrequency;
import io.roomcast.events.NotificationSettings;
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
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification inbox and preferences API served by a gateway node on the real PostgreSQL (a database of its own,
 * the gateway's Flyway making schema notify), broker and registry: pages, the unread count, marking read, another
 * user's notification not found, preferences with their notification-settings record, and the bad input of issue 14
 * answered 400 while changing nothing. Every exchange is validated against docs/openapi.yml.
 */
@IntegrationTest
class NotificationApiIT {
    /** The Redis database of this test's services ({@link GatewayFixture}). */
    private static final int REDIS_DB = 2;
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static GatewayFixture api;
    private static String databaseUrl;
    private static String bootstrap;
    private static String registryUrl;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.registryApiUrl();
        api = new GatewayFixture(kafka, registry, redis, REDIS_DB).gateway("notification_api_it", Map.of());
        databaseUrl = api.databaseUrl();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theInboxPagesNewestFirstCountsUnreadAndMarksReadUpToANotification() throws Exception {
        String alice = signUp("alice");
        String bob = signUp("bob");
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID id : ids) {
            insert(id, id("alice"), "FOLLOWED_STARTED_ROOM");
        }
        UUID bobs = UUID.randomUUID();
        insert(bobs, id("bob"), "SPEAKER_INVITE");

        JsonNode first = json(call("GET", "/notifications?limit=2", alice, null));
        assertThat(first.path("items").findValuesAsText("id")).containsExactly(ids.get(2).toString(), ids.get(1).toString());
        assertThat(first.path("items").get(0).path("kind").asText()).isEqualTo("followed_started_room");
        assertThat(first.path("items").get(0).path("read").asBoolean()).isFalse();
        assertThat(first.path("unread_count").asLong()).isEqualTo(3);
        String cursor = URLEncoder.encode(first.path("next_cursor").asText(), StandardCharsets.UTF_8);
        JsonNode second = json(call("GET", "/notifications?limit=2&cursor=" + cursor, alice, null));
        assertThat(second.path("items").findValuesAsText("id")).containsExactly(ids.get(0).toString());
        assertThat(second.has("next_cursor")).isFalse();

        HttpResponse<String> marked = call("POST", "/notifications/read", alice, "{\"up_to_id\":\"" + ids.get(1) + "\"}");
        assertThat(marked.statusCode()).isEqualTo(200);
        assertThat(json(marked).path("unread_count").asLong()).isEqualTo(1);
        assertThat(json(call("POST", "/notifications/read", alice, "{\"up_to_id\":\"" + ids.get(0) + "\"}"))
            .path("unread_count").asLong()).as("a mark never moves back").isEqualTo(1);
        JsonNode after = json(call("GET", "/notifications", alice, null));
        assertThat(after.path("items").findValuesAsText("read")).containsExactly("false", "true", "true");

        HttpResponse<String> others = call("POST", "/notifications/read", alice, "{\"up_to_id\":\"" + bobs + "\"}");
        assertThat(others.statusCode()).as("another user's inbox").isEqualTo(404);
        assertThat(json(others).path("error").asText()).isEqualTo("not_found");
        assertThat(json(call("GET", "/notifications", bob, null)).path("unread_count").asLong()).isEqualTo(1);
        assertThat(json(call("GET", "/notifications", alice, null)).path("items")).hasSize(3);

        HttpResponse<String> forged = call("GET", "/notifications?cursor=" + cursor + "x", alice, null);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json(forged).path("error").asText()).isEqualTo("invalid_request");
        assertThat(outsideContract("GET", "/notifications?limit=101", alice, null).statusCode()).isEqualTo(400);
        assertThat(call("POST", "/notifications/read", alice, "{\"up_to_id\":\"nope\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void preferencesAreValidatedStoredAndWrittenToTheirTopic() throws Exception {
        String carol = signUp("carol");
        signUp("dave");
        JsonNode defaults = json(call("GET", "/users/me/notification-settings", carol, null));
        assertThat(defaults.path("frequency").asText()).isEqualTo("normal");
        assertThat(defaults.path("time_zone").asText()).isEqualTo("UTC");
        assertThat(defaults.has("quiet_hours")).isFalse();

        String settings = "{\"muted_user_ids\":[\"" + id("dave") + "\"],\"frequency\":\"rarely\","
            + "\"quiet_hours\":{\"start\":\"22:00\",\"end\":\"07:00\"},\"time_zone\":\"Europe/Paris\"}";
        HttpResponse<String> put = call("PUT", "/users/me/notification-settings", carol, settings);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode stored = json(call("GET", "/users/me/notification-settings", carol, null));
        assertThat(stored.path("muted_user_ids").get(0).asText()).isEqualTo(id("dave"));
        assertThat(stored.path("quiet_hours").path("start").asText()).isEqualTo("22:00");
        assertThat(stored.path("quiet_hours").path("end").asText()).isEqualTo("07:00");
        assertThat(stored.path("frequency").asText()).isEqualTo("rarely");

        for (String bad : List.of(
                "{\"time_zone\":\"Mars/Olympus\"}",
                "{\"quiet_hours\":{\"start\":\"22:00\",\"end\":\"24:00\"}}",
                "{\"quiet_hours\":{\"start\":\"25:30\",\"end\":\"07:00\"}}",
                "{\"muted_user_ids\":[\"nobody-" + RUN + "\"]}",
                "{\"muted_club_ids\":[\"no-club-" + RUN + "\"]}",
                "{\"quiet_hours\":{\"start\":\"22:00\"}}",
                "{\"frequency\":\"hourly\"}")) {
            boolean documented = !bad.contains("hourly") && !bad.endsWith("\"22:00\"}}");
            HttpResponse<String> refused = documented ? call("PUT", "/users/me/notification-settings", carol, bad)
                : outsideContract("PUT", "/users/me/notification-settings", carol, bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused).path("error").asText()).isEqualTo("invalid_request");
        }
        assertThat(json(call("GET", "/users/me/notification-settings", carol, null))).as("refusals change nothing")
            .isEqualTo(stored);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, NotificationSettings> records = SocialTopics.latest(bootstrap, registryUrl,
                Topics.NOTIFICATION_SETTINGS, key -> key != null && key.contains(RUN));
            assertThat(records).containsOnlyKeys(id("carol"));
            NotificationSettings record = records.get(id("carol"));
            assertThat(record.getVersion()).isEqualTo(1);
            assertThat(record.getMutedUserIds()).containsExactly(id("dave"));
            assertThat(record.getFrequency()).isEqualTo(NotificationFrequency.RARELY);
            assertThat(record.getQuietStartMinute()).isEqualTo(22 * 60);
            assertThat(record.getQuietEndMinute()).isEqualTo(7 * 60);
            assertThat(record.getTimeZone()).isEqualTo("Europe/Paris");
        });
    }

    private static void insert(UUID id, String userId, String kind) throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             PreparedStatement insert = db.prepareStatement("insert into notify.inbox (event_id, user_id, occurred_at, "
                 + "kind, title, body) values (?, ?, ?, ?, 'host started a room', 'Jazz')")) {
            insert.setObject(1, id);
            insert.setString(2, userId);
            insert.setLong(3, System.currentTimeMillis());
            insert.setString(4, kind);
            insert.executeUpdate();
        }
    }

    private static String id(String name) {
        return name + "-" + RUN;
    }

    private static String signUp(String name) throws Exception {
        return api.signUp(id(name), name);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return api.call(method, path, token, body);
    }

    /** A request docs/openapi.yml itself refuses (a limit over its maximum, a value outside an enum, a required field missing). */
    private static HttpResponse<String> outsideContract(String method, String path, String token, String body)
            throws Exception {
        return api.outsideContract(method, path, token, body);
    }
}
