package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
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
 * The room access rules that use the social graph (issue 12, point 4), end to end: social-graph
 * records written to Kafka with the catalog's serde, room-state-stream reading them as a global
 * table, clients on a real gateway node. The edges are written before room-state-stream starts, so
 * its global store holds them before it decides any command (Kafka Streams restores global stores
 * first).
 */
@IntegrationTest
class RoomAccessIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String HOST = "host-" + RUN;
    private static final String FRIEND = "friend-" + RUN;
    private static final String STRANGER = "stranger-" + RUN;
    private static final String PEST = "pest-" + RUN;
    private static ServiceProcess roomState;
    private static TestGateway gateway;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) throws Exception {
        try (KafkaProducer<String, SocialEdge> edges = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), EventSerdes.key(Topics.SOCIAL_GRAPH).serializer(),
                EventSerdes.value(Topics.SOCIAL_GRAPH, EventSerdes.config(registry.registryApiUrl())).serializer())) {
            for (SocialEdge edge : new SocialEdge[] {
                edge(HOST, SocialRelation.FOLLOWS, FRIEND, true),
                edge(STRANGER, SocialRelation.FOLLOWS, HOST, true),
                edge(HOST, SocialRelation.FOLLOWS, PEST, true),
                edge(HOST, SocialRelation.BLOCKS, PEST, true)}) {
                edges.send(new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(), Topics.socialEdgeKey(edge), edge)).get();
            }
        }
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), "access-" + RUN);
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-access"));
    }

    @AfterAll
    static void stop() {
        TestGateway.closeAll(gateway, roomState);
    }

    private static SocialEdge edge(String user, SocialRelation relation, String target, boolean active) {
        return SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(user)
            .setRelation(relation).setTargetType(SocialTargetType.USER).setTargetId(target).setActive(active).build();
    }

    @Test
    void aSocialRoomRefusesWhomTheHostDoesNotFollowAndAdmitsAFollowedUser() throws Exception {
        String room = gateway.createRoom(HOST, "{\"title\":\"Friends only\",\"visibility\":\"social\"}");
        RecordingClient stranger = RecordingClient.identified(gateway.url(), STRANGER);
        RecordingClient friend = RecordingClient.identified(gateway.url(), FRIEND);

        stranger.command("join", room, "j-stranger", null);
        JsonNode refused = stranger.expect(result("j-stranger"));
        friend.command("join", room, "j-friend", null);
        JsonNode snapshot = friend.expect(op("SNAPSHOT"));
        JsonNode applied = friend.expect(result("j-friend"));

        assertThat(refused.path("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.path("reason").asText()).as("the stranger follows the host, not the other way")
            .isEqualTo("not_followed");
        assertThat(stranger.frames()).noneMatch(op("SNAPSHOT"));
        assertThat(applied.path("outcome").asText()).isEqualTo("applied");
        assertThat(snapshot.path("data").path("details").path("visibility").asText()).isEqualTo("social");
        assertThat(snapshot.path("data").path("participants").toString()).contains(FRIEND);
    }

    @Test
    void aUserTheHostBlocksIsRejectedWithBlocked() throws Exception {
        String room = gateway.createRoom(HOST);
        RecordingClient pest = RecordingClient.identified(gateway.url(), PEST);

        pest.command("join", room, "j-pest", null);
        JsonNode refused = pest.expect(result("j-pest"));

        assertThat(refused.path("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.path("reason").asText()).as("followed, but blocked").isEqualTo("blocked");
        assertThat(pest.frames()).noneMatch(op("SNAPSHOT"));
    }

    @Test
    void anApprovalRoomAdmitsAfterAModeratorsApprovalAndDeniesAnother() throws Exception {
        String room = gateway.createRoom(HOST,
            "{\"title\":\"Ask first\",\"visibility\":\"public\",\"settings\":{\"approval_required\":true}}");
        RecordingClient host = RecordingClient.identified(gateway.url(), HOST);
        host.command("join", room, "j-host", null);
        host.expect(op("SNAPSHOT"));
        String ann = "ann-" + RUN;
        String bob = "bob-" + RUN;
        RecordingClient a = RecordingClient.identified(gateway.url(), ann);
        RecordingClient b = RecordingClient.identified(gateway.url(), bob);

        a.command("join", room, "j-ann", null);
        JsonNode pendingSnapshot = a.expect(op("SNAPSHOT"));
        JsonNode pending = a.expect(result("j-ann"));
        host.expect(dispatch("join_requested", ann));
        host.command("approve_join", room, "approve-ann", ann);
        JsonNode closed = a.expect(dispatch("join_request_closed", ann));
        JsonNode joined = a.expect(dispatch("participant_joined", ann));

        assertThat(pending.path("outcome").asText()).isEqualTo("applied");
        assertThat(pending.path("pending").asBoolean()).as("the join waits for a moderator").isTrue();
        assertThat(pendingSnapshot.path("data").path("join_requests").toString()).contains(ann);
        assertThat(pendingSnapshot.path("data").path("participants").toString()).doesNotContain(ann);
        assertThat(closed.path("data").path("reason").asText()).isEqualTo("approved");
        assertThat(joined.path("actor").asText()).as("admitted by the host").isEqualTo(HOST);
        assertThat(a.frames()).containsSubsequence(pendingSnapshot, pending, closed, joined);

        b.command("join", room, "j-bob", null);
        assertThat(b.expect(result("j-bob")).path("pending").asBoolean()).isTrue();
        host.expect(dispatch("join_requested", bob));
        host.command("deny_join", room, "deny-bob", bob);
        JsonNode denied = b.expect(dispatch("join_request_closed", bob));
        var rename = host.frame("update_room").put("room", room).put("nonce", "rename");
        rename.putObject("args").put("title", "after the denial");
        host.send(rename);
        a.expect(ROOM_UPDATED);

        assertThat(denied.path("data").path("reason").asText()).isEqualTo("denied");
        assertThat(b.frames().subList(b.frames().indexOf(denied) + 1, b.frames().size()))
            .as("nothing of the room after the denial").noneMatch(op("DISPATCH"));
        assertThat(b.frames()).noneMatch(dispatch("participant_joined", bob));
    }

    @Test
    void aPrivateRoomIsHiddenFromStrangersAndShownToInvitees() throws Exception {
        String room = gateway.createRoom(HOST, "{\"title\":\"Hidden\",\"visibility\":\"private\"}");
        String invitee = "ivy-" + RUN;
        RecordingClient host = RecordingClient.identified(gateway.url(), HOST);
        host.command("join", room, "j-host", null);
        host.expect(op("SNAPSHOT"));

        assertThat(status(STRANGER, room)).isEqualTo(404);
        assertThat(status(invitee, room)).as("not invited yet").isEqualTo(404);
        host.command("invite_to_room", room, "invite-ivy", invitee);
        host.expect(result("invite-ivy"));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(invitee, room) == 200);
        assertThat(status(STRANGER, room)).isEqualTo(404);
        assertThat(status("nobody-" + RUN, "r-no-such-room-" + RUN)).as("the same answer as no room at all")
            .isEqualTo(404);
    }

    private static final Predicate<JsonNode> ROOM_UPDATED = f -> op("DISPATCH").test(f)
        && f.path("t").asText().equals("room_updated");

    private static int status(String user, String room) throws Exception {
        try (OpenApiTraffic rest = OpenApiTraffic.create()) {
            String token = rest.devToken(gateway.url(), user);
            return rest.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/rooms/" + room))
                .header("Authorization", "Bearer " + token).build()).statusCode();
        }
    }

    private static Predicate<JsonNode> result(String nonce) {
        return f -> op("COMMAND_RESULT").test(f) && f.path("nonce").asText().equals(nonce);
    }
}
