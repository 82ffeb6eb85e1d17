package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RoomSnapshotText;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.TestGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RESUME on a running gateway with the real broker, registry and Redis: a gap older than the room
 * log (kept small here: 5 facts) is served from Kafka by offset, exactly; a forged or unknown
 * session id and another user's session get INVALID_SESSION. Room facts are written to room-events
 * directly, and the room's snapshot to the Redis read model, as room-state-stream would.
 */
@IntegrationTest
class ResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static TestGateway gateway;
    private static int port;
    private static KafkaProducer<String, RoomEvent> facts;
    private static RedisClient redis;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.room-log.max-facts", 5));
        ResumeIT.redis = RedisClient.create(redis.uri());
        port = gateway.port();
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
        if (redis != null) {
            redis.shutdown();
        }
    }

    /**
     * The read model's snapshot of {@code room} with {@code users} in it, as room-state-stream's projector
     * writes it: RESUME continues a room only for its participants (docs/protocol.md, "Resume").
     */
    /** The read model (room-state-stream's Redis snapshot, written by hand here) shows the users at {@code version}. */
    private static void seat(String room, long version, String... users) {
        Instant now = Instant.now();
        List<Participant> participants = new ArrayList<>();
        for (String u : users) {
            participants.add(new Participant(u, Role.LISTENER, false, now, null));
        }
        RoomSnapshot snapshot = RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now)
            .setRoomId(room).setUserId(users[0]).setNonce(null).setVersion(version)
            .setDetails(new RoomDetails("Resume", "test", Visibility.PUBLIC, null, new RoomSettings(true, null, null, false), null))
            .setLifecycle(RoomLifecycle.LIVE).setCreatedBy(users[0]).setCreatedAt(now).setStartsAt(null)
            .setStartedAt(now).setLastActivityAt(now).setParticipants(participants).setHandQueue(List.of())
            .setInvitedUserIds(List.of()).setBannedUserIds(List.of()).build();
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync().hset(ReadModelKeys.room(room), ReadModelKeys.SNAPSHOT, RoomSnapshotText.encode(snapshot));
        }
    }

    @Test
    void aGapOlderThanTheRoomLogIsReplayedFromKafkaExactlyWithoutAFreshSnapshot() throws Exception {
        String room = "resume-" + RUN;
        seat(room, 1, "bob-" + RUN, "ann-" + RUN);
        RecordMetadata first = write(room, 1);
        // Two sessions enter the room by resuming from its first fact: bob keeps the room on this node.
        RecordingClient bob = RecordingClient.identified(gatewayUrl(), "bob-" + RUN);
        String bobSession = sessionOf(bob);
        bob.abort();
        RecordingClient bobIn = resume("bob-" + RUN, bobSession, room, first.offset(), first.partition(), 1);
        RecordingClient ann = RecordingClient.identified(gatewayUrl(), "ann-" + RUN);
        String annSession = sessionOf(ann);
        ann.abort();
        RecordingClient annIn = resume("ann-" + RUN, annSession, room, first.offset(), first.partition(), 1);
        List<Long> seen = new ArrayList<>();
        for (int v = 2; v <= 4; v++) {
            seen.add(write(room, v).offset());
        }
        annIn.expect(dispatchAt(seen.getLast()));
        assertThat(seqs(annIn)).containsExactlyElementsOf(seen);

        // ann drops; 8 facts follow: more than the room log keeps (5).
        annIn.abort();
        List<Long> missed = new ArrayList<>();
        for (int v = 5; v <= 12; v++) {
            missed.add(write(room, v).offset());
        }
        bobIn.expect(dispatchAt(missed.getLast()));
        // A resume is authorized on a state no older than what this node has seen (version 12): the read model
        // catches up, as room-state-stream's would.
        seat(room, 12, "bob-" + RUN, "ann-" + RUN);
        RecordingClient annBack = resume("ann-" + RUN, annSession, room, seen.getLast(), first.partition(), 4);
        annBack.expect(dispatchAt(missed.getLast()));
        long live = write(room, 13).offset();
        annBack.expect(dispatchAt(live));

        List<Long> expected = new ArrayList<>(missed);
        expected.add(live);
        assertThat(seqs(annBack)).as("exactly the missed facts, then the live one").containsExactlyElementsOf(expected);
        assertThat(annBack.frames()).noneMatch(op("SNAPSHOT"));
        assertThat(annBack.frames()).extracting(f -> f.path("op").asText()).startsWith("HELLO", "RESUMED", "DISPATCH");
    }

    @Test
    void aForgedOrUnknownSessionIdIsAnInvalidSession() throws Exception {
        RecordingClient client = connect();
        client.send(resumeFrame(token("eve-" + RUN), UUID.randomUUID().toString(), JSON.createObjectNode()));

        JsonNode refused = client.expect(op("INVALID_SESSION"));
        assertThat(refused.path("reason").asText()).isEqualTo("unknown_session");
        assertThat(client.frames()).noneMatch(op("RESUMED"));
    }

    @Test
    void anotherUsersSessionIsAnInvalidSession() throws Exception {
        String alicesSession = sessionOf(RecordingClient.identified(gatewayUrl(), "alice-" + RUN));
        RecordingClient mallory = connect();
        mallory.send(resumeFrame(token("mallory-" + RUN), alicesSession, JSON.createObjectNode()));

        JsonNode refused = mallory.expect(op("INVALID_SESSION"));
        assertThat(refused.path("reason").asText()).isEqualTo("not_your_session");
        // The client may IDENTIFY on the same connection instead.
        mallory.send(JSON.createObjectNode().put("op", "IDENTIFY").put("token", token("mallory-" + RUN)));
        assertThat(mallory.expect(op("READY")).path("user_id").asText()).isEqualTo("mallory-" + RUN);
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
        return f -> op("DISPATCH").test(f) && f.path("seq").asLong() == seq;
    }

    private static String gatewayUrl() {
        return "http://localhost:" + port;
    }

    /** Connected, HELLO received. */
    private static RecordingClient connect() throws InterruptedException {
        RecordingClient c = RecordingClient.connect(RecordingClient.webSocketUrl(gatewayUrl()));
        c.expect(op("HELLO"));
        return c;
    }

    private static String token(String user) throws Exception {
        return RecordingClient.devToken(gatewayUrl(), user);
    }

    private static String sessionOf(RecordingClient client) throws InterruptedException {
        return client.expect(op("READY")).path("session_id").asText();
    }

    /** A new connection RESUMEs {@code sessionId} of {@code user} at the given position; RESUMED received. */
    private static RecordingClient resume(String user, String sessionId, String room, long seq, int epoch, long version)
            throws Exception {
        RecordingClient back = connect();
        ObjectNode rooms = JSON.createObjectNode();
        rooms.set(room, JSON.createObjectNode().put("seq", seq).put("epoch", epoch).put("version", version));
        back.send(resumeFrame(token(user), sessionId, rooms));
        back.expect(op("RESUMED"));
        return back;
    }

    /** The seq of every DISPATCH received, in order. */
    private static List<Long> seqs(RecordingClient client) {
        return client.frames().stream().filter(op("DISPATCH")).map(f -> f.path("seq").asLong()).toList();
    }
}
