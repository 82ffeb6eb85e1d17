package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A room's language through {@code update_room} (docs/protocol.md, "language"), against a real gateway node and
 * room-state-stream: set (in canonical case), refused when malformed (ERROR 4002 with the nonce, nothing changes),
 * cleared with {@code ""}; each change is a {@code room_updated} DISPATCH and shows in {@code GET /rooms/{id}} (the
 * Redis read model room-state-stream writes). Every REST exchange is checked against docs/openapi.yml.
 */
@IntegrationTest
class RoomLanguageIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ServiceProcess roomState;
    private static TestGateway gateway;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), "lang-" + RUN);
        gateway = TestGateway.start(kafka, registry, redis, java.util.Map.of("roomcast.gateway.node-id", "gateway-lang"));
    }

    @AfterAll
    static void stop() {
        TestGateway.closeAll(gateway, roomState);
    }

    @Test
    void aModeratorSetsTheLanguageAMalformedOneChangesNothingAndAnEmptyOneClearsIt() throws Exception {
        String host = "host-" + RUN;
        String room = gateway.createRoom(host, "{\"title\":\"Lingua\",\"visibility\":\"public\",\"language\":\"en\"}");
        RecordingClient h = RecordingClient.identified(gateway.url(), host);
        h.command("join", room, "j-host", null);
        h.expect(op("SNAPSHOT"));
        try (OpenApiTraffic rest = OpenApiTraffic.create()) {
            String token = rest.devToken(gateway.url(), host);
            assertThat(roomView(rest, token, room).path("language").asText()).isEqualTo("en");

            update(h, room, "set", "pt-br");
            JsonNode set = h.expect(roomUpdated("set"));
            assertThat(set.path("data").path("language").asText()).as("canonical case").isEqualTo("pt-BR");
            assertThat(set.path("data").path("language_cleared").asBoolean()).isFalse();
            await().atMost(WAIT).until(() -> roomView(rest, token, room).path("language").asText().equals("pt-BR"));

            update(h, room, "bad", "en_US");
            JsonNode error = h.expect(f -> op("ERROR").test(f) && f.path("nonce").asText().equals("bad"));
            assertThat(error.path("code").asInt()).isEqualTo(4002);
            assertThat(error.path("error").asText()).isEqualTo("decode_error");
            assertThat(error.path("message").asText())
                .isEqualTo("field args.language is not a well-formed BCP 47 language tag (RFC 5646, e.g. en, pt-BR)");
            var retitle = h.frame("update_room").put("room", room).put("nonce", "retitle");
            retitle.putObject("args").put("title", "Lingua franca");
            h.send(retitle);
            JsonNode retitled = h.expect(roomUpdated("retitle"));
            assertThat(retitled.path("data").path("language").isNull()).as("the title alone changed").isTrue();
            assertThat(h.frames()).as("the malformed update reached nothing").noneMatch(roomUpdated("bad"));
            await().atMost(WAIT).until(() -> roomView(rest, token, room).path("title").asText().equals("Lingua franca"));
            assertThat(roomView(rest, token, room).path("language").asText()).isEqualTo("pt-BR");

            update(h, room, "clear", "");
            JsonNode cleared = h.expect(roomUpdated("clear"));
            assertThat(cleared.path("data").path("language_cleared").asBoolean()).isTrue();
            assertThat(cleared.path("data").path("language").isNull()).isTrue();
            await().atMost(WAIT).until(() -> !roomView(rest, token, room).hasNonNull("language"));
            assertThat(roomView(rest, token, room).path("title").asText()).as("the rest kept").isEqualTo("Lingua franca");
        }
    }

    private static void update(RecordingClient moderator, String room, String nonce, String language) {
        var frame = moderator.frame("update_room").put("room", room).put("nonce", nonce);
        frame.putObject("args").put("language", language);
        moderator.send(frame);
    }

    private static Predicate<JsonNode> roomUpdated(String nonce) {
        return f -> op("DISPATCH").test(f) && f.path("t").asText().equals("room_updated")
            && f.path("nonce").asText().equals(nonce);
    }

    private static JsonNode roomView(OpenApiTraffic rest, String token, String room) throws Exception {
        var response = rest.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/rooms/" + room))
            .header("Authorization", "Bearer " + token).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
