package io.roomcast.loadgen.scenario;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.loadgen.gateway.GatewayHttp;
import io.roomcast.clients.ws.RecordingClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The people of the audio scenario's room on the gateway, as real WebSocket clients spread over the
 * gateway nodes: user 0 is the host (it created the room), the others join it. They heartbeat every
 * 5 s until {@link #close()}. Hand raises, acceptances and kicks go through the gateway as a client
 * sends them; the facts come back on every client's WebSocket.
 */
final class AudioRoom implements AutoCloseable {
    private static final long HEARTBEAT_SECONDS = 5;

    private final GatewayHttp http;
    private final String room;
    private final List<String> users;
    private final List<String> tokens;
    private final List<RecordingClient> clients = new ArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Duration step;

    /**
     * Creates the room (hosted by user 0) and connects and joins everyone.
     *
     * @param gateways base URLs of the gateway nodes; user i connects to node i modulo their number
     * @param users    user ids, host first (unique per run)
     * @param step     longest wait for any step
     * @throws IllegalStateException when a step does not happen within {@code step}
     */
    AudioRoom(List<String> gateways, List<String> users, Duration step) throws Exception {
        this.http = new GatewayHttp(gateways.getFirst());
        this.users = List.copyOf(users);
        this.step = step;
        this.tokens = http.tokens(users);
        this.room = http.createRoom(tokens.getFirst(), "Audio demo", step);
        HttpClient ws = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < users.size(); i++) {
                RecordingClient c = RecordingClient.connect(ws,
                    RecordingClient.webSocketUrl(gateways.get(i % gateways.size())), users.get(i));
                clients.add(c);
                c.expect(op("HELLO"), step);
                c.identify(tokens.get(i), step);
                c.command("join", room, "join-" + c.user(), null);
            }
            for (RecordingClient c : clients) {
                c.expect(op("SNAPSHOT"), step);
            }
            heartbeats.scheduleAtFixedRate(() -> clients.forEach(c -> c.send("op", "HEARTBEAT")),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    String room() {
        return room;
    }

    String user(int i) {
        return users.get(i);
    }

    /** User {@code i} raises its hand and the host accepts it; returns once the host sees it a speaker. */
    void promote(int i) throws InterruptedException {
        RecordingClient host = clients.getFirst();
        clients.get(i).command("raise_hand", room, "hand-" + user(i), null);
        require(host.await(dispatch("hand_raised", user(i)), step), "no hand_raised for " + user(i));
        host.command("accept_hand", room, "accept-" + user(i), user(i));
        require(host.await(dispatch("role_changed", user(i)), step), user(i) + " did not become a speaker");
    }

    /** The host kicks user {@code i}; does not wait. */
    void kick(int i) {
        clients.getFirst().command("kick", room, "kick-" + user(i), user(i));
    }

    /**
     * When the kick of user {@code kicked} was decided: the {@code occurred_at} of the
     * {@code participant_kicked} DISPATCH (RoomEvent.occurredAt, set by the room state machine), as
     * user {@code listener}'s WebSocket received it, waiting for it.
     *
     * @return epoch ms
     */
    long kickDecidedAtMs(int listener, int kicked) throws InterruptedException {
        JsonNode fact = clients.get(listener).await(dispatch("participant_kicked", user(kicked)), step);
        require(fact, user(listener) + " did not learn of the kick of " + user(kicked));
        require(fact.has("occurred_at"), "the participant_kicked DISPATCH has no occurred_at: " + fact);
        return fact.path("occurred_at").asLong();
    }

    /**
     * A media token of user {@code i} ({@code POST /rooms/{id}/media-token}); with {@code speaker},
     * asked again every 200 ms until the read model names the user a speaker.
     *
     * @return the answer: {@code token}, {@code role}, {@code edge}, {@code edge_address}, ...
     */
    JsonNode mediaToken(int i, boolean speaker) throws InterruptedException {
        long deadline = System.nanoTime() + step.toNanos();
        while (true) {
            JsonNode answer = http.mediaToken(room, tokens.get(i));
            if (!speaker || answer.path("role").asText().equals("speaker")) {
                return answer;
            }
            require(System.nanoTime() < deadline, user(i) + " is still " + answer.path("role").asText());
            Thread.sleep(200); // polling the read model over HTTP: there is nothing to wait on
        }
    }

    static void require(Object condition, String failure) {
        if (condition == null || Boolean.FALSE.equals(condition)) {
            throw new IllegalStateException("audio scenario: " + failure);
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        clients.forEach(RecordingClient::abort);
    }
}
