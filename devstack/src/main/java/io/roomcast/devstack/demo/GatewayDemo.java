package io.roomcast.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway part of {@code ./roomcast demo}: one room with a host, 3 speakers and 200 listeners
 * spread over two gateway nodes, all real WebSocket clients. Hand raises accepted and denied, a kick
 * and a ban (the banned user's rejoin is rejected), a client that drops and is removed by presence
 * expiry, a client that reconnects to the other node with RESUME and misses nothing.
 */
public final class GatewayDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(30);
    /** Presence deadline (45 s) plus its check interval and margin. */
    private static final Duration PRESENCE_WAIT = Duration.ofSeconds(75);

    private final List<String> gateways;
    private final int listeners;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<DemoClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Integer> rejections = new TreeMap<>();

    /**
     * @param gateways  base URLs of the gateway nodes, e.g. {@code http://localhost:8080}
     * @param listeners listeners to connect (200 in the demo)
     */
    public GatewayDemo(List<String> gateways, int listeners, PrintStream out) {
        this.gateways = gateways;
        this.listeners = listeners;
        this.out = out;
    }

    /**
     * @return the summary keys of the demo's JSON line
     * @throws IllegalStateException with what did not happen in time
     */
    public Map<String, Object> run() throws IOException, InterruptedException {
        try {
            return scenario();
        } finally {
            heartbeats.shutdownNow();
            clients.forEach(DemoClient::drop);
        }
    }

    private Map<String, Object> scenario() throws IOException, InterruptedException {
        String room = createRoom("host-" + run);
        out.println("  room " + room + " created; connecting 1 host, 3 speakers, " + listeners + " listeners over "
            + gateways.size() + " gateway nodes ...");
        DemoClient host = connect("host-" + run, 0);
        List<DemoClient> speakers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            speakers.add(connect("speaker-" + i + "-" + run, i));
        }
        List<DemoClient> audience = new ArrayList<>();
        for (int i = 1; i <= listeners; i++) {
            audience.add(connect("listener-" + i + "-" + run, i));
        }
        heartbeats.scheduleAtFixedRate(() -> clients.forEach(this::heartbeat), 5, 5, TimeUnit.SECONDS);
        for (DemoClient c : clients) {
            c.command("join", room, "join-" + c.user, null);
        }
        for (DemoClient c : clients) {
            require(c.await(DemoClient.op("SNAPSHOT"), STEP), c.user + " got no SNAPSHOT");
        }
        out.println("  everyone has a snapshot; speakers raise hands, the host accepts them and denies one listener");

        DemoClient dropped = audience.get(2);
        dropped.drop();
        clients.remove(dropped);

        for (DemoClient s : speakers) {
            s.command("raise_hand", room, "hand-" + s.user, null);
            require(host.await(dispatch("hand_raised", s.user), STEP), "no hand_raised for " + s.user);
            host.command("accept_hand", room, "accept-" + s.user, s.user);
            require(host.await(dispatch("role_changed", s.user), STEP), s.user + " did not become speaker");
        }
        DemoClient hopeful = audience.get(0);
        hopeful.command("raise_hand", room, "hand-" + hopeful.user, null);
        require(host.await(dispatch("hand_raised", hopeful.user), STEP), "no hand_raised for " + hopeful.user);
        host.command("deny_hand", room, "deny-" + hopeful.user, hopeful.user);
        require(host.await(dispatch("hand_lowered", hopeful.user), STEP), "no denial for " + hopeful.user);

        out.println("  a kick and a ban; the banned listener tries to come back");
        DemoClient kicked = audience.get(3);
        DemoClient banned = audience.get(4);
        host.command("kick", room, "kick-" + kicked.user, kicked.user);
        host.command("ban", room, "ban-" + banned.user, banned.user);
        require(host.await(dispatch("participant_banned", banned.user), STEP), "no ban");
        banned.command("join", room, "rejoin-" + banned.user, null);
        JsonNode refused = banned.await(f -> f.path("op").asText().equals("COMMAND_RESULT")
            && f.path("nonce").asText().equals("rejoin-" + banned.user), STEP);
        require(refused != null && refused.path("reason").asText().equals("banned"), "the banned rejoin was not refused");

        out.println("  a listener drops, speakers act meanwhile, it resumes on the other node");
        DemoClient resumer = audience.get(5);
        JsonNode lastSeen = lastDispatch(resumer);
        String session = resumer.await(DemoClient.op("READY"), STEP).path("session_id").asText();
        resumer.drop();
        clients.remove(resumer);
        for (DemoClient s : speakers) {
            s.command("mute", room, "mute-" + s.user, null);
        }
        require(host.await(dispatch("participant_muted", speakers.getLast().user), STEP), "no mute");
        DemoClient back = connectTo(resumer.user, 1);
        back.send(back.frame("RESUME").put("token", token(resumer.user)).put("session_id", session)
            .set("rooms", JSON.createObjectNode().set(room, JSON.createObjectNode()
                .put("seq", lastSeen.path("seq").asLong()).put("epoch", lastSeen.path("epoch").asInt())
                .put("version", lastSeen.path("version").asLong()))));
        require(back.await(DemoClient.op("RESUMED"), STEP), "no RESUMED");
        require(back.await(dispatch("participant_muted", speakers.getLast().user), STEP), "resume missed the mutes");
        int missed = missedAfterResume(host, lastSeen, back);

        out.println("  waiting for presence expiry to remove the dropped listener (about 45 s) ...");
        JsonNode timeout = host.await(f -> dispatch("participant_left", dropped.user).test(f)
            && f.path("data").path("reason").asText().equals("timeout"), PRESENCE_WAIT);
        require(timeout != null, dropped.user + " was not removed by presence expiry");

        return summary(host, missed);
    }

    /** Every 5 s, as a client does (the gateway announces 15 s); a dropped socket just fails. */
    private void heartbeat(DemoClient c) {
        try {
            c.send(c.frame("HEARTBEAT"));
        } catch (RuntimeException dropped) {
            clients.remove(c);
        }
    }

    private int missedAfterResume(DemoClient reference, JsonNode lastSeen, DemoClient resumed) {
        long from = lastSeen.path("seq").asLong();
        Set<Long> expected = new HashSet<>();
        Set<Long> got = new HashSet<>();
        for (DemoClient.Received r : reference.received) {
            if (isDispatch(r.frame()) && r.frame().path("seq").asLong() > from) {
                expected.add(r.frame().path("seq").asLong());
            }
        }
        resumed.received.stream().filter(r -> isDispatch(r.frame())).forEach(r -> got.add(r.frame().path("seq").asLong()));
        expected.removeAll(got);
        return expected.size();
    }

    private Map<String, Object> summary(DemoClient host, int missed) {
        List<Long> latencies = new ArrayList<>();
        int facts = 0;
        int duplicates = 0;
        int orderViolations = 0;
        Map<Long, Integer> hostOrder = new HashMap<>();
        host.received.stream().filter(r -> isDispatch(r.frame()))
            .forEach(r -> hostOrder.putIfAbsent(r.frame().path("seq").asLong(), hostOrder.size()));
        for (DemoClient c : clients) {
            Set<Long> seen = new HashSet<>();
            int lastIndex = -1;
            for (DemoClient.Received r : c.received) {
                JsonNode f = r.frame();
                if (f.path("op").asText().equals("COMMAND_RESULT") && f.path("outcome").asText().equals("rejected")) {
                    rejections.merge(f.path("reason").asText(), 1, Integer::sum);
                }
                if (!isDispatch(f)) {
                    continue;
                }
                facts++;
                long seq = f.path("seq").asLong();
                if (!seen.add(seq)) {
                    duplicates++;
                }
                Integer index = hostOrder.get(seq);
                if (index != null) {
                    orderViolations += index < lastIndex ? 1 : 0;
                    lastIndex = Math.max(lastIndex, index);
                }
                latencies.add(r.atMs() - f.path("occurred_at").asLong());
            }
        }
        latencies.sort(null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("gateway_nodes", gateways.size());
        summary.put("sessions", clients.size() + 2);
        summary.put("facts_delivered", facts);
        summary.put("fanout_p50_ms", percentile(latencies, 0.50));
        summary.put("fanout_p99_ms", percentile(latencies, 0.99));
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

    private static boolean isDispatch(JsonNode f) {
        return f.path("op").asText().equals("DISPATCH");
    }

    private static java.util.function.Predicate<JsonNode> dispatch(String type, String participant) {
        return f -> isDispatch(f) && f.path("t").asText().equals(type)
            && f.path("data").path("participant_id").asText().equals(participant);
    }

    private static JsonNode lastDispatch(DemoClient c) {
        return c.received.stream().map(DemoClient.Received::frame).filter(GatewayDemo::isDispatch)
            .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException(c.user + " received no fact"));
    }

    private static void require(Object condition, String failure) {
        if (condition == null || Boolean.FALSE.equals(condition)) {
            throw new IllegalStateException("gateway demo: " + failure);
        }
    }

    private DemoClient connect(String user, int i) throws IOException, InterruptedException {
        DemoClient c = connectTo(user, i % gateways.size());
        c.send(c.frame("IDENTIFY").put("token", token(user)));
        require(c.await(DemoClient.op("READY"), STEP), user + " got no READY");
        clients.add(c);
        return c;
    }

    private DemoClient connectTo(String user, int node) throws InterruptedException {
        DemoClient c = new DemoClient(http, gateways.get(node % gateways.size()).replace("http", "ws") + "/ws", user);
        require(c.await(DemoClient.op("HELLO"), STEP), user + " got no HELLO");
        return c;
    }

    private String token(String user) throws IOException, InterruptedException {
        return post(gateways.getFirst() + "/dev/token", null, "{\"user_id\":\"" + user + "\"}").path("token").asText();
    }

    private String createRoom(String host) throws IOException, InterruptedException {
        String room = post(gateways.getFirst() + "/rooms", token(host), "{\"title\":\"Demo room\",\"topic\":\"demo\"}")
            .path("room_id").asText();
        String token = token(host);
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> got = http.send(HttpRequest.newBuilder(URI.create(gateways.getFirst() + "/rooms/" + room))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
            if (got.statusCode() == 200) {
                return room;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gateway demo: room " + room + " did not appear in the read model");
    }

    private JsonNode post(String url, String bearer, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("gateway demo: POST " + url + " answered " + response.statusCode()
                + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
