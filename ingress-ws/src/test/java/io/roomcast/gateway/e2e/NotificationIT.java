package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static io.roomcast.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.GatewayFixture;
import io.roomcast.gateway.TestGateway;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.ConsumerGroups;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications end to end (issue 14): the user/club API and the WebSocket on a real gateway node (this JVM),
 * room-state-stream and notification-worker in their own JVMs, on the test kit's broker, registry, Redis and
 * PostgreSQL (the gateway's database holds the inbox). Ann follows Bob over REST and is connected; Bob starts a room
 * (POST /rooms): Ann's session gets one {@code notification} DISPATCH naming the room, valid against
 * docs/asyncapi.json, and her inbox ({@code GET /notifications}, checked against docs/openapi.yml) holds the same
 * notification (id = the frame's event_id), unread; her second session (a phone) gets the same frame once too, and her
 * third, dropped before, changes nothing. Bob, the host, gets none.
 */
@IntegrationTest
class NotificationIT {
    /** The Redis database of this test's services ({@link GatewayFixture}). */
    private static final int REDIS_DB = 3;
    private static final Logger LOG = LoggerFactory.getLogger(NotificationIT.class);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String bootstrap;
    private static GatewayFixture api;
    private static TestGateway gateway;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        bootstrap = kafka.bootstrapServers();
        api = new GatewayFixture(kafka, registry, redis, REDIS_DB).roomState("notify-" + RUN)
            .gateway("notification_e2e", Map.of("roomcast.gateway.node-id", "gateway-notify"))
            .notificationWorker("notify-" + RUN);
        gateway = api.node();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aFollowerConnectedWhenTheirFolloweeStartsARoomGetsOneFrameAndOneInboxRow() throws Exception {
        AsyncApiFrames document = new AsyncApiFrames(Path.of("..", "docs", "asyncapi.json"));
        String ann = "ann-" + RUN;
        String bob = "bob-" + RUN;
        String annToken = signUp(ann);
        String bobToken = signUp(bob);
        long followsBefore = endOffsets(Topics.SOCIAL_GRAPH.name(), Topics.SOCIAL_GRAPH.partitions());
        assertThat(call("PUT", "/users/me/following/users/" + bob, annToken, null).statusCode()).isEqualTo(204);
        // The follow reaches social-graph through the gateway's outbox, then the worker: it must know it first.
        await().atMost(Duration.ofSeconds(30))
            .until(() -> endOffsets(Topics.SOCIAL_GRAPH.name(), Topics.SOCIAL_GRAPH.partitions()) > followsBefore);
        await().atMost(Duration.ofSeconds(90)).until(() -> workerCaughtUp(Topics.SOCIAL_GRAPH.name(),
            Topics.SOCIAL_GRAPH.partitions()));

        RecordingClient annSession = RecordingClient.identified(gateway.url(), ann);
        RecordingClient annPhone = RecordingClient.identified(gateway.url(), ann);
        RecordingClient.identified(gateway.url(), ann).abort();
        RecordingClient bobSession = RecordingClient.identified(gateway.url(), bob);
        annSession.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        annSession.expect(op("HEARTBEAT_ACK"));

        long asked = System.nanoTime();
        HttpResponse<String> created = call("POST", "/rooms", bobToken, "{\"title\":\"Bob live\",\"visibility\":\"public\"}");
        assertThat(created.statusCode()).isEqualTo(202);
        String room = JSON.readTree(created.body()).path("room_id").asText();
        JsonNode frame = annSession.expect(notification(room), Duration.ofSeconds(60));
        assertThat(annPhone.expect(notification(room), Duration.ofSeconds(10)).path("event_id"))
            .isEqualTo(frame.path("event_id"));
        LOG.info("notification: the follower's frame {} ms after the followee's POST /rooms",
            Duration.ofNanos(System.nanoTime() - asked).toMillis());

        assertThat(document.problems(frame)).isEmpty();
        assertThat(frame.has("room")).as("a user event, not a room fact").isFalse();
        assertThat(frame.path("data").path("kind").asText()).isEqualTo("followed_started_room");
        assertThat(frame.path("data").path("actor_id").asText()).isEqualTo(bob);
        String id = frame.path("event_id").asText();
        JsonNode inbox = await().atMost(Duration.ofSeconds(30))
            .until(() -> json(call("GET", "/notifications", annToken, null)), page -> page.path("items").size() > 0);
        assertThat(inbox.path("items")).hasSize(1);
        JsonNode item = inbox.path("items").get(0);
        assertThat(item.path("id").asText()).isEqualTo(id);
        assertThat(item.path("room_id").asText()).isEqualTo(room);
        assertThat(item.path("kind").asText()).isEqualTo("followed_started_room");
        assertThat(item.path("title").asText()).isEqualTo(frame.path("data").path("title").asText());
        assertThat(item.path("read").asBoolean()).isFalse();
        assertThat(inbox.path("unread_count").asLong()).isEqualTo(1);

        // A later frame on both sessions proves the feeds went past the notification: none doubled, none for the host.
        for (RecordingClient session : java.util.List.of(annSession, annPhone, bobSession)) {
            session.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
            session.expect(op("HEARTBEAT_ACK"));
        }
        assertThat(annSession.frames().stream().filter(notification(room)).count()).isEqualTo(1);
        assertThat(annPhone.frames().stream().filter(notification(room)).count()).isEqualTo(1);
        assertThat(bobSession.frames().stream().filter(f -> "notification".equals(f.path("t").asText()))).isEmpty();
        assertThat(json(call("GET", "/notifications", bobToken, null)).path("items")).isEmpty();
        for (JsonNode received : annSession.frames()) {
            assertThat(document.problems(received)).as(received.toString()).isEmpty();
        }
    }

    private static Predicate<JsonNode> notification(String room) {
        return f -> op("DISPATCH").test(f) && "notification".equals(f.path("t").asText())
            && room.equals(f.path("data").path("room_id").asText());
    }

    private static long endOffsets(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Whether notification-worker's committed offsets reached the end of {@code topic}. */
    private static boolean workerCaughtUp(String topic, int partitions) throws Exception {
        return ConsumerGroups.caughtUp(bootstrap, "notify-e2e-notify-" + RUN, topic, partitions);
    }

    private static String signUp(String user) throws Exception {
        return api.signUp(user, user);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return api.call(method, path, token, body);
    }
}
