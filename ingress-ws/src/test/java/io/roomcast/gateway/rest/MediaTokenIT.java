package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.gateway.media.EdgeAssignment;
import io.roomcast.gateway.media.EdgeFailover;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /rooms/{id}/media-token} on the running gateway with real Redis: media edges registered as
 * the edges' heartbeats write them, rooms as room-state-stream writes them. Speakers get the room's
 * origin (the least-loaded live edge at the room's first token), listeners the least-loaded of the
 * room's edges under capacity, a relay is brought in when those are full, and a relay whose
 * registration expired is replaced. Every exchange is validated against docs/openapi.yml. Redis database {@value #REDIS_DB}: its set of edges is this test's.
 */
@IntegrationTest
class MediaTokenIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int REDIS_DB = 9;
    private static final Duration LIVE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TURN_SECRET = "media-token-it-turn-secret";
    private static TestGateway service;
    private static String baseUrl;
    private static OpenApiTraffic http;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redisConnection;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        java.util.Map<String, Object> settings = new java.util.HashMap<>(RestApiIT.redisDb(redis, REDIS_DB));
        settings.put("roomcast.gateway.turn.urls", "turn:127.0.0.1:3478?transport=udp");
        settings.put("roomcast.gateway.turn.secret", TURN_SECRET);
        service = TestGateway.start(kafka, registry, redis, settings);
        baseUrl = service.url();
        http = OpenApiTraffic.create();
        redisClient = RedisClient.create(redis.uri() + "/" + REDIS_DB);
        redisConnection = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        redisConnection.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        http.close();
        service.close();
    }

    @BeforeEach
    void noEdges() {
        redis().del(ReadModelKeys.MEDIA_EDGES);
    }

    @Test
    void speakersGetTheOriginAndListenersFillTheRoomsEdgesThenARelayIsBroughtIn() throws Exception {
        String room = "fill-" + RUN;
        String a = "edge-a-" + RUN;
        String b = "edge-b-" + RUN;
        String c = "edge-c-" + RUN;
        List<String> listeners = List.of("l1", "l2", "l3", "l4", "l5").stream().map(l -> l + "-" + RUN).toList();
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of("spk-" + RUN), listeners,
            System.currentTimeMillis());
        ReadModelSeed.edge(redis(), a, "10.0.0.1:5004", 3, 0, LIVE);
        ReadModelSeed.edge(redis(), b, "10.0.0.2:5004", 3, 1, LIVE);
        ReadModelSeed.edge(redis(), c, "10.0.0.3:5004", 4, 2, LIVE);

        JsonNode speaker = mediaToken(room, "spk-" + RUN);
        assertThat(speaker.get("role").asText()).isEqualTo("speaker");
        assertThat(speaker.get("edge").asText()).as("the least-loaded live edge becomes the origin").isEqualTo(a);
        assertThat(speaker.get("edge_address").asText()).isEqualTo("10.0.0.1:5004");
        assertThat(speaker.get("expires_at").asLong()).isGreaterThan(System.currentTimeMillis());
        JWTClaimsSet claims = claims(speaker);
        assertThat(claims.getSubject()).isEqualTo("spk-" + RUN);
        assertThat(claims.getStringClaim("room")).isEqualTo(room);
        assertThat(claims.getStringClaim("role")).isEqualTo("SPEAKER");
        assertThat(claims.getStringClaim("edge")).isEqualTo(a);
        assertThat(claims.getClaim("origin")).as("the origin needs no origin claim").isNull();
        assertThat(claims.getExpirationTime()).isAfter(new Date());

        List<String> edges = listeners.stream().map(l -> edgeOf(mediaToken(room, l))).toList();
        assertThat(edges).as("a: 1 + 2 = 3 full; b brought in: 1 + 2 = 3 full; c brought in")
            .containsExactly(a, a, b, b, c);

        JsonNode relayed = mediaToken(room, listeners.get(2));
        assertThat(relayed.get("edge").asText()).isEqualTo(c);
        assertThat(relayed.get("edge_address").asText()).isEqualTo("10.0.0.3:5004");
        assertThat(claims(relayed).getStringClaim("origin")).isEqualTo(a);
        assertThat(claims(relayed).getStringClaim("origin_address")).isEqualTo("10.0.0.1:5004");
        assertThat(redis().get(ReadModelKeys.mediaOrigin(room))).isEqualTo(a);
        assertThat(redis().smembers(ReadModelKeys.mediaRelays(room))).containsExactlyInAnyOrder(b, c);
        assertThat(edgeOf(mediaToken(room, "host-" + RUN))).as("moderators publish: the origin, full or not")
            .isEqualTo(a);
    }

    @Test
    void whenARelaysRegistrationExpiresTheRoomsNextListenerGetsAnotherEdge() throws Exception {
        String room = "dead-" + RUN;
        String origin = "edge-o-" + RUN;
        String relay = "edge-r-" + RUN;
        String spare = "edge-s-" + RUN;
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of(),
            List.of("ann-" + RUN, "bob-" + RUN), System.currentTimeMillis());
        ReadModelSeed.edge(redis(), origin, "10.0.1.1:5004", 1, 0, LIVE);
        ReadModelSeed.edge(redis(), relay, "10.0.1.2:5004", 10, 1, LIVE);
        ReadModelSeed.edge(redis(), spare, "10.0.1.3:5004", 10, 5, LIVE);
        assertThat(edgeOf(mediaToken(room, "host-" + RUN))).isEqualTo(origin);
        assertThat(edgeOf(mediaToken(room, "ann-" + RUN))).as("the origin is full: a relay").isEqualTo(relay);

        redis().pexpire(ReadModelKeys.mediaEdge(relay), 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis().exists(ReadModelKeys.mediaEdge(relay)) == 0);

        assertThat(edgeOf(mediaToken(room, "ann-" + RUN))).as("ann asks again: the dead relay's replacement")
            .isEqualTo(spare);
        assertThat(edgeOf(mediaToken(room, "bob-" + RUN))).isEqualTo(spare);
        assertThat(redis().smembers(ReadModelKeys.mediaRelays(room))).containsExactly(spare);
        assertThat(redis().smembers(ReadModelKeys.MEDIA_EDGES)).doesNotContain(relay);
    }

    @Test
    void aRoomWhoseDeadOriginANewTokenReplacedStillMovesAtAnotherNodesLaterCheck() throws Exception {
        String room = "retired-" + RUN;
        String dead = "edge-d-" + RUN;
        String live = "edge-l-" + RUN;
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of(), List.of("ann-" + RUN),
            System.currentTimeMillis());
        ReadModelSeed.edge(redis(), dead, "10.0.4.1:5004", 10, 0, LIVE);
        ReadModelSeed.edge(redis(), live, "10.0.4.2:5004", 10, 5, LIVE);
        assertThat(edgeOf(mediaToken(room, "host-" + RUN))).isEqualTo(dead);
        redis().del(ReadModelKeys.mediaEdge(dead));

        assertThat(edgeOf(mediaToken(room, "host-" + RUN))).as("a node told the host first: a new origin")
            .isEqualTo(live);

        MediaEdgeDirectory directory = service.context().getBean(MediaEdgeDirectory.class);
        EdgeAssignment.RoomEdges edges = directory.roomEdges(room);
        assertThat(edges.origin()).isEqualTo(live);
        assertThat(EdgeFailover.moves(Set.of(dead), Map.of(room, edges)))
            .as("a node checking after that placement still tells its sessions in the room (ann's)")
            .containsExactly(new EdgeFailover.Move(room, List.of(dead), true));
        assertThat(redis().pttl(ReadModelKeys.mediaRetired(room))).as("remembered a while, not for ever")
            .isBetween(1L, service.context().getBean(MediaEdgeDirectory.Settings.class).retiredKept().toMillis());
    }

    /**
     * The chaos run's race (issue 19): a node whose fail-over check read the room's edges after another node wrote
     * the new origin, but before it wrote the dead one as retired, saw no dead edge and told none of its sessions.
     * So the dead origin is retired before the new one is written, in the order Redis executes them.
     */
    @Test
    void aDeadOriginIsRetiredBeforeItsReplacementIsWritten(RedisServer redisServer) throws Exception {
        String room = "retire-first-" + RUN;
        String dead = "edge-rd-" + RUN;
        String live = "edge-rl-" + RUN;
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of(), List.of(),
            System.currentTimeMillis());
        ReadModelSeed.edge(redis(), dead, "10.0.5.1:5004", 10, 0, LIVE);
        ReadModelSeed.edge(redis(), live, "10.0.5.2:5004", 10, 5, LIVE);
        assertThat(edgeOf(mediaToken(room, "host-" + RUN))).isEqualTo(dead);
        redis().del(ReadModelKeys.mediaEdge(dead));

        List<String> executed;
        try (RedisMonitor monitor = RedisMonitor.open(redisServer.uri(), Duration.ofSeconds(30))) {
            assertThat(edgeOf(mediaToken(room, "host-" + RUN))).isEqualTo(live);
            executed = monitor.commandsUntil(line -> line.toUpperCase(java.util.Locale.ROOT).contains("\"SET\" \"")
                && line.contains(ReadModelKeys.mediaOrigin(room)) && line.contains(live));
        }

        assertThat(executed).as("the dead origin is retired before the new origin is set")
            .anyMatch(line -> line.toUpperCase(java.util.Locale.ROOT).contains("\"HSET\"")
                && line.contains(ReadModelKeys.mediaRetired(room)) && line.contains(dead));
    }

    @Test
    void noLiveOrFreeEdgeIs503AndOutsidersAndUnknownRoomsAreRefused() throws Exception {
        String room = "none-" + RUN;
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of(), List.of("cy-" + RUN),
            System.currentTimeMillis());

        assertThat(post(room, "host-" + RUN).statusCode()).as("no edge registered").isEqualTo(503);
        ReadModelSeed.edge(redis(), "edge-full-" + RUN, "10.0.2.1:5004", 0, 0, LIVE);
        HttpResponse<String> full = post(room, "cy-" + RUN);
        assertThat(full.statusCode()).as("the only edge is full").isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(full.body()).get("error").asText()).isEqualTo("unavailable");
        assertThat(post(room, "outsider-" + RUN).statusCode()).isEqualTo(403);
        assertThat(post("no-such-room-" + RUN, "host-" + RUN).statusCode()).isEqualTo(404);
        String token = mediaToken(room, "host-" + RUN).get("token").asText();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/rooms/" + room))
                .header("Authorization", "Bearer " + token).GET().build())
            .statusCode()).as("a media token is no REST credential").isEqualTo(401);
    }

    @Test
    void browsersGetTheEdgesWhipAndWhepUrlsAndTimeLimitedTurnCredentials() throws Exception {
        String room = "webrtc-" + RUN;
        String edge = "edge-w-" + RUN;
        ReadModelSeed.room(redis(), room, "PUBLIC", "LIVE", "host-" + RUN, List.of(), List.of("lis-" + RUN),
            System.currentTimeMillis());
        ReadModelSeed.edge(redis(), edge, "10.0.3.1:5004", 10, 0, LIVE);
        redis().hset(ReadModelKeys.mediaEdge(edge), ReadModelKeys.EDGE_SIGNALLING, "http://10.0.3.1:8070");

        JsonNode host = mediaToken(room, "host-" + RUN);
        assertThat(host.get("whip_url").asText()).isEqualTo("http://10.0.3.1:8070/whip");
        assertThat(host.get("whep_url").asText()).isEqualTo("http://10.0.3.1:8070/whep");
        JsonNode listener = mediaToken(room, "lis-" + RUN);
        assertThat(listener.path("whip_url").isNull() || listener.path("whip_url").isMissingNode())
            .as("listeners only listen").isTrue();
        assertThat(listener.get("whep_url").asText()).isEqualTo("http://10.0.3.1:8070/whep");
        JsonNode ice = listener.get("ice_servers").get(0);
        assertThat(ice.get("urls").get(0).asText()).isEqualTo("turn:127.0.0.1:3478?transport=udp");
        String username = ice.get("username").asText();
        assertThat(username).endsWith(":lis-" + RUN);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(System.currentTimeMillis() / 1000 + 3000, System.currentTimeMillis() / 1000 + 3700);
        assertThat(ice.get("credential").asText()).as("base64 HMAC-SHA1(secret, username), as coturn checks it")
            .isEqualTo(io.roomcast.schemas.TurnCredentials.mint(TURN_SECRET, "lis-" + RUN,
                java.time.Instant.ofEpochSecond(expiry)).credential());
    }

    private static RedisCommands<String, String> redis() {
        return redisConnection.sync();
    }

    private static String edgeOf(JsonNode token) {
        return token.get("edge").asText();
    }

    private static JWTClaimsSet claims(JsonNode token) throws Exception {
        return SignedJWT.parse(token.get("token").asText()).getJWTClaimsSet();
    }

    private static JsonNode mediaToken(String room, String user) {
        try {
            HttpResponse<String> response = post(room, user);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> post(String room, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/rooms/" + room + "/media-token"))
            .header("Authorization", "Bearer " + devToken(user)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String devToken(String userId) throws Exception {
        return http.devToken(baseUrl, userId);
    }
}
