package io.roomcast.loadgen.scenario;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The room scenario, the gateway part of {@code ./roomcast demo}: one room with a host, 3 speakers and
 * 200 listeners spread over two gateway nodes, all real WebSocket clients. Hand raises accepted and denied, a kick
 * and a ban (the banned user's rejoin is rejected), a client that drops and is removed by presence
 * expiry, a client that reconnects to the other node with RESUME and misses nothing. Every client is
 * a {@link RecordingClient}; the summary is computed from what they recorded.
 */
public final class RoomScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(30);
    /** Presence deadline (45 s) plus its check interval and margin. */
    private static final Duration PRESENCE_WAIT = Duration.ofSeconds(75);

    private final List<String> gateways;
    private final int listeners;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final GatewayHttp rest;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<RecordingClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Integer> rejections = new TreeMap<>();
    /** Per client of the crowd, ms from sending its join to its SNAPSHOT arriving, sorted. */
    private final List<Long> crowdJoinMs = new ArrayList<>();

    /**
     * @param gateways  base URLs of the gateway nodes, e.g. {@code http://localhost:8080}
     * @param listeners listeners to connect (200 in the demo)
     */
    public RoomScenario(List<String> gateways, int listeners, PrintStream out) {
        this.gateways = gateways;
        this.listeners = listeners;
        this.out = out;
        this.rest = new GatewayHttp(gateways.getFirst());
    }

    /**
     * @return the summary keys of the demo's JSON line (gateway_nodes, sessions, facts_delivered, fanout_p50_ms, ...)
     * @throws IllegalStateException with what did not happen in time
     */
    public Map<String, Object> run() throws IOException, InterruptedException {
        try {
            return scenario();
        } finally {
            heartbeats.shutdownNow();
            clients.forEach(RecordingClient::abort);
        }
    }

    private Map<String, Object> scenario() throws IOException, InterruptedException {
        String room = createRoom("host-" + run);
        out.println("  room " + room + " created; connecting 1 host, 3 speakers, " + listeners + " listeners over "
            + gateways.size() + " gateway nodes ...");
        RecordingClient host = connect("host-" + run, 0);
        List<RecordingClient> speakers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            speakers.add(connect("speaker-" + i + "-" + run, i));
        }
        List<RecordingClient> audience = new ArrayList<>();
        for (int i = 1; i <= listeners; i++) {
            audience.add(connect("listener-" + i + "-" + run, i));
        }
        heartbeats.scheduleAtFixedRate(() -> clients.forEach(this::heartbeat), 5, 5, TimeUnit.SECONDS);
        Map<RecordingClient, Long> joinSentMs = new HashMap<>();
        for (RecordingClient c : clients) {
            joinSentMs.put(c, System.currentTimeMillis());
            c.command("join", room, "join-" + c.user(), null);
        }
        for (RecordingClient c : clients) {
            c.expect(op("SNAPSHOT"), STEP);
        }
        joinSentMs.forEach((c, sent) -> crowdJoinMs.add(firstSnapshotMs(c) - sent));
        crowdJoinMs.sort(null);
        out.println("  everyone has a snapshot; speakers raise hands, the host accepts them and denies one listener");

        RecordingClient dropped = audience.get(2);
        dropped.abort();
        clients.remove(dropped);

        for (RecordingClient s : speakers) {
            s.command("raise_hand", room, "hand-" + s.user(), null);
            require(host.await(dispatch("hand_raised", s.user()), STEP), "no hand_raised for " + s.user());
            host.command("accept_hand", room, "accept-" + s.user(), s.user());
            require(host.await(dispatch("role_changed", s.user()), STEP), s.user() + " did not become speaker");
        }
        RecordingClient hopeful = audience.get(0);
        hopeful.command("raise_hand", room, "hand-" + hopeful.user(), null);
        require(host.await(dispatch("hand_raised", hopeful.user()), STEP), "no hand_raised for " + hopeful.user());
        host.command("deny_hand", room, "deny-" + hopeful.user(), hopeful.user());
        require(host.await(dispatch("hand_lowered", hopeful.user()), STEP), "no denial for " + hopeful.user());

        out.println("  a kick and a ban; the banned listener tries to come back");
        RecordingClient kicked = audience.get(3);
        RecordingClient banned = audience.get(4);
        host.command("kick", room, "kick-" + kicked.user(), kicked.user());
        host.command("ban", room, "ban-" + banned.user(), banned.user());
        require(host.await(dispatch("participant_banned", banned.user()), STEP), "no ban");
        banned.command("join", room, "rejoin-" + banned.user(), null);
        JsonNode refused = banned.await(f -> f.path("op").asText().equals("COMMAND_RESULT")
            && f.path("nonce").asText().equals("rejoin-" + banned.user()), STEP);
        require(refused != null && refused.path("reason").asText().equals("banned"), "the banned rejoin was not refused");

        out.println("  a listener drops, speakers act meanwhile, it resumes on the other node");
        RecordingClient resumer = audience.get(5);
        String session = resumer.expect(op("READY"), STEP).path("session_id").asText();
        resumer.abort();
        clients.remove(resumer);
        JsonNode lastSeen = lastDispatch(resumer); // after the drop: the last fact it processed
        for (RecordingClient s : speakers) {
            s.command("mute", room, "mute-" + s.user(), null);
        }
        require(host.await(dispatch("participant_muted", speakers.getLast().user()), STEP), "no mute");
        RecordingClient back = connectTo(resumer.user(), 1);
        back.resume(token(resumer.user()), session, room, lastSeen);
        back.expect(op("RESUMED"), STEP);
        clients.add(back); // heartbeats keep the resumed session in the room
        require(back.await(dispatch("participant_muted", speakers.getLast().user()), STEP), "resume missed the mutes");

        out.println("  waiting for presence expiry to remove the dropped listener (about 45 s) ...");
        JsonNode timeout = host.await(f -> dispatch("participant_left", dropped.user()).test(f)
            && f.path("data").path("reason").asText().equals("timeout"), PRESENCE_WAIT);
        require(timeout != null, dropped.user() + " was not removed by presence expiry");

        // The resumed session's whole stream: before the drop, then after the resume. Every fact up to
        // the host's last one is due to it once it has that one (room order): wait for it, then compare.
        long upTo = timeout.path("seq").asLong();
        back.await(f -> isDispatch(f) && f.path("seq").asLong() == upTo, STEP);
        clients.remove(back);
        List<Long> resumed = new ArrayList<>(seqs(resumer));
        resumed.addAll(seqs(back));
        int missed = DispatchAccounting.missedAfterResume(seqs(host), resumed, lastSeen.path("seq").asLong(), upTo);
        return summary(host, missed, List.of(resumer, back), resumed);
    }

    /** When the client's first SNAPSHOT arrived (epoch ms). */
    private static long firstSnapshotMs(RecordingClient c) {
        return c.received().stream().filter(r -> op("SNAPSHOT").test(r.frame())).findFirst().orElseThrow().atMs();
    }

    /** The DISPATCH seqs a client received, in arrival order. */
    private static List<Long> seqs(RecordingClient c) {
        return c.frames().stream().filter(RoomScenario::isDispatch).map(f -> f.path("seq").asLong()).toList();
    }

    /** Every 5 s, as a client does (the gateway announces 15 s); a dropped socket just fails. */
    private void heartbeat(RecordingClient c) {
        try {
            c.send("op", "HEARTBEAT");
        } catch (RuntimeException dropped) {
            clients.remove(c);
        }
    }

    /**
     * @param resumedParts the clients of the resumed session (before the drop, after the resume): their
     *                     facts count once, as the one stream {@code resumed} (DISPATCH seqs)
     */
    private Map<String, Object> summary(RecordingClient host, int missed, List<RecordingClient> resumedParts,
                                        List<Long> resumed) {
        List<Long> latencies = new ArrayList<>();
        int facts = 0;
        List<Long> reference = seqs(host);
        DispatchAccounting.Counts counts = DispatchAccounting.count(reference, resumed);
        int duplicates = counts.duplicates();
        int orderViolations = counts.orderViolations();
        List<RecordingClient> everyone = new ArrayList<>(clients);
        everyone.addAll(resumedParts);
        for (RecordingClient c : everyone) {
            for (RecordingClient.Received r : c.received()) {
                JsonNode f = r.frame();
                if (f.path("op").asText().equals("COMMAND_RESULT") && f.path("outcome").asText().equals("rejected")) {
                    rejections.merge(f.path("reason").asText(), 1, Integer::sum);
                }
                if (isDispatch(f)) {
                    facts++;
                    latencies.add(r.atMs() - f.path("occurred_at").asLong());
                }
            }
            if (!resumedParts.contains(c)) {
                DispatchAccounting.Counts own = DispatchAccounting.count(reference, seqs(c));
                duplicates += own.duplicates();
                orderViolations += own.orderViolations();
            }
        }
        latencies.sort(null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("gateway_nodes", gateways.size());
        summary.put("sessions", clients.size() + 2); // + the dropped one and the resumed one
        summary.put("facts_delivered", facts);
        summary.put("fanout_p50_ms", percentile(latencies, 0.50));
        summary.put("fanout_p99_ms", percentile(latencies, 0.99));
        summary.put("crowd_join_p50_ms", percentile(crowdJoinMs, 0.50));
        summary.put("crowd_join_max_ms", crowdJoinMs.getLast());
        summary.put("resumed_sessions", 1);
        summary.put("missed_after_resume", missed);
        summary.put("duplicates_delivered", duplicates);
        summary.put("order_violations", orderViolations);
        summary.put("presence_expired", 1);
        summary.put("rejections", rejections);
        return summary;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    /** A room fact's DISPATCH (user events such as hallway_updated have no room: docs/protocol.md, "User events"). */
    private static boolean isDispatch(JsonNode f) {
        return f.path("op").asText().equals("DISPATCH") && f.has("room");
    }

    private static JsonNode lastDispatch(RecordingClient c) {
        JsonNode last = c.last(RoomScenario::isDispatch);
        require(last, c.user() + " received no fact");
        return last;
    }

    private static void require(Object condition, String failure) {
        if (condition == null || Boolean.FALSE.equals(condition)) {
            throw new IllegalStateException("room scenario: " + failure);
        }
    }

    private RecordingClient connect(String user, int i) throws IOException, InterruptedException {
        RecordingClient c = connectTo(user, i % gateways.size());
        c.identify(token(user), STEP);
        clients.add(c);
        return c;
    }

    private RecordingClient connectTo(String user, int node) throws InterruptedException {
        RecordingClient c = RecordingClient.connect(http, RecordingClient.webSocketUrl(gateways.get(node % gateways.size())), user);
        c.expect(op("HELLO"), STEP);
        return c;
    }

    private String token(String user) throws IOException, InterruptedException {
        return RecordingClient.devToken(http, gateways.getFirst(), user);
    }

    private String createRoom(String host) throws IOException, InterruptedException {
        return rest.createRoom(token(host), JSON.createObjectNode().put("title", "Demo room").put("topic", "demo"), STEP);
    }
}
