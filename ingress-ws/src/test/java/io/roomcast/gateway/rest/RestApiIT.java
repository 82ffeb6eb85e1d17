package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.RoomCommandsConsumer;
import io.roomcast.events.ScheduleRoom;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API as a running service (Micronaut in this JVM) on the real broker, registry and Redis:
 * dev tokens, room creation onto room-commands, listing (through the live-public index) and snapshots
 * from a Redis read model seeded with room-state-stream's key layout, the creation rate limit, and 401 for missing,
 * forged and expired tokens. Every exchange with the REST API is validated against docs/openapi.yml
 * ({@link OpenApiTraffic}). Redis database {@value #REDIS_DB} keeps the listing free of other tests'
 * rooms; every id carries this run's suffix.
 */
@IntegrationTest
class RestApiIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int REDIS_DB = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestGateway service;
    private static String baseUrl;
    private static HttpClient http;
    private static OpenApiTraffic rest;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redisConnection;
    private static KafkaConsumer<String, RoomCommand> commands;
    private static final List<RoomCommand> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        service = TestGateway.start(kafka, registry, redis, redisDb(redis, REDIS_DB));
        baseUrl = service.url();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        rest = OpenApiTraffic.create();
        redisClient = RedisClient.create(redis.uri() + "/" + REDIS_DB);
        redisConnection = redisClient.connect();
        commands = RoomCommandsConsumer.subscribe(kafka.bootstrapServers(), registry.registryApiUrl(), "rest-it-" + RUN);
    }

    @AfterAll
    static void stop() {
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
        if (rest != null) {
            rest.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** The setting that gives a test its own Redis database {@code db} (so it can flush it). */
    static Map<String, Object> redisDb(RedisServer redis, int db) {
        return Map.of("roomcast.redis-uri", redis.uri() + "/" + db);
    }

    @Test
    void aCreatedRoomIsACreateRoomCommandOnRoomCommandsAndAScheduledOneAScheduleRoom() throws Exception {
        String alice = "alice-" + RUN;
        String token = devToken(alice);

        HttpResponse<String> created = send(post("/rooms", "{\"title\":\"Jazz\",\"topic\":\"music\",\"language\":\"pt-br\"}", token)
            .header("Idempotency-Key", "create-" + RUN).build());
        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(created.body());
        String roomId = body.get("room_id").asText();
        assertThat(body.get("nonce").asText()).isEqualTo("create-" + RUN);
        assertThat(body.get("command").asText()).isEqualTo("create_room");
        assertThat(created.headers().firstValue("Location")).contains("/rooms/" + roomId);

        long startsAt = Instant.now().plusSeconds(3600).toEpochMilli();
        HttpResponse<String> scheduled = send(post("/rooms",
            "{\"title\":\"Later\",\"visibility\":\"private\",\"starts_at\":" + startsAt + "}", token).build());
        assertThat(scheduled.statusCode()).isEqualTo(202);
        String scheduledId = JSON.readTree(scheduled.body()).get("room_id").asText();

        RoomCommand create = awaitCommand(roomId);
        assertThat(create.getUserId()).isEqualTo(alice);
        assertThat(create.getNonce()).isEqualTo("create-" + RUN);
        assertThat(create.getCommand()).isInstanceOfSatisfying(CreateRoom.class, c -> {
            assertThat(c.getDetails().getTitle()).isEqualTo("Jazz");
            assertThat(c.getDetails().getTopic()).isEqualTo("music");
            assertThat(c.getDetails().getLanguage()).as("canonical case").isEqualTo("pt-BR");
        });
        assertThat(awaitCommand(scheduledId).getCommand()).isInstanceOfSatisfying(ScheduleRoom.class,
            s -> assertThat(s.getStartsAt().toEpochMilli()).isEqualTo(startsAt));

        assertThat(rest.sendOutsideContract(post("/rooms", "{\"title\":\"\"}", token).build()).statusCode())
            .isEqualTo(400);
        HttpResponse<String> badLanguage = send(post("/rooms", "{\"title\":\"Jazz\",\"language\":\"en_US\"}", token)
            .header("Idempotency-Key", "bad-language-" + RUN).build());
        assertThat(badLanguage.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badLanguage.body()).get("error").asText()).isEqualTo("invalid_request");
        assertThat(JSON.readTree(badLanguage.body()).get("message").asText())
            .contains("language is not a well-formed BCP 47 language tag");
    }

    @Test
    void theListingPagesThroughLivePublicRoomsNewestFirstAndNeverShowsOthers() throws Exception {
        String token = devToken("lister-" + RUN);
        // Later than any other test's rooms, so this test's rooms come first in the listing.
        long t = System.currentTimeMillis() + Duration.ofDays(3650).toMillis();
        String host = "host-" + RUN;
        seedRoom("pub-a-" + RUN, "PUBLIC", "LIVE", host, List.of(), List.of(), t + 3);
        seedRoom("pub-b-" + RUN, "PUBLIC", "LIVE", host, List.of(), List.of(), t + 2);
        seedRoom("pub-c-" + RUN, "PUBLIC", "LIVE", host, List.of(), List.of(), t + 2);
        seedRoom("pub-d-" + RUN, "PUBLIC", "LIVE", host, List.of(), List.of(), t + 1);
        seedRoom("priv-" + RUN, "PRIVATE", "LIVE", host, List.of(), List.of(), t + 4);
        seedRoom("club-" + RUN, "CLUB", "LIVE", host, List.of(), List.of(), t + 4);
        seedRoom("sched-" + RUN, "PUBLIC", "SCHEDULED", host, List.of(), List.of(), t + 4);
        // Even a private room wrongly in the index is not listed: the listing checks each room's hash.
        redisConnection.sync().zadd(ReadModelKeys.LIVE_PUBLIC_ROOMS, t + 5, "priv-" + RUN);

        List<String> listed = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1_000; page++) {
            HttpResponse<String> response = send(get("/rooms?limit=1" + (cursor == null ? "" : "&cursor=" + cursor),
                token));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("rooms").size()).isLessThanOrEqualTo(1);
            body.get("rooms").forEach(r -> listed.add(r.get("room_id").asText()));
            if (!body.hasNonNull("next_cursor")) {
                break;
            }
            cursor = body.get("next_cursor").asText();
        }
        assertThat(listed).doesNotHaveDuplicates().doesNotContain("priv-" + RUN, "club-" + RUN, "sched-" + RUN);
        assertThat(listed.stream().filter(id -> id.startsWith("pub-") && id.endsWith(RUN)).toList())
            .as("newest first; same ms: by id, descending")
            .containsExactly("pub-a-" + RUN, "pub-c-" + RUN, "pub-b-" + RUN, "pub-d-" + RUN);

        JsonNode first = JSON.readTree(send(get("/rooms?limit=2", token)).body());
        assertThat(first.get("rooms").get(0).get("room_id").asText()).isEqualTo("pub-a-" + RUN);
        assertThat(first.get("rooms").get(0).get("title").asText()).isEqualTo("Room pub-a-" + RUN);
        assertThat(first.get("rooms").get(0).get("participants").asLong()).isEqualTo(1);
        assertThat(first.get("rooms").get(0).get("started_at").asLong()).isEqualTo(t + 3);
        assertThat(rest.sendOutsideContract(get("/rooms?limit=0", token)).statusCode()).isEqualTo(400);
        assertThat(send(get("/rooms?cursor=***", token)).statusCode()).isEqualTo(400);
    }

    @Test
    void aSnapshotIsServedToWhoMaySeeTheRoomAndHiddenAs404FromOthers() throws Exception {
        String host = "host-" + RUN;
        String speaker = "spk-" + RUN;
        seedRoom("snap-pub-" + RUN, "PUBLIC", "LIVE", host, List.of(speaker), List.of("lis-" + RUN));
        seedRoom("snap-priv-" + RUN, "PRIVATE", "LIVE", host, List.of(speaker), List.of());
        redisConnection.sync().hset(ReadModelKeys.room("snap-pub-" + RUN), ReadModelKeys.LANGUAGE, "pt-BR");
        String stranger = devToken("stranger-" + RUN);

        HttpResponse<String> pub = send(get("/rooms/snap-pub-" + RUN, stranger));
        assertThat(pub.statusCode()).isEqualTo(200);
        JsonNode room = JSON.readTree(pub.body());
        assertThat(room.get("title").asText()).isEqualTo("Room snap-pub-" + RUN);
        assertThat(room.get("visibility").asText()).isEqualTo("public");
        assertThat(room.get("language").asText()).isEqualTo("pt-BR");
        assertThat(room.get("lifecycle").asText()).isEqualTo("live");
        assertThat(room.get("moderators").get(0).get("user_id").asText()).isEqualTo(host);
        assertThat(room.get("speakers").get(0).get("user_id").asText()).isEqualTo(speaker);
        assertThat(room.get("listeners").get(0).get("user_id").asText()).isEqualTo("lis-" + RUN);
        assertThat(room.get("counts").get("participants").asLong()).isEqualTo(3);

        assertThat(send(get("/rooms/no-such-room-" + RUN, stranger)).statusCode()).isEqualTo(404);
        assertThat(send(get("/rooms/snap-priv-" + RUN, stranger)).statusCode()).isEqualTo(404);
        assertThat(send(get("/rooms/snap-priv-" + RUN, devToken(speaker))).statusCode()).isEqualTo(200);
    }

    @Test
    void theSixthCreationOfTheDayIsRateLimitedWithRetryAfter() throws Exception {
        String token = devToken("busy-" + RUN);
        for (int i = 1; i <= 5; i++) {
            assertThat(send(post("/rooms", "{\"title\":\"Room " + i + "\"}", token).build()).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> sixth = send(post("/rooms", "{\"title\":\"Room 6\"}", token).build());
        assertThat(sixth.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(sixth.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_400L);
        JsonNode body = JSON.readTree(sixth.body());
        assertThat(body.get("error").asText()).isEqualTo("rate_limited");
        assertThat(body.get("retry_after_ms").asLong()).isBetween(1L, 86_400_000L);
    }

    @Test
    void theWebSocketsLimitsCountPerUserAcrossCallsBlockingOrNot() throws Exception {
        io.roomcast.gateway.rest.ratelimit.RedisRateLimiter limiter =
            service.context().getBean(io.roomcast.gateway.rest.ratelimit.RedisRateLimiter.class);
        String user = "joiner-" + RUN;
        for (int i = 1; i <= 10; i++) {
            assertThat(limiter.checkAsync(user, "join").toCompletableFuture().get().allowed()).isTrue();
        }
        var refused = limiter.check(user, "join");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isBetween(1L, 60_000L);
        assertThat(limiter.check("other-" + RUN, "join").allowed()).as("limits are per user").isTrue();
    }

    @Test
    void missingForgedAndExpiredTokensGet401AndTheServiceEndpointsAreOpen() throws Exception {
        assertThat(rest.sendOutsideContract(HttpRequest.newBuilder(URI.create(baseUrl + "/rooms")).GET().build())
            .statusCode()).isEqualTo(401);

        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
            .subject("mallory").expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
        forged.sign(new MACSigner("an-attacker-secret-that-is-32-bytes-long!!"));
        assertThat(send(get("/rooms", forged.serialize())).statusCode()).isEqualTo(401);

        long past = Instant.now().getEpochSecond() - 600;
        String expired = service.context().getBean(JwtTokenGenerator.class)
            .generateToken(Map.of("sub", "late-" + RUN, "iat", past - 60, "exp", past)).orElseThrow();
        assertThat(send(get("/rooms", expired)).statusCode()).isEqualTo(401);
        assertThat(send(post("/rooms", "{\"title\":\"x\"}", expired).build()).statusCode()).isEqualTo(401);

        // A correctly signed token whose subject breaks the id rule (docs/protocol.md, Ids): a right-to-left
        // override would let the caller show as another user.
        String disguised = service.context().getBean(JwtTokenGenerator.class)
            .generateToken(Map.of("sub", "alice\u202Egnp.exe", "exp", Instant.now().getEpochSecond() + 600)).orElseThrow();
        assertThat(send(get("/rooms", disguised)).statusCode()).isEqualTo(401);
        assertThat(send(post("/rooms", "{\"title\":\"x\"}", disguised).build()).statusCode()).isEqualTo(401);

        // Service endpoints, not the client API (not in docs/openapi.yml).
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/prometheus")).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void theDevTokenEndpointDoesNotExistUnlessEnabled(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                      RedisServer redis) throws Exception {
        Map<String, Object> noDevTokens = new HashMap<>(redisDb(redis, REDIS_DB));
        noDevTokens.put("roomcast.gateway.dev-tokens.enabled", false);
        try (TestGateway off = TestGateway.start(kafka, registry, redis, noDevTokens)) {
            HttpResponse<String> response = rest.send(HttpRequest.newBuilder(
                    URI.create(off.url() + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"x\"}")).build());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not_found");
        }
        HttpResponse<String> blank = rest.sendOutsideContract(post("/dev/token", "{\"user_id\":\"\"}", null).build());
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(blank.body()).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> notJson = rest.sendOutsideContract(post("/dev/token", "{not json", null).build());
        assertThat(notJson.statusCode()).as("Micronaut's own errors have the API's error shape too").isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    private static void seedRoom(String roomId, String visibility, String lifecycle, String moderator,
                                 List<String> speakers, List<String> listeners) {
        seedRoom(roomId, visibility, lifecycle, moderator, speakers, listeners, System.currentTimeMillis());
    }

    private static void seedRoom(String roomId, String visibility, String lifecycle, String moderator,
                                 List<String> speakers, List<String> listeners, long startedAt) {
        ReadModelSeed.room(redisConnection.sync(), roomId, visibility, lifecycle, moderator, speakers, listeners,
            startedAt);
    }

    private static String devToken(String userId) throws Exception {
        HttpResponse<String> response = send(post("/dev/token", "{\"user_id\":\"" + userId + "\"}", null).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("token").asText();
    }

    private static RoomCommand awaitCommand(String roomId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            commands.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
            return seen.stream().anyMatch(c -> c.getRoomId().equals(roomId));
        });
        return seen.stream().filter(c -> c.getRoomId().equals(roomId)).findFirst().orElseThrow();
    }

    private static HttpRequest.Builder post(String path, String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token).GET().build();
    }

    /** Sends a request that must conform to docs/openapi.yml, and checks the answer against it. */
    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return rest.send(request);
    }
}
