package io.roomcast.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The demo's notification flood (issue 14): a fan follows {@value #ROOMS} people ({@link #follow}, called before the
 * room scenario, so notification-worker has had the follows for minutes when the rooms start), then, connected, sees
 * all of them start a room at once ({@link #run}). notification-worker tells the fan at most their rate limit
 * ({@value #LIMIT}: {@code roomcast.notify.limit-normal}, the frequency of a user without settings) and holds the
 * rest; when the window frees (the local platform's {@code rate-window}, 30 s; 1 h by default) one {@code digest}
 * counts the held rooms that are still live. The hosts stay connected and heartbeat, so their rooms stay live.
 */
public final class NotificationFloodScenario {
    /** Followed people who each start a room. */
    public static final int ROOMS = 20;
    /** notification-worker's rate limit for frequency normal ({@code roomcast.notify.limit-normal}). */
    static final int LIMIT = 10;
    /** How long the fan waits for the digest after the rooms start: the local rate window (30 s), and 30 s more. */
    static final Duration DIGEST_WAIT = Duration.ofSeconds(60);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gateway;
    private final GatewayHttp rest;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String fan = "nf_fan_" + run;
    private final List<String> hostTokens = new ArrayList<>();

    public NotificationFloodScenario(String gateway, PrintStream out) {
        this.gateway = gateway;
        this.rest = new GatewayHttp(gateway);
        this.out = out;
    }

    /**
     * Signs up the fan and the {@value #ROOMS} hosts, and has the fan follow each host.
     *
     * @throws IllegalStateException if the user/club API refuses a request
     */
    public void follow() throws IOException, InterruptedException {
        String fanToken = rest.signUp(fan);
        for (int i = 0; i < ROOMS; i++) {
            String host = "nf_host" + i + "_" + run;
            hostTokens.add(rest.signUp(host));
            rest.call("PUT", "/users/me/following/users/" + host, fanToken, null, 204);
        }
        out.println("  " + fan + " follows " + ROOMS + " people (they start their rooms later, at once)");
    }

    /**
     * The fan and the hosts connect; each host starts a public room; the fan's {@code notification} frames are
     * counted until the digest comes (at most {@link #DIGEST_WAIT}).
     *
     * @return {@code notifications_flood_rooms} ({@value #ROOMS}), {@code notifications_flood_told} (frames naming
     *     one of the rooms; the rate limit is {@value #LIMIT}), {@code notifications_flood_digests} (digest frames: 1)
     *     and {@code notifications_flood_digest_count} (the digest's count of held rooms still live, or -1)
     * @throws IllegalStateException if a request is refused or a session cannot connect
     */
    public Map<String, Object> run() throws IOException, InterruptedException {
        List<RecordingClient> sessions = new ArrayList<>();
        sessions.add(RecordingClient.identified(http, gateway, fan, STEP));
        for (int i = 0; i < ROOMS; i++) {
            sessions.add(RecordingClient.identified(http, gateway, "nf_host" + i + "_" + run, STEP));
        }
        // Heartbeats every 5 s, as a client does: the gateway closes a silent session, and a host's presence keeps
        // their room live until the digest.
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> sessions.forEach(
            c -> c.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis())), 0, 5, TimeUnit.SECONDS);
        try {
            return flood(sessions.getFirst());
        } finally {
            sessions.forEach(RecordingClient::abort);
            heartbeats.shutdownNow();
        }
    }

    private Map<String, Object> flood(RecordingClient fanSession) throws IOException, InterruptedException {
        Set<String> rooms = new HashSet<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(rest.call("POST", "/rooms", hostTokens.get(i), JSON.createObjectNode()
                .put("title", "Flood " + i).put("visibility", "public"), 202).path("room_id").asText());
        }
        out.println("  " + ROOMS + " followed people started a room; waiting for the fan's digest");
        Predicate<JsonNode> notification = f -> "DISPATCH".equals(f.path("op").asText())
            && "notification".equals(f.path("t").asText());
        Predicate<JsonNode> digest = notification.and(f -> "digest".equals(f.path("data").path("kind").asText()));
        JsonNode first = fanSession.await(digest, DIGEST_WAIT);
        // One heartbeat answered after the digest: the session has read past any frame the node sent before it.
        long acks = fanSession.frames().stream().filter(f -> "HEARTBEAT_ACK".equals(f.path("op").asText())).count();
        fanSession.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
        fanSession.await(f -> fanSession.frames().stream()
            .filter(g -> "HEARTBEAT_ACK".equals(g.path("op").asText())).count() > acks, STEP);
        List<JsonNode> frames = fanSession.frames().stream().filter(notification).toList();
        long told = frames.stream().filter(f -> rooms.contains(f.path("data").path("room_id").asText())).count();
        long digests = frames.stream().filter(digest).count();
        int count = first == null ? -1 : first.path("data").path("count").asInt(-1);
        out.println("  the fan was told of " + told + " rooms (limit " + LIMIT + ") and got " + digests
            + " digest(s)" + (first == null ? "" : " counting " + count + " more live rooms"));
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("notifications_flood_rooms", ROOMS);
        keys.put("notifications_flood_told", told);
        keys.put("notifications_flood_digests", digests);
        keys.put("notifications_flood_digest_count", count);
        return keys;
    }

}
