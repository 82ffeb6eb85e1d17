package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.EndReason;
import io.roomcast.events.HandRaised;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.Role;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.events.Visibility;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Room stats end to end on the real broker, registry and Redis: facts on room-events -> ranking-stream
 * (its own JVM, from its module build) -> room-stats -> its Redis read model -> the gateway's
 * {@code GET /rooms/{id}/stats} (in this JVM), every exchange checked against docs/openapi.yml.
 */
@IntegrationTest
class RoomStatsIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceProcess ranking;
    private static TestGateway gateway;
    private static KafkaProducer<String, RoomEvent> facts;
    private static OpenApiTraffic rest;
    private static String token;
    private long version;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) throws Exception {
        ranking = TestGateway.startRanking(kafka, registry, redis.uri(), RUN);
        gateway = TestGateway.start(kafka, registry, redis, Map.of());
        facts = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            EventSerdes.key(Topics.ROOM_EVENTS).serializer(),
            EventSerdes.value(Topics.ROOM_EVENTS, EventSerdes.config(registry.registryApiUrl())).serializer());
        rest = OpenApiTraffic.create();
        token = rest.devToken(gateway.url(), "analyst-" + RUN);
    }

    @AfterAll
    static void stop() {
        if (rest != null) {
            rest.close();
        }
        if (facts != null) {
            facts.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (ranking != null) {
            ranking.close();
        }
    }

    @Test
    void aRoomsFactsShowAsItsStatsAndItsEndAddsTheHourlyBreakdown() throws Exception {
        String room = "stats-" + RUN;
        Instant t0 = Instant.now().minusSeconds(5);
        send(room, fact(room, new RoomCreated(details(Visibility.PUBLIC), RoomLifecycle.LIVE, null), t0),
            fact(room, new ParticipantJoined("host", Role.MODERATOR), t0),
            fact(room, new ParticipantJoined("ann", Role.LISTENER), t0.plusSeconds(1)),
            fact(room, new ParticipantJoined("bob", Role.LISTENER), t0.plusSeconds(2)),
            fact(room, new HandRaised("ann", t0.plusSeconds(3)), t0.plusSeconds(3)),
            speaking(room, "host", true, t0.plusSeconds(4)), speaking(room, "host", false, t0.plusSeconds(10)),
            fact(room, new ParticipantLeft("bob", LeaveReason.LEFT), t0.plusSeconds(12)));

        JsonNode live = awaitStats(room, s -> s.path("version").asLong() >= 8);
        assertThat(live.path("listeners").asInt()).isEqualTo(1);
        assertThat(live.path("speakers").asInt()).isEqualTo(1);
        assertThat(live.path("peak_concurrent").asInt()).isEqualTo(3);
        assertThat(live.path("total_joins").asLong()).isEqualTo(3);
        assertThat(live.path("joins_per_minute_1m").asDouble()).isEqualTo(3.0);
        assertThat(live.path("average_stay_ms").asLong()).isEqualTo(10_000);
        assertThat(live.path("hand_raises").asLong()).isEqualTo(1);
        assertThat(live.path("speak_time").get(0).path("user_id").asText()).isEqualTo("host");
        assertThat(live.path("speak_time").get(0).path("speaking_ms").asLong()).isEqualTo(6_000);
        assertThat(live.path("hourly").size()).isZero();

        send(room, fact(room, new RoomEnded(EndReason.BY_MODERATOR), t0.plusSeconds(20)));

        JsonNode ended = awaitStats(room, s -> s.path("ended_at").isNumber());
        assertThat(ended.path("listeners").asInt()).isZero();
        assertThat(ended.path("hourly").size()).isPositive();
    }

    @Test
    void anUnknownRoomIs404() throws Exception {
        HttpResponse<String> answer = rest.send(get("/rooms/nothing-" + RUN + "/stats"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void aPrivateRoomsStatsAreHiddenFromWhoMayNotSeeTheRoom(RedisServer redis) throws Exception {
        String room = "private-" + RUN;
        Instant t0 = Instant.now();
        send(room, fact(room, new RoomCreated(details(Visibility.PRIVATE), RoomLifecycle.LIVE, null), t0),
            fact(room, new ParticipantJoined("host", Role.MODERATOR), t0));
        // Written by ranking-stream once counted: wait for the key, then ask as a stranger.
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            await().atMost(Duration.ofSeconds(30))
                .until(() -> connection.sync().exists(ReadModelKeys.roomStats(room)) == 1);
        }

        assertThat(rest.send(get("/rooms/" + room + "/stats")).statusCode()).isEqualTo(404);
    }

    private JsonNode awaitStats(String room, Predicate<JsonNode> done) {
        JsonNode[] latest = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> answer = rest.send(get("/rooms/" + room + "/stats"));
            if (answer.statusCode() != 200) {
                return false;
            }
            latest[0] = JSON.readTree(answer.body());
            return done.test(latest[0]);
        });
        return latest[0];
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Authorization", "Bearer " + token).build();
    }

    private static void send(String room, RoomEvent... events) throws Exception {
        for (RoomEvent event : events) {
            facts.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, event)).get();
        }
    }

    private RoomEvent fact(String room, Object fact, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(room)
            .setUserId("host").setRoomVersion(++version).setFact(fact).build();
    }

    private static RoomEvent speaking(String room, String who, boolean speaking, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(room)
            .setUserId(who).setFact(new SpeakingChanged(who, speaking, 20)).build();
    }

    private static RoomDetails details(Visibility visibility) {
        return RoomDetails.newBuilder().setTitle("Stats").setVisibility(visibility)
            .setSettings(RoomSettings.newBuilder().build()).build();
    }
}
