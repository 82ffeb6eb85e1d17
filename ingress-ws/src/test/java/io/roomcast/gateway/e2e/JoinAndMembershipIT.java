package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.TestGateway;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The join sequence and the subscription rules of docs/protocol.md ("Joining a room", "Subscriptions")
 * against a real gateway node and room-state-stream: one COMMAND_RESULT per join, from the decision;
 * no fact of a room after the session's own removal from it; a rejoin starts with a SNAPSHOT again; a second
 * join of a session in the room gets its answer and no second SNAPSHOT.
 */
@IntegrationTest
class JoinAndMembershipIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static ServiceProcess roomState;
    private static TestGateway gateway;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), "join-" + RUN);
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-join"));
    }

    @AfterAll
    static void stop() {
        TestGateway.closeAll(gateway, roomState);
    }

    @Test
    void theCreatorsJoinIsAnsweredOnceRejectedAlreadyInTheRoom_thenItsSnapshotAndTheStream() throws Exception {
        String host = "host-a-" + RUN;
        String room = gateway.createRoom(host);
        RecordingClient h = RecordingClient.identified(gateway.url(), host);

        h.command("join", room, "j-host", null);
        JsonNode snapshot = h.expect(op("SNAPSHOT"));
        RecordingClient guest = joined(room, "guest-a-" + RUN, "j-guest");
        h.expect(dispatch("participant_joined", guest.user()));

        List<JsonNode> results = resultsFor(h, "j-host");
        assertThat(results).hasSize(1);
        assertThat(results.getFirst().path("outcome").asText()).isEqualTo("rejected");
        assertThat(results.getFirst().path("reason").asText()).isEqualTo("invalid_transition");
        assertThat(snapshot.toString()).contains(host);
        assertThat(h.frames().indexOf(results.getFirst())).as("the result, then the snapshot")
            .isLessThan(h.frames().indexOf(snapshot));
    }

    @Test
    void aSecondJoinOfASessionInTheRoomIsAnsweredRejectedWithNoSecondSnapshot_andTheStreamGoesOn() throws Exception {
        RecordingClient h = RecordingClient.identified(gateway.url(), "host-f-" + RUN);
        String room = hostedRoom(h);
        RecordingClient fay = joined(room, "fay-f-" + RUN, "j-1");

        fay.command("join", room, "j-2", null);
        JsonNode again = fay.expect(result("j-2"));
        rename(h, room, "rename-f");
        JsonNode renamed = fay.expect(ROOM_UPDATED);

        assertThat(again.path("outcome").asText()).isEqualTo("rejected");
        assertThat(again.path("reason").asText()).isEqualTo("invalid_transition");
        assertThat(fay.frames()).containsSubsequence(again, renamed);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
            .until(() -> fay.frames().stream().filter(op("SNAPSHOT")).count() == 1);
    }

    @Test
    void anAppliedJoinIsSnapshotThenOneAppliedResultThenTheStream() throws Exception {
        String room = gateway.createRoom("host-b-" + RUN);
        RecordingClient ann = RecordingClient.identified(gateway.url(), "ann-b-" + RUN);

        ann.command("join", room, "j-ann", null);
        JsonNode snapshot = ann.expect(op("SNAPSHOT"));
        JsonNode applied = ann.expect(result("j-ann"));
        RecordingClient bob = joined(room, "bob-b-" + RUN, "j-bob");
        JsonNode bobJoined = ann.expect(dispatch("participant_joined", bob.user()));

        assertThat(snapshot.toString()).contains(ann.user());
        assertThat(applied.path("outcome").asText()).isEqualTo("applied");
        assertThat(ann.frames()).containsSubsequence(snapshot, applied, bobJoined);
        assertThat(resultsFor(ann, "j-ann")).hasSize(1);
        assertThat(ann.frames().stream().filter(dispatch("participant_joined", ann.user())))
            .as("its own join is inside the snapshot").isEmpty();
        assertThat(bobJoined.path("version").asLong()).isGreaterThan(snapshot.path("version").asLong());
    }

    @Test
    void aBannedUsersRejoinIsRefusedOnce_withNoSnapshotAndNoFactsOfTheRoom() throws Exception {
        RecordingClient h = RecordingClient.identified(gateway.url(), "host-c-" + RUN);
        String room = hostedRoom(h);
        RecordingClient mallory = joined(room, "mallory-c-" + RUN, "j-1");

        h.command("ban", room, "ban-mallory", mallory.user());
        mallory.expect(dispatch("participant_left", mallory.user()));
        mallory.command("join", room, "j-2", null);
        JsonNode refused = mallory.expect(result("j-2"));
        rename(h, room, "rename");
        h.expect(result("rename"));

        assertThat(refused.path("outcome").asText()).isEqualTo("rejected");
        assertThat(refused.path("reason").asText()).isEqualTo("banned");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
            .until(() -> resultsFor(mallory, "j-2").size() == 1);
        assertThat(mallory.frames().stream().filter(op("SNAPSHOT"))).as("only the first join's").hasSize(1);
        assertThat(afterOwnRemoval(mallory)).isEmpty();
    }

    /** Issue 11, A54: RESUME names rooms as join does, and a room the user may not be in is dropped. */
    @Test
    void aBannedUsersResumeNamingTheRoomGetsNothingOfIt() throws Exception {
        RecordingClient h = RecordingClient.identified(gateway.url(), "host-e-" + RUN);
        String room = hostedRoom(h);
        RecordingClient eve = joined(room, "eve-e-" + RUN, "j-1");
        String session = eve.expect(op("READY")).path("session_id").asText();
        h.command("ban", room, "ban-eve", eve.user());
        JsonNode lastSeen = eve.expect(dispatch("participant_left", eve.user()));
        eve.abort();

        RecordingClient again = RecordingClient.connect(RecordingClient.webSocketUrl(gateway.url()));
        again.expect(op("HELLO"));
        again.resume(RecordingClient.devToken(gateway.url(), eve.user()), session, room,
            ((com.fasterxml.jackson.databind.node.ObjectNode) lastSeen.deepCopy()).put("seq", 0).put("version", 0));
        again.expect(op("RESUMED"));
        rename(h, room, "rename-e");
        h.expect(ROOM_UPDATED);
        RecordingClient other = joined(room, "otto-e-" + RUN, "j-otto");

        assertThat(other.expect(op("SNAPSHOT")).toString()).contains("renamed rename-e");
        assertThat(again.frames()).as("no SNAPSHOT, no DISPATCH of the room it was banned from")
            .noneMatch(f -> op("SNAPSHOT").test(f) || op("DISPATCH").test(f));
    }

    @Test
    void aKickedSessionGetsTheKickThenNothing_andItsRejoinStartsWithASnapshotAgain() throws Exception {
        RecordingClient h = RecordingClient.identified(gateway.url(), "host-d-" + RUN);
        String room = hostedRoom(h);
        RecordingClient kim = joined(room, "kim-d-" + RUN, "j-1");

        h.command("kick", room, "kick-kim", kim.user());
        kim.expect(dispatch("participant_kicked", kim.user()));
        kim.expect(dispatch("participant_left", kim.user()));
        rename(h, room, "rename-1");
        h.expect(ROOM_UPDATED);
        assertThat(afterOwnRemoval(kim)).as("no room_updated after the kick").isEmpty();

        int before = kim.frames().size();
        kim.command("join", room, "j-2", null);
        JsonNode again = kim.expect(f -> kim.frames().indexOf(f) >= before && op("SNAPSHOT").test(f));
        JsonNode applied = kim.expect(result("j-2"));
        rename(h, room, "rename-2");
        JsonNode renamed = kim.expect(f -> kim.frames().indexOf(f) > kim.frames().indexOf(applied)
            && ROOM_UPDATED.test(f));

        assertThat(applied.path("outcome").asText()).isEqualTo("applied");
        assertThat(kim.frames().subList(before, kim.frames().size())).containsSubsequence(again, applied, renamed);
        assertThat(kim.frames().subList(before, kim.frames().indexOf(again)))
            .as("nothing of the room before the new snapshot").noneMatch(op("DISPATCH"));
    }

    private static final Predicate<JsonNode> ROOM_UPDATED = f -> op("DISPATCH").test(f)
        && f.path("t").asText().equals("room_updated");

    /** A moderator's update_room with a new title. */
    private static void rename(RecordingClient moderator, String room, String nonce) {
        var frame = moderator.frame("update_room").put("room", room).put("nonce", nonce);
        frame.putObject("args").put("title", "renamed " + nonce);
        moderator.send(frame);
    }

    /** A new room created by {@code host}, whose session receives it (its join answered, its SNAPSHOT received). */
    private static String hostedRoom(RecordingClient host) throws Exception {
        String room = gateway.createRoom(host.user());
        host.command("join", room, "j-host", null);
        host.expect(op("SNAPSHOT"));
        return room;
    }

    /** A user identified on the gateway, in {@code room} (its SNAPSHOT and applied result received). */
    private static RecordingClient joined(String room, String user, String nonce) throws Exception {
        RecordingClient c = RecordingClient.identified(gateway.url(), user);
        c.command("join", room, nonce, null);
        c.expect(op("SNAPSHOT"));
        assertThat(c.expect(result(nonce)).path("outcome").asText()).isEqualTo("applied");
        return c;
    }

    private static Predicate<JsonNode> result(String nonce) {
        return f -> op("COMMAND_RESULT").test(f) && f.path("nonce").asText().equals(nonce);
    }

    private static List<JsonNode> resultsFor(RecordingClient c, String nonce) {
        return c.frames().stream().filter(result(nonce)).toList();
    }

    /** The DISPATCHes a client got after its own participant_left. */
    private static List<JsonNode> afterOwnRemoval(RecordingClient c) {
        List<JsonNode> frames = c.frames();
        int left = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (dispatch("participant_left", c.user()).test(frames.get(i))) {
                left = i;
            }
        }
        assertThat(left).as("its own participant_left").isNotNegative();
        return frames.subList(left + 1, frames.size()).stream().filter(op("DISPATCH")).toList();
    }
}
