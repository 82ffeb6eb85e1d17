package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end with real WebSocket clients: two gateway nodes (in this JVM), room-state-stream (its
 * own JVM, from its module build), the real broker, registry and Redis.
 */
@IntegrationTest
class GatewayEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static ServiceProcess roomState;
    private static TestGateway nodeA;
    private static TestGateway nodeB;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), RUN);
        nodeA = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-a"));
        nodeB = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-b"));
        portA = nodeA.port();
        portB = nodeB.port();
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (roomState != null) {
            roomState.close();
        }
    }

    @Test
    void joinersSeeASnapshotThenTheStreamAcrossTwoNodesAndAResumeMissesNothing() throws Exception {
        RecordingClient carol = RecordingClient.identified(url(portA), "carol-" + RUN);
        carol.send("op", "join", "room", "no-such-room-" + RUN, "nonce", "j-nowhere");
        // No such room: the join is rejected with a reason, to this client only.
        JsonNode rejected = carol.expect(f -> f.path("op").asText().equals("COMMAND_RESULT")
            && f.path("nonce").asText().equals("j-nowhere"));
        assertThat(rejected.path("outcome").asText()).isEqualTo("rejected");
        assertThat(rejected.path("reason").asText()).isEqualTo("unknown_room");

        String room = nodeA.createRoom("host-" + RUN);
        RecordingClient ann = RecordingClient.identified(url(portB), "ann-" + RUN);
        ann.send("op", "join", "room", room, "nonce", "j-ann");
        JsonNode annSnapshot = ann.expect(op("SNAPSHOT"));
        assertThat(annSnapshot.toString()).contains("ann-" + RUN, "host-" + RUN);
        ann.expect(f -> f.path("op").asText().equals("COMMAND_RESULT") && f.path("outcome").asText().equals("applied"));

        RecordingClient bob = RecordingClient.identified(url(portA), "bob-" + RUN);
        bob.send("op", "join", "room", room, "nonce", "j-bob");
        assertThat(bob.expect(op("SNAPSHOT")).toString()).contains("ann-" + RUN, "bob-" + RUN);
        ann.expect(dispatch("participant_joined", "bob-" + RUN));
        JsonNode lastSeen = ann.last(op("DISPATCH"));
        assertThat(lastSeen).isNotNull();

        // ann drops; bob raises his hand meanwhile; ann resumes on the other node and misses nothing.
        String annSession = ann.expect(op("READY")).path("session_id").asText();
        ann.abort();
        bob.send("op", "raise_hand", "room", room, "nonce", "h-bob");
        bob.expect(dispatch("hand_raised", "bob-" + RUN));
        RecordingClient annAgain = RecordingClient.connect(RecordingClient.webSocketUrl(url(portA)));
        annAgain.expect(op("HELLO"));
        annAgain.resume(RecordingClient.devToken(url(portA), "ann-" + RUN), annSession, room, lastSeen);
        annAgain.expect(op("RESUMED"));
        // Node A streams the room (bob is there), so it replays exactly the missed fact from its room log.
        JsonNode missed = annAgain.expect(f -> op("DISPATCH").test(f) || op("SNAPSHOT").test(f));
        assertThat(missed.path("op").asText()).isEqualTo("DISPATCH");
        assertThat(missed.path("t").asText()).isEqualTo("hand_raised");
        assertThat(missed.path("data").path("participant_id").asText()).isEqualTo("bob-" + RUN);
        assertThat(annAgain.frames().stream().filter(op("DISPATCH")).count()).as("nothing else replayed").isEqualTo(1);
        assertThat(bob.frames().stream().filter(op("DISPATCH")).map(f -> f.path("seq").asText()).toList())
            .doesNotHaveDuplicates();
    }

    @Test
    void badInputGetsItsDocumentedErrorAndTheSessionKeepsRunning() throws Exception {
        RecordingClient before = RecordingClient.connect(RecordingClient.webSocketUrl(url(portA)));
        before.expect(op("HELLO"));
        before.send("op", "join", "room", "r", "nonce", "n1");
        assertThat(before.closed().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
        assertThat(before.closeReason()).as("named once").startsWith("not_authenticated: ")
            .doesNotContain("not_authenticated: not_authenticated");

        RecordingClient garbled = RecordingClient.connect(RecordingClient.webSocketUrl(url(portA)));
        garbled.expect(op("HELLO"));
        garbled.send("{not json, and long enough that the decoder's message with it would pass 123 bytes: "
            + "é".repeat(80));
        assertThat(garbled.closed().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4002);
        assertThat(garbled.closeReason()).startsWith("decode_error: ").doesNotContain("decode_error: decode_error");
        assertThat(garbled.closeReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .as("RFC 6455 section 5.5: payload (2-byte code + reason) <= 125 bytes").isLessThanOrEqualTo(123);

        RecordingClient client = RecordingClient.identified(url(portA), "carol-" + RUN);
        client.send("{not json");
        client.send("op", "dance", "room", "r", "nonce", "n2");
        client.send("op", "kick", "room", "r", "nonce", "n3");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.frames().stream().filter(op("ERROR")).count() >= 3);
        assertThat(client.frames().stream().filter(op("ERROR")).map(f -> f.path("error").asText()))
            .contains("decode_error", "unknown_op");
        client.send("op", "HEARTBEAT");
        client.expect(op("HEARTBEAT_ACK"));
        assertThat(client.closed()).isNotDone();

        RecordingClient forged = RecordingClient.connect(RecordingClient.webSocketUrl(url(portA)));
        forged.expect(op("HELLO"));
        forged.send("op", "IDENTIFY", "token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.forged");
        assertThat(forged.closed().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4004);
    }

    @Test
    void everyFrameTheServerSendsConformsToTheAsyncApiDocument() throws Exception {
        AsyncApiFrames document = new AsyncApiFrames(Path.of("..", "docs", "asyncapi.json"));
        // The check is not vacuous: a wrong type, an enum value (behind a $ref) and an unknown op fail it.
        assertThat(document.problems(JSON.readTree("{\"op\":\"HELLO\",\"heartbeat_interval_ms\":\"15s\"}"))).isNotEmpty();
        assertThat(document.problems(JSON.readTree("""
            {"op":"DISPATCH","t":"participant_joined","room":"r","seq":1,"epoch":0,"event_id":"e","occurred_at":1,
             "data":{"participant_id":"u","role":"LISTENER"}}"""))).isNotEmpty();
        assertThat(document.problems(JSON.readTree("{\"op\":\"TELEPORT\"}")))
            .containsExactly("no message in the document for op TELEPORT");
        String room = nodeA.createRoom("aa-host-" + RUN);
        RecordingClient client = RecordingClient.identified(url(portA), "aa-" + RUN);
        client.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        client.expect(op("HEARTBEAT_ACK"));
        client.send("op", "join", "room", room, "nonce", "aa-join");
        client.expect(op("SNAPSHOT"));
        client.expect(result("aa-join", "applied"));
        client.send("op", "raise_hand", "room", room, "nonce", "aa-hand");
        client.expect(dispatch("hand_raised", "aa-" + RUN));
        client.expect(result("aa-hand", "applied"));
        client.command("kick", room, "aa-kick", "aa-host-" + RUN);
        client.expect(result("aa-kick", "rejected"));
        client.send("op", "dance", "room", room, "nonce", "aa-dance");
        client.expect(op("ERROR"));
        String session = client.expect(op("READY")).path("session_id").asText();
        RecordingClient resumed = RecordingClient.connect(RecordingClient.webSocketUrl(url(portB)));
        resumed.expect(op("HELLO"));
        resumed.resume(RecordingClient.devToken(url(portB), "aa-" + RUN), session, null, null);
        resumed.expect(op("RESUMED"));

        List<JsonNode> sent = new ArrayList<>(client.frames());
        sent.addAll(resumed.frames());
        assertThat(sent.stream().map(f -> f.path("op").asText()).distinct())
            .contains("HELLO", "READY", "HEARTBEAT_ACK", "SNAPSHOT", "DISPATCH", "COMMAND_RESULT", "ERROR", "RESUMED");
        for (JsonNode frame : sent) {
            assertThat(document.problems(frame)).as(frame.toString()).isEmpty();
        }
    }

    private static String url(int port) {
        return "http://localhost:" + port;
    }

    private static Predicate<JsonNode> result(String nonce, String outcome) {
        return f -> op("COMMAND_RESULT").test(f) && f.path("nonce").asText().equals(nonce)
            && f.path("outcome").asText().equals(outcome);
    }

    /** POST /rooms as {@code host}; returns the new room's id once the room exists. */
}
