package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static io.roomcast.gateway.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.GatewayFixture;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.gateway.social.SocialTopics;
import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayListing;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hallway end to end (issue 13): the user/club API and the WebSocket on a real gateway node (this JVM),
 * room-state-stream and ranking-stream in their own JVMs, on the test kit's broker, registry, Redis and
 * PostgreSQL. A follows B over REST; B starts a room (and so is in it on stage, as its moderator); A's
 * {@code GET /hallway} lists that room first within 2 s of B's request, and A's connected session gets a
 * {@code hallway_updated} DISPATCH naming it. Every REST exchange is checked against docs/openapi.yml and
 * every frame against docs/asyncapi.json.
 */
@IntegrationTest
class HallwayIT {
    /** The Redis database of this test's services ({@link GatewayFixture}). */
    private static final int REDIS_DB = 4;
    private static final Logger LOG = LoggerFactory.getLogger(HallwayIT.class);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FOLLOWEE_ROOM_FIRST = Duration.ofSeconds(2);
    private static GatewayFixture api;
    private static TestGateway gateway;
    private static OpenApiTraffic rest;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        api = new GatewayFixture(kafka, registry, redis, REDIS_DB).roomState("hallway-" + RUN).ranking("hallway-" + RUN)
            .gateway("gateway", Map.of("roomcast.gateway.node-id", "gateway-hallway"));
        gateway = api.node();
        rest = api.rest();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aFollowersHallwayShowsTheRoomTheirFolloweeJustStartedFirstAndTheirSessionIsTold(EmbeddedKafka kafka,
            SchemaRegistryProcess registry) throws Exception {
        String ann = "ann-" + RUN;
        String bob = "bob-" + RUN;
        String annToken = signUp(ann);
        String bobToken = signUp(bob);
        assertThat(call("PUT", "/users/me/following/users/" + bob, annToken, null).statusCode()).isEqualTo(204);
        String other = gateway.createRoom("host-" + RUN);

        RecordingClient annSession = RecordingClient.identified(gateway.url(), ann);
        annSession.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        annSession.expect(op("HEARTBEAT_ACK"));
        JsonNode before = await().atMost(Duration.ofSeconds(30)).until(() -> hallway(annToken),
            h -> h.path("version").asLong() >= 1 && !h.path("cold_start").asBoolean()
                && h.path("live").toString().contains(other));
        annSession.expect(f -> op("DISPATCH").test(f) && "hallway_updated".equals(f.path("t").asText()),
            Duration.ofSeconds(10));

        long asked = System.nanoTime();
        HttpResponse<String> created = call("POST", "/rooms", bobToken,
            "{\"title\":\"Bob live\",\"visibility\":\"public\",\"language\":\"pt-BR\"}");
        assertThat(created.statusCode()).isEqualTo(202);
        String bobs = JSON.readTree(created.body()).path("room_id").asText();
        JsonNode after = await().atMost(FOLLOWEE_ROOM_FIRST).pollInterval(Duration.ofMillis(50))
            .until(() -> hallway(annToken), h -> first(h).equals(bobs));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        LOG.info("hallway: the followee's room first in GET /hallway {} ms after its POST /rooms", took.toMillis());

        assertThat(took).isLessThanOrEqualTo(FOLLOWEE_ROOM_FIRST);
        assertThat(after.path("version").asLong()).isGreaterThan(before.path("version").asLong());
        JsonNode room = after.path("live").get(0);
        assertThat(room.path("reasons").get(0).asText()).isEqualTo("followed_speaker");
        assertThat(room.path("followed_speaker_ids").get(0).asText()).isEqualTo(bob);
        assertThat(room.path("lifecycle").asText()).isEqualTo("live");
        assertThat(room.path("language").asText()).isEqualTo("pt-BR");
        assertThat(room.path("speaker_ids").toString()).isEqualTo("[\"" + bob + "\"]");
        assertThat(after.path("live").findParents("room_id").stream().filter(r -> r.path("room_id").asText().equals(other)))
            .singleElement().satisfies(r -> assertThat(r.has("language")).as("a room that says no language").isFalse());
        HallwayImpression shown = await().atMost(Duration.ofSeconds(30)).until(() -> SocialTopics.readAll(
                kafka.bootstrapServers(), registry.registryApiUrl(), Topics.HALLWAY_IMPRESSIONS, ann::equals).stream()
            .map(ConsumerRecord::value).filter(i -> i.getRankingVersion() == after.path("version").asLong())
            .findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(shown.getListing()).isEqualTo(HallwayListing.HALLWAY);
        assertThat(shown.getRooms().getFirst().getRoomId()).as("the page as served, logged").isEqualTo(bobs);
        assertThat(shown.getRooms().getFirst().getPosition()).isZero();
        assertThat(shown.getRooms().getFirst().getTerms().getSocial()).as("its features").isPositive();
        JsonNode dispatch = annSession.expect(updated(bobs), Duration.ofSeconds(10));

        annSession.send("op", "join", "room", bobs, "nonce", "j-" + RUN);
        HallwayAttribution clicked = await().atMost(Duration.ofSeconds(30)).until(() -> SocialTopics.readAll(
                kafka.bootstrapServers(), registry.registryApiUrl(), Topics.HALLWAY_ATTRIBUTIONS, ann::equals).stream()
            .map(ConsumerRecord::value).filter(a -> a.getRoomId().equals(bobs)).findFirst(),
            java.util.Optional::isPresent).orElseThrow();
        assertThat(clicked.getPosition()).as("ann joined the room her hallway showed first").isZero();
        assertThat(clicked.getListing()).isEqualTo(HallwayListing.HALLWAY);
        assertThat(clicked.getAfterMs()).isNotNegative();
        assertThat(dispatch.has("room")).as("a user event, not a room fact").isFalse();
        assertThat(dispatch.path("data").path("version").asLong()).isGreaterThan(before.path("version").asLong());
    }

    @Test
    void aUserWhoNeverConnectedIsRankedOnRequestAndTheHallwayPagesWithASignedCursor() throws Exception {
        String cy = "cy-" + RUN;
        String token = rest.devToken(gateway.url(), cy);
        JsonNode first = hallway(token);
        LOG.info("hallway: a user who never connected got version {} on their first GET /hallway (waits at most 3 s)",
            first.path("version").asLong());
        JsonNode computed = await().atMost(Duration.ofSeconds(30)).until(() -> hallway(token),
            h -> h.path("version").asLong() >= 1);
        assertThat(computed.path("cold_start").asBoolean()).as("never connected, follows nobody: ranked on request")
            .isTrue();

        gateway.createRoom("h1-" + RUN);
        gateway.createRoom("h2-" + RUN);
        RecordingClient session = RecordingClient.identified(gateway.url(), cy);
        session.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        await().atMost(Duration.ofSeconds(30)).until(() -> hallway(token).path("live").size() >= 2);

        JsonNode page1 = json(call("GET", "/hallway?limit=1", token, null));
        String cursor = page1.path("next_cursor").asText();
        JsonNode page2 = json(call("GET", "/hallway?limit=1&cursor=" + cursor, token, null));
        assertThat(page1.path("live")).hasSize(1);
        assertThat(page2.path("live")).hasSize(1);
        assertThat(page2.path("live").get(0).path("room_id").asText())
            .isNotEqualTo(page1.path("live").get(0).path("room_id").asText());
        HttpResponse<String> forged = call("GET", "/hallway?cursor=" + cursor.replace('.', 'x'), token, null);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(json(forged).path("error").asText()).isEqualTo("invalid_request");
        assertThat(rest.sendOutsideContract(HttpRequest.newBuilder(URI.create(gateway.url() + "/hallway?limit=0"))
            .header("Authorization", "Bearer " + token).build()).statusCode()).isEqualTo(400);
    }

    /**
     * The three listings beside the hallway, from the read models the real services keep: by category
     * (room-state-stream), trending (ranking-stream's room stats) and friends' rooms (the caller's hallway).
     */
    @Test
    void roomsAreListedByCategoryByMomentumAndWhereFollowedPeopleSpeak() throws Exception {
        String dee = "dee-" + RUN;
        String eve = "eve-" + RUN;
        String deeToken = signUp(dee);
        signUp(eve);
        assertThat(call("PUT", "/users/me/following/users/" + eve, deeToken, null).statusCode()).isEqualTo(204);
        String ai = gateway.createRoom(eve, "{\"title\":\"AI now\",\"topic\":\"tech.ai\",\"visibility\":\"public\"}");
        String jazz = gateway.createRoom("fay-" + RUN,
            "{\"title\":\"Jazz\",\"topic\":\"music.jazz\",\"visibility\":\"public\"}");
        String hidden = gateway.createRoom("gus-" + RUN,
            "{\"title\":\"Secret AI\",\"topic\":\"tech.ai\",\"visibility\":\"private\"}");

        String tech = json(call("GET", "/rooms?category=tech&limit=100", deeToken, null)).path("rooms").toString();
        assertThat(tech).contains(ai).doesNotContain(jazz).doesNotContain(hidden);
        assertThat(json(call("GET", "/rooms?category=music&limit=100", deeToken, null)).path("rooms").toString())
            .contains(jazz).doesNotContain(ai);
        String trending = await().atMost(Duration.ofSeconds(30)).until(() -> everyPage("/rooms/trending", deeToken),
            t -> t.contains(ai) && t.contains(jazz));
        assertThat(trending).as("private rooms never trend").doesNotContain(hidden);

        RecordingClient session = RecordingClient.identified(gateway.url(), dee);
        session.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        JsonNode friends = await().atMost(Duration.ofSeconds(30)).until(
            () -> json(call("GET", "/rooms/friends", deeToken, null)), f -> f.path("live").toString().contains(ai));
        assertThat(friends.path("live")).allSatisfy(r -> assertThat(r.path("followed_speaker_ids")).isNotEmpty());
        assertThat(friends.path("live").toString()).doesNotContain(jazz);
        assertThat(friends.path("upcoming")).isEmpty();

        String eveToken = rest.devToken(gateway.url(), eve);
        String later = gateway.createRoom(eve, "{\"title\":\"AI later\",\"visibility\":\"public\"}");
        JsonNode history1 = await().atMost(Duration.ofSeconds(30)).until(
            () -> json(call("GET", "/users/me/history?limit=1", eveToken, null)),
            h -> h.path("rooms").path(0).path("room_id").asText().equals(later));
        assertThat(history1.path("rooms").get(0).path("role").asText()).isEqualTo("moderator");
        assertThat(history1.path("rooms").get(0).has("left_at")).as("still in it").isFalse();
        JsonNode history2 = json(call("GET", "/users/me/history?limit=1&cursor=" + history1.path("next_cursor").asText(),
            eveToken, null));
        assertThat(history2.path("rooms").get(0).path("room_id").asText()).isEqualTo(ai);
        assertThat(history2.path("rooms").get(0).path("title").asText()).isEqualTo("AI now");
        assertThat(history2.path("rooms").get(0).path("topic").asText()).isEqualTo("tech.ai");
        assertThat(history2.path("rooms").get(0).path("joined_at").asLong()).isPositive();

        HttpResponse<String> badCategory = api.outsideContract("GET", "/rooms?category=Tech%20AI", deeToken, null);
        assertThat(badCategory.statusCode()).isEqualTo(400);
        assertThat(json(badCategory).path("error").asText()).isEqualTo("invalid_request");
        String roomsCursor = json(call("GET", "/rooms?limit=1", deeToken, null)).path("next_cursor").asText();
        assertThat(roomsCursor).as("two live public rooms at least: a second page").isNotEmpty();
        HttpResponse<String> foreign = call("GET", "/rooms/trending?cursor=" + roomsCursor, deeToken, null);
        assertThat(foreign.statusCode()).as("a cursor of another listing").isEqualTo(400);
        assertThat(json(foreign).path("error").asText()).isEqualTo("invalid_request");
    }

    /** The rooms of every page of a listing (the test kit's Redis keeps other tests' rooms too), as JSON text. */
    private static String everyPage(String listing, String token) throws Exception {
        StringBuilder rooms = new StringBuilder();
        String cursor = "";
        do {
            JsonNode page = json(call("GET", listing + "?limit=100" + (cursor.isEmpty() ? "" : "&cursor=" + cursor), token,
                null));
            rooms.append(page.path("rooms"));
            cursor = page.path("next_cursor").asText();
        } while (!cursor.isEmpty());
        return rooms.toString();
    }

    private static Predicate<JsonNode> updated(String firstRoom) {
        return f -> op("DISPATCH").test(f) && "hallway_updated".equals(f.path("t").asText())
            && firstRoom.equals(f.path("data").path("top_room_ids").path(0).asText());
    }

    /** Hidden rooms and reminders (PUT/DELETE /users/me/hidden-rooms|reminders/{id}), through the real services. */
    @Test
    void aHiddenRoomLeavesTheHallwayUntilShownAgainAndOnlyScheduledRoomsTakeReminders() throws Exception {
        String ivy = "ivy-" + RUN;
        String hal = "hal-" + RUN;
        String ivyToken = signUp(ivy);
        String halToken = signUp(hal);
        assertThat(call("PUT", "/users/me/following/users/" + hal, ivyToken, null).statusCode()).isEqualTo(204);
        HttpResponse<String> created = call("POST", "/rooms", halToken, "{\"title\":\"Hank live\",\"visibility\":\"public\"}");
        String room = JSON.readTree(created.body()).path("room_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> first(hallway(ivyToken)).equals(room));

        assertThat(call("PUT", "/users/me/hidden-rooms/" + room, ivyToken, null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/users/me/hidden-rooms/" + room, ivyToken, null).statusCode()).as("idempotent")
            .isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !hallway(ivyToken).path("live").toString().contains(room));
        HttpResponse<String> live = call("PUT", "/users/me/reminders/" + room, ivyToken, null);
        assertThat(live.statusCode()).as("a live room takes no reminder").isEqualTo(409);
        assertThat(json(live).path("error").asText()).isEqualTo("conflict");
        assertThat(call("PUT", "/users/me/hidden-rooms/no-such-room-" + RUN, ivyToken, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/users/me/hidden-rooms/" + "x".repeat(200), ivyToken, null).statusCode()).isEqualTo(400);

        assertThat(call("DELETE", "/users/me/hidden-rooms/" + room, ivyToken, null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> first(hallway(ivyToken)).equals(room));

        HttpResponse<String> scheduled = call("POST", "/rooms", halToken, "{\"title\":\"Later\",\"visibility\":"
            + "\"public\",\"starts_at\":" + (System.currentTimeMillis() + 3_600_000) + "}");
        String later = JSON.readTree(scheduled.body()).path("room_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/rooms/" + later, ivyToken, null).statusCode(),
            status -> status == 200);
        assertThat(call("PUT", "/users/me/reminders/" + later, ivyToken, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/users/me/reminders/" + later, ivyToken, null).statusCode()).isEqualTo(204);
    }

    /**
     * A room's marks end with it: ivy hides hal's room, shows it, hides it again; hal ends the room; social-graph then
     * holds exactly hide, show, hide, and the end's show for that mark, in that order (nothing doubled), and the room
     * can be hidden no more (404).
     */
    @Test
    void theMarksOfARoomEndWhenItEndsEachOnceOnSocialGraph(SchemaRegistryProcess registry, EmbeddedKafka kafka)
            throws Exception {
        String ivy = "ivy2-" + RUN;
        String hal = "hal2-" + RUN;
        String ivyToken = signUp(ivy);
        String halToken = signUp(hal);
        HttpResponse<String> created = call("POST", "/rooms", halToken, "{\"title\":\"Short\",\"visibility\":\"public\"}");
        String room = JSON.readTree(created.body()).path("room_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/rooms/" + room, ivyToken, null).statusCode(),
            status -> status == 200);
        for (String method : List.of("PUT", "DELETE", "PUT")) {
            assertThat(call(method, "/users/me/hidden-rooms/" + room, ivyToken, null).statusCode()).isEqualTo(204);
        }

        RecordingClient host = RecordingClient.identified(gateway.url(), hal);
        host.command("join", room, "join-" + RUN, null);
        host.expect(result("join-" + RUN));
        host.command("end_room", room, "end-" + RUN, null);
        assertThat(host.expect(result("end-" + RUN)).path("outcome").asText()).isEqualTo("applied");

        await().atMost(Duration.ofSeconds(60)).until(() -> hideMarks(kafka, registry, ivy, room).size() >= 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> call("PUT", "/users/me/hidden-rooms/" + room, ivyToken, null)
            .statusCode(), status -> status == 404);
        assertThat(hideMarks(kafka, registry, ivy, room)).as("hide, show, hide, then the room's end, each once")
            .containsExactly(true, false, true, false);
    }

    /** {@code active} of every social-graph HIDES edge from {@code user} to {@code room}, in order. */
    private static List<Boolean> hideMarks(EmbeddedKafka kafka, SchemaRegistryProcess registry, String user,
                                           String room) {
        return SocialTopics.readAll(kafka.bootstrapServers(), registry.registryApiUrl(), Topics.SOCIAL_GRAPH, key -> true)
            .stream().map(ConsumerRecord::value)
            .filter(e -> e.getUserId().equals(user) && e.getRelation() == SocialRelation.HIDES
                && e.getTargetId().equals(room))
            .map(SocialEdge::getActive).toList();
    }

    private static Predicate<JsonNode> result(String nonce) {
        return f -> op("COMMAND_RESULT").test(f) && nonce.equals(f.path("nonce").asText());
    }

    private static String first(JsonNode hallway) {
        return hallway.path("live").path(0).path("room_id").asText();
    }

    private static JsonNode hallway(String token) throws Exception {
        HttpResponse<String> answer = call("GET", "/hallway", token, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private static String signUp(String user) throws Exception {
        return api.signUp(user, user);
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        return api.call(method, path, token, body);
    }
}
