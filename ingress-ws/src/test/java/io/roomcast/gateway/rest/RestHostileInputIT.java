package io.roomcast.gateway.rest;

import io.roomcast.rest.ErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.RoomCommandsConsumer;
import io.roomcast.gateway.TestGateway;
import io.roomcast.schemas.validation.IdRules;
import io.roomcast.schemas.validation.TextRules;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's hostile REST inputs (B08, B09, B16, B26, B27, B38, and A62/B36 over REST) against a running
 * gateway on the real broker, registry and Redis. Each case asserts the status, the documented error body
 * ({@link ErrorBody}: {@code error}, {@code message}, never Micronaut's {@code _embedded}
 * body) and no state change: every refused {@code POST /rooms} carries its own {@code Idempotency-Key},
 * so the room id it would have created is known, and none of them reaches {@code room-commands} (checked
 * once a good request sent after them has arrived); the gateway still serves a normal client afterwards.
 */
@IntegrationTest
class RestHostileInputIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int REDIS_DB = 11;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ERROR_FIELDS = Set.of("error", "message", "retry_after_ms");

    private static TestGateway service;
    private static HttpClient http;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redisConnection;
    private static KafkaConsumer<String, RoomCommand> commands;
    private static final List<RoomCommand> seen = new CopyOnWriteArrayList<>();
    /** Room ids a refused POST /rooms would have created. */
    private static final List<String> refusedRooms = new CopyOnWriteArrayList<>();
    private static final AtomicInteger keys = new AtomicInteger();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        service = TestGateway.start(kafka, registry, redis, Map.of("roomcast.redis-uri", redis.uri() + "/" + REDIS_DB,
            // Room creation is not what is limited here: every good request must pass.
            "roomcast.gateway.rate-limits.create-room.max", 1_000));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        redisClient = RedisClient.create(redis.uri() + "/" + REDIS_DB);
        redisConnection = redisClient.connect();
        commands = RoomCommandsConsumer.subscribe(kafka.bootstrapServers(), registry.registryApiUrl(), "hostile-it-" + RUN);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            // No refused request published a command: a good one sent after all of them has arrived first.
            String sentinel = createAccepted("{\"title\":\"After the corpus\"}");
            awaitCommand(sentinel);
            commands.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
            assertThat(seen).extracting(RoomCommand::getRoomId).doesNotContainAnyElementsOf(refusedRooms);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(service.url() + "/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            if (commands != null) {
                commands.close();
            }
            if (redisConnection != null) {
                redisConnection.close();
                redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            if (http != null) {
                http.close();
            }
            if (service != null) {
                service.close();
            }
        }
    }

    /** B08, B09: a body that is not JSON is 415 (it was 403, a security rejection hiding the cause). */
    @Test
    void unsupportedMediaTypesAre415WithTheErrorBody() throws Exception {
        String token = devToken("typist-" + RUN);
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            String body = type.equals("application/xml") ? "<room><title>Jazz</title></room>" : "title=Jazz";
            HttpResponse<String> response = send(createRequest(token, type, body));
            assertErrorBody(response, 415, "invalid_request");
        }
    }

    /** B16: a title (or any string field) of another JSON type is refused, not coerced to text. */
    @Test
    void aNumericTitleIsRefusedNotCoerced() throws Exception {
        String token = devToken("numbers-" + RUN);
        for (String body : List.of("{\"title\":123}", "{\"title\":true}", "{\"title\":[\"Jazz\"]}",
            "{\"title\":{\"text\":\"Jazz\"}}", "{\"title\":\"Jazz\",\"topic\":42}", "{\"title\":\"Jazz\",\"starts_at\":\"99999999999999\"}",
            "{\"title\":\"Jazz\",\"settings\":{\"capacity\":1.5}}", "{\"title\":\"Jazz\",\"settings\":{\"hand_raises_enabled\":\"no\"}}",
            "{\"title\":\"Jazz\",\"settings\":{\"approval_required\":\"yes\"}}",
            "{\"title\":\"Jazz\",\"settings\":[]}", "[\"Jazz\"]", "\"Jazz\"", "{not json", "")) {
            HttpResponse<String> response = send(createRequest(token, "application/json", body));
            assertErrorBody(response, 400, "invalid_request");
        }
        JsonNode numeric = JSON.readTree(send(createRequest(token, "application/json", "{\"title\":123}")).body());
        assertThat(numeric.get("message").asText()).contains("title must be a string");
    }

    /** A62, B36 over REST: hostile titles and topics are refused with the text rule's reason. */
    @Test
    void hostileTitlesAndTopicsAreRefusedWithTheTextRulesReason() throws Exception {
        String token = devToken("hostile-" + RUN);
        // JSON escapes, so the request itself is valid JSON; the decoded text is the hostile one.
        Map<String, String> titles = Map.of(
            "Jazz\\u0000night", "Jazz\u0000night",
            "\\u001b[2JHacked", "\u001b[2JHacked",
            "Free \\u202Egnp.exe", "Free \u202Egnp.exe",
            "ad\\u200Bmin", "ad\u200Bmin",
            "bad \\ud800 half", "bad \ud800 half",
            "\\u2066hidden\\u2069", "\u2066hidden\u2069",
            "x".repeat(121), "x".repeat(121),
            "\\uD83C\\uDFB7".repeat(91), "\uD83C\uDFB7".repeat(91));
        for (Map.Entry<String, String> t : titles.entrySet()) {
            HttpResponse<String> response = send(createRequest(token, "application/json",
                "{\"title\":\"" + t.getKey() + "\"}"));
            assertErrorBody(response, 400, "invalid_request");
            assertThat(JSON.readTree(response.body()).get("message").asText())
                .isEqualTo(TextRules.TITLE.violation(t.getValue()).orElseThrow());
            HttpResponse<String> topic = send(createRequest(token, "application/json",
                "{\"title\":\"Jazz\",\"topic\":\"" + t.getKey() + "\"}"));
            assertErrorBody(topic, 400, "invalid_request");
            assertThat(JSON.readTree(topic.body()).get("message").asText()).startsWith("topic ");
        }
    }

    /** A user id that could pass for another one is refused before it becomes a token's subject. */
    @Test
    void devTokensRefuseUserIdsThatBreakTheIdRule() throws Exception {
        Map<String, String> ids = Map.of("alice\\u202Egnp.exe", "alice\u202Egnp.exe", "al\\u200Bice", "al\u200Bice",
            "alice smith", "alice smith", "", "", "x".repeat(129), "x".repeat(129));
        for (Map.Entry<String, String> id : ids.entrySet()) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(service.url() + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + id.getKey() + "\"}")).build());
            assertErrorBody(response, 400, "invalid_request");
            assertThat(JSON.readTree(response.body()).get("message").asText())
                .isEqualTo(IdRules.violation("user_id", id.getValue(), 128));
        }
    }

    /** Markup is text: stored exactly as sent (clients escape it when they show it). */
    @Test
    void markupAndEmojiAreAcceptedUnchanged() throws Exception {
        String title = "<script>alert(1)</script> \uD83C\uDFB7";
        String room = createAccepted(JSON.writeValueAsString(Map.of("title", title)));
        assertThat(awaitCommand(room).getCommand()).isInstanceOfSatisfying(CreateRoom.class,
            c -> assertThat(c.getDetails().getTitle()).isEqualTo(title));
    }

    /** B38: a start time not in the future is 400 up front, not a 202 for a room that never comes. */
    @Test
    void aStartTimeInThePastIs400() throws Exception {
        String token = devToken("late-" + RUN);
        for (long startsAt : new long[] {0L, 1L, 86_400_000L, System.currentTimeMillis() - 60_000}) {
            HttpResponse<String> response = send(createRequest(token, "application/json",
                "{\"title\":\"Retro\",\"starts_at\":" + startsAt + "}"));
            assertErrorBody(response, 400, "invalid_request");
            assertThat(JSON.readTree(response.body()).get("message").asText()).contains("starts_at");
        }
    }

    /** B26: every bad limit has the documented error body ({@code limit=} with no value is the default). */
    @Test
    void badLimitsAre400WithTheErrorBody() throws Exception {
        String token = devToken("pager-" + RUN);
        for (String limit : List.of("abc", "1.5", "99999999999", "0", "-1", "101", "1e2")) {
            assertErrorBody(send(get("/rooms?limit=" + limit, token)), 400, "invalid_request");
        }
    }

    /** B27: a cursor the API did not make, or one changed in any byte, is refused. */
    @Test
    void forgedAndTamperedCursorsAre400() throws Exception {
        String token = devToken("cursor-" + RUN);
        long t = System.currentTimeMillis() + Duration.ofDays(3650).toMillis();
        ReadModelSeed.room(redisConnection.sync(), "cur-a-" + RUN, "PUBLIC", "LIVE", "host-" + RUN, List.of(),
            List.of(), t + 2);
        ReadModelSeed.room(redisConnection.sync(), "cur-b-" + RUN, "PUBLIC", "LIVE", "host-" + RUN, List.of(),
            List.of(), t + 1);
        HttpResponse<String> first = send(get("/rooms?limit=1", token));
        assertThat(first.statusCode()).isEqualTo(200);
        String genuine = JSON.readTree(first.body()).get("next_cursor").asText();
        assertThat(send(get("/rooms?limit=1&cursor=" + genuine, token)).statusCode()).isEqualTo(200);

        List<String> forged = new ArrayList<>();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        forged.add(b64.encodeToString(("0:cur-a-" + RUN).getBytes(StandardCharsets.UTF_8)));
        forged.add(b64.encodeToString(("9223372036854775807:zzz").getBytes(StandardCharsets.UTF_8)));
        forged.add(b64.encodeToString(("1:" + "r".repeat(129)).getBytes(StandardCharsets.UTF_8)));
        forged.add(b64.encodeToString(("9999999999999:x").getBytes(StandardCharsets.UTF_8))
            + genuine.substring(genuine.indexOf('.')));
        char last = genuine.charAt(genuine.length() - 1);
        forged.add(genuine.substring(0, genuine.length() - 1) + (last == 'A' ? 'B' : 'A'));
        forged.add("***");
        for (String cursor : forged) {
            HttpResponse<String> response = send(get("/rooms?limit=1&cursor=" + cursor, token));
            assertErrorBody(response, 400, "invalid_request");
            assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo("invalid cursor");
        }
    }

    /** Unknown routes and methods get the error body too, not Micronaut's default. */
    @Test
    void unknownRoutesAndMethodsHaveTheErrorBody() throws Exception {
        String token = devToken("lost-" + RUN);
        assertErrorBody(send(get("/rooms/no-such-room-" + RUN, token)), 404, "not_found");
        assertErrorBody(send(get("/no-such-route", token)), 404, "not_found");
        assertErrorBody(send(HttpRequest.newBuilder(URI.create(service.url() + "/rooms"))
            .header("Authorization", "Bearer " + token).DELETE().build()), 405, "invalid_request");
        assertErrorBody(send(HttpRequest.newBuilder(URI.create(service.url() + "/rooms/r-1"))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 405, "invalid_request");
        assertErrorBody(send(HttpRequest.newBuilder(URI.create(service.url() + "/rooms")).GET().build()), 401,
            "unauthorized");
    }

    private static void assertErrorBody(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.request().uri(),
            response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.isObject()).as(response.body()).isTrue();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("the documented error body, not Micronaut's _embedded one: %s", response.body())
            .contains("error").isSubsetOf(ERROR_FIELDS);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).as(response.body()).isNotBlank();
    }

    /** A POST /rooms with its own Idempotency-Key, whose room id is recorded as one that must never appear. */
    private static HttpRequest createRequest(String token, String contentType, String body) {
        String key = "hostile-" + RUN + "-" + keys.incrementAndGet();
        refusedRooms.add(RoomRequests.roomId(userOf(token), key));
        return HttpRequest.newBuilder(URI.create(service.url() + "/rooms"))
            .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String createAccepted(String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(service.url() + "/rooms"))
            .header("Authorization", "Bearer " + devToken("good-" + RUN)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("room_id").asText();
    }

    private static final Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>();

    private static String devToken(String userId) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(service.url() + "/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + userId + "\"}")).build());
        assertThat(response.statusCode()).isEqualTo(200);
        String token = JSON.readTree(response.body()).get("token").asText();
        users.put(token, userId);
        return token;
    }

    private static String userOf(String token) {
        return users.get(token);
    }

    private static RoomCommand awaitCommand(String roomId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            commands.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            return seen.stream().anyMatch(c -> c.getRoomId().equals(roomId));
        });
        return seen.stream().filter(c -> c.getRoomId().equals(roomId)).findFirst().orElseThrow();
    }

    private static HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(service.url() + path)).header("Authorization", "Bearer " + token)
            .GET().build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
