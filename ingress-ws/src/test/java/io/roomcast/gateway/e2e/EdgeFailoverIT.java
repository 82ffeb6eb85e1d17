package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.clients.media.FrameCheck;
import io.roomcast.clients.media.MediaMoves;
import io.roomcast.clients.media.RtpSpeaker;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.media.SpeechListener;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Media edge fail-over (issue 19; docs/media-protocol.md, "When an edge dies"; docs/protocol.md, "Media
 * fail-over") with every part real: Kafka, the registry, Redis, room-state-stream and two media edges in their own
 * JVMs, the gateway in this one, real UDP. A room's origin edge is killed ({@code kill -9}); once its registration
 * lapses (TTL 1 s here) the room's connected sessions get {@code media_moved} (checked against docs/asyncapi.json; a
 * session away at the lapse gets it when it resumes),
 * their new media tokens name the surviving edge, and the speaker is heard through it again. Redis database
 * {@value #REDIS_DB}: its set of edges is this test's.
 */
@IntegrationTest
class EdgeFailoverIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int REDIS_DB = 12;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Edges heartbeat every 200 ms with a registration TTL of 1 s: a dead edge lapses within about 1 s. */
    private static final Map<String, String> FAST_EDGE = Map.of("roomcast.media.heartbeat-interval", "200ms",
        "roomcast.media.registration-ttl", "1s");

    private static ServiceProcess roomState;
    private static ServiceProcess edgeA;
    private static ServiceProcess edgeB;
    private static TestGateway gateway;
    private static OpenApiTraffic http;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        String redisUri = redis.uri() + "/" + REDIS_DB;
        roomState = TestGateway.startRoomState(kafka, registry, redisUri, "failover-" + RUN);
        // "a" sorts first: at equal load the room's origin (docs/media-protocol.md, "Assignment").
        edgeA = TestGateway.startMediaEdge(kafka, registry, redisUri, "failover-" + RUN, "edge-a-" + RUN, FAST_EDGE);
        edgeB = TestGateway.startMediaEdge(kafka, registry, redisUri, "failover-" + RUN, "edge-b-" + RUN, FAST_EDGE);
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.redis-uri", redisUri,
            "roomcast.gateway.node-id", "gateway-failover", "roomcast.gateway.media.failover-check-interval", "200ms"));
        http = OpenApiTraffic.create();
        timer = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
        TestGateway.closeAll(gateway, edgeA, edgeB, roomState);
    }

    @Test
    void whenTheOriginDiesTheRoomsSessionsAreToldAndTheirNewTokensNameTheLiveEdgeWhereAudioFlowsAgain()
            throws Exception {
        String host = "host-" + RUN;
        String ann = "ann-" + RUN;
        String room = gateway.createRoom(host);
        RecordingClient h = joined(room, host, "j-host");
        String bob = "bob-" + RUN;
        RecordingClient b = joined(room, bob, "j-bob");
        RecordingClient a = joined(room, ann, "j-ann");
        String bobSession = b.expect(op("READY")).path("session_id").asText();
        JsonNode bobLast = b.expect(f -> "DISPATCH".equals(f.path("op").asText()) && f.has("seq")
            && ann.equals(f.path("data").path("participant_id").asText()));
        String dead = "edge-a-" + RUN;
        String survivor = "edge-b-" + RUN;

        JsonNode hostToken = mediaToken(room, host);
        JsonNode annToken = mediaToken(room, ann);
        assertThat(hostToken.path("edge").asText()).as("the room's origin").isEqualTo(dead);
        assertThat(annToken.path("edge").asText()).as("the listener on the origin").isEqualTo(dead);
        heard(hostToken, annToken);

        b.abort(); // bob's connection drops: away when the edge dies
        ProcessHandle.of(edgeA.pid()).ifPresent(ProcessHandle::destroyForcibly);

        Predicate<JsonNode> moved = MediaMoves.of(room);
        JsonNode toHost = h.expect(moved);
        JsonNode toAnn = a.expect(moved);
        AsyncApiFrames document = new AsyncApiFrames(Path.of("../docs/asyncapi.json"));
        for (JsonNode frame : List.of(toHost, toAnn)) {
            assertThat(document.problems(frame)).as(frame.toString()).isEmpty();
            assertThat(frame.path("data").path("edge_ids")).containsExactly(JSON.getNodeFactory().textNode(dead));
            assertThat(frame.path("data").path("origin_died").asBoolean()).isTrue();
            assertThat(frame.has("room")).as("not a room fact: no room, seq or epoch").isFalse();
        }
        assertThat(MediaMoves.affects(toHost, hostToken.path("token").asText())).as("the client must bind again").isTrue();
        assertThat(MediaMoves.affects(toAnn, annToken.path("token").asText())).isTrue();
        assertThat(gateway.context().getBean(MeterRegistry.class).counter("roomcast.gateway.media.moved.sessions",
            "origin_died", "true").count()).isGreaterThanOrEqualTo(2);

        // Bob resumes after the lapse was told: he gets the room's media_moved then (his token names the dead edge).
        RecordingClient back = RecordingClient.connect(RecordingClient.webSocketUrl(gateway.url()));
        back.expect(op("HELLO"));
        back.resume(http.devToken(gateway.url(), bob), bobSession, room, bobLast);
        back.expect(op("RESUMED"));
        JsonNode toBob = back.expect(moved);
        assertThat(document.problems(toBob)).as(toBob.toString()).isEmpty();
        assertThat(toBob.path("data").path("edge_ids")).containsExactly(JSON.getNodeFactory().textNode(dead));
        assertThat(toBob.path("data").path("origin_died").asBoolean()).isTrue();

        JsonNode hostAgain = mediaToken(room, host);
        JsonNode annAgain = mediaToken(room, ann);
        assertThat(hostAgain.path("edge").asText()).as("the new origin").isEqualTo(survivor);
        assertThat(annAgain.path("edge").asText()).isEqualTo(survivor);
        heard(hostAgain, annAgain);
        assertThat(h.frames().stream().filter(moved)).as("told once").hasSize(1);
    }

    /** The speaker of {@code speakerToken} binds and speaks; the listener of {@code listenerToken} hears it. */
    private static void heard(JsonNode speakerToken, JsonNode listenerToken) throws Exception {
        SpeechClip clip = SpeechClip.load(Path.of(System.getProperty("roomcast.speech.dir"), "speaker1.opus"));
        int ssrc = ThreadLocalRandom.current().nextInt();
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 0);
        try (RtpSpeaker speaker = new RtpSpeaker(clip, ssrc, address(speakerToken), local)) {
            FrameCheck check = new FrameCheck(List.of(speaker));
            FrameCheck.Receiver receiver = check.receiver();
            try (SpeechListener listener = new SpeechListener(ssrc + 1, address(listenerToken), local, receiver)) {
                assertThat(speaker.bind(speakerToken.path("token").asText(), timer, 500).success()).isTrue();
                assertThat(listener.start(listenerToken.path("token").asText(), timer, 500).success()).isTrue();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    speaker.sendNext();
                    return receiver.frames(ssrc) >= 5;
                });
            }
        }
    }

    private static InetSocketAddress address(JsonNode token) {
        String hostPort = token.path("edge_address").asText();
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** {@code user} identified and in {@code room} (its SNAPSHOT and applied result received). */
    private static RecordingClient joined(String room, String user, String nonce) throws Exception {
        RecordingClient c = RecordingClient.identified(gateway.url(), user);
        c.command("join", room, nonce, null);
        c.expect(op("SNAPSHOT"));
        return c;
    }

    private static JsonNode mediaToken(String room, String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(gateway.url() + "/rooms/" + room + "/media-token"))
            .header("Authorization", "Bearer " + http.devToken(gateway.url(), user))
            .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
