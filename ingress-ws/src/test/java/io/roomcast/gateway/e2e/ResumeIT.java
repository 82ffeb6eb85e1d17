package io.roomcast.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.devstack.servers.Ports;
import io.roomcast.devstack.servers.RedisServer;
import io.roomcast.devstack.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RESUME on a running gateway with the real broker, registry and Redis: a gap older than the room
 * log (kept small here: 5 facts) is served from Kafka by offset, exactly; a forged or unknown
 * session id and another user's session get INVALID_SESSION. Room facts are written to room-events
 * directly, as room-state-stream would.
 */
@IntegrationTest
class ResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static ApplicationContext gateway;
    private static int port;
    private static KafkaProducer<String, RoomEvent> facts;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        port = Ports.free();
        gateway = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", port,
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "roomcast.registry-url", registry.registryApiUrl(),
            "roomcast.redis-uri", redis.uri(),
            "roomcast.gateway.dev-tokens.enabled", true,
            "roomcast.gateway.room-log.max-facts", 5)).getApplicationContext();
        Map<String, Object> serdes = EventSerdes.config(registry.registryApiUrl());
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer());
    }

    @AfterAll
    static void stop() {
        if (facts != null) {
            facts.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aGapOlderThanTheRoomLogIsReplayedFromKafkaExactlyWithoutAFreshSnapshot() throws Exception {
        String room = "resume-" + RUN;
        RecordMetadata first = write(room, 1);
        // Two sessions enter the room by resuming from its first fact: bob keeps the room on this node.
        Client bob = Client.identified("bob-" + RUN);
        bob.drop();
        Client bobIn = Client.resume("bob-" + RUN, bob.sessionId, room, first.offset(), first.partition(), 1);
        Client ann = Client.identified("ann-" + RUN);
        ann.drop();
        Client annIn = Client.resume("ann-" + RUN, ann.sessionId, room, first.offset(), first.partition(), 1);
        List<Long> seen = new ArrayList<>();
        for (int v = 2; v <= 4; v++) {
            seen.add(write(room, v).offset());
        }
        annIn.await(dispatchAt(seen.getLast()));
        assertThat(annIn.seqs()).containsExactlyElementsOf(seen);

        // ann drops; 8 facts follow: more than the room log keeps (5).
        annIn.drop();
        List<Long> missed = new ArrayList<>();
        for (int v = 5; v <= 12; v++) {
            missed.add(write(room, v).offset());
        }
        bobIn.await(dispatchAt(missed.getLast()));
        Client annBack = Client.resume("ann-" + RUN, annIn.sessionId, room, seen.getLast(), first.partition(), 4);
        annBack.await(dispatchAt(missed.getLast()));
        long live = write(room, 13).offset();
        annBack.await(dispatchAt(live));

        List<Long> expected = new ArrayList<>(missed);
        expected.add(live);
        assertThat(annBack.seqs()).as("exactly the missed facts, then the live one").containsExactlyElementsOf(expected);
        assertThat(annBack.frames).noneMatch(Client.op("SNAPSHOT"));
        assertThat(annBack.frames).extracting(f -> f.path("op").asText()).startsWith("HELLO", "RESUMED", "DISPATCH");
    }

    @Test
    void aForgedOrUnknownSessionIdIsAnInvalidSession() throws Exception {
        Client client = Client.connect();
        client.send(resumeFrame(Client.devToken("eve-" + RUN), UUID.randomUUID().toString(), JSON.createObjectNode()));

        JsonNode refused = client.await(Client.op("INVALID_SESSION"));
        assertThat(refused.path("reason").asText()).isEqualTo("unknown_session");
        assertThat(client.frames).noneMatch(Client.op("RESUMED"));
    }

    @Test
    void anotherUsersSessionIsAnInvalidSession() throws Exception {
        String alicesSession = Client.identified("alice-" + RUN).sessionId;
        Client mallory = Client.connect();
        mallory.send(resumeFrame(Client.devToken("mallory-" + RUN), alicesSession, JSON.createObjectNode()));

        JsonNode refused = mallory.await(Client.op("INVALID_SESSION"));
        assertThat(refused.path("reason").asText()).isEqualTo("not_your_session");
        // The client may IDENTIFY on the same connection instead.
        mallory.send(JSON.createObjectNode().put("op", "IDENTIFY").put("token", Client.devToken("mallory-" + RUN)));
        assertThat(mallory.await(Client.op("READY")).path("user_id").asText()).isEqualTo("mallory-" + RUN);
    }

    /** Writes the room's next fact (someone joined; room version {@code version}) and waits for its offset. */
    private static RecordMetadata write(String room, long version) throws Exception {
        RoomEvent event = RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setRoomId(room).setUserId("u-" + version).setNonce("n-" + version).setCommandId(UUID.randomUUID().toString())
            .setRoomVersion(version).setFact(new ParticipantJoined("u-" + version, Role.LISTENER)).build();
        return facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, event)).get();
    }

    private static ObjectNode resumeFrame(String token, String session, ObjectNode rooms) {
        ObjectNode frame = JSON.createObjectNode().put("op", "RESUME").put("token", token).put("session_id", session);
        frame.set("rooms", rooms);
        return frame;
    }

    private static Predicate<JsonNode> dispatchAt(long seq) {
        return f -> Client.op("DISPATCH").test(f) && f.path("seq").asLong() == seq;
    }

    /** A minimal protocol client on the JDK's WebSocket: records every frame it receives. */
    private static final class Client implements WebSocket.Listener {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        String sessionId;

        private Client() {
            socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), this).join();
        }

        /** Connected, HELLO received. */
        static Client connect() {
            Client c = new Client();
            c.await(op("HELLO"));
            return c;
        }

        /** Connected and IDENTIFYed as {@code user}: READY received. */
        static Client identified(String user) throws Exception {
            Client c = connect();
            c.send(JSON.createObjectNode().put("op", "IDENTIFY").put("token", devToken(user)));
            c.sessionId = c.await(op("READY")).path("session_id").asText();
            return c;
        }

        /** The connection breaks. */
        void drop() {
            socket.abort();
        }

        /** A new connection RESUMEs {@code sessionId} of {@code user} at the given position; RESUMED received. */
        static Client resume(String user, String sessionId, String room, long seq, int epoch, long version)
                throws Exception {
            Client back = connect();
            back.sessionId = sessionId;
            ObjectNode rooms = JSON.createObjectNode();
            rooms.set(room, JSON.createObjectNode().put("seq", seq).put("epoch", epoch).put("version", version));
            back.send(resumeFrame(devToken(user), sessionId, rooms));
            back.await(op("RESUMED"));
            return back;
        }

        static String devToken(String user) throws Exception {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("user_id", user).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body()).path("token").asText();
        }

        static Predicate<JsonNode> op(String op) {
            return f -> f.path("op").asText().equals(op);
        }

        void send(JsonNode frame) {
            socket.sendText(frame.toString(), true).join();
        }

        JsonNode await(Predicate<JsonNode> condition) {
            return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> frames.stream().filter(condition).findFirst().orElse(null), f -> f != null);
        }

        /** The seq of every DISPATCH received, in order. */
        List<Long> seqs() {
            return frames.stream().filter(op("DISPATCH")).map(f -> f.path("seq").asLong()).toList();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("server sent invalid JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
