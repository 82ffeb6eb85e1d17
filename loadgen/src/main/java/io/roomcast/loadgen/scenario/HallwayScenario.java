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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The hallway part of the demo (issue 13): a follower connected over the WebSocket, the user they follow starts a
 * room (and so is in it on stage); the demo times how long until the follower's {@code GET /hallway} lists that
 * room first, waits for the follower's {@code hallway_updated} DISPATCH, then lets the follower and
 * {@value #LISTENERS} more listeners join the room and reads its peak from {@code GET /rooms/{id}/stats}.
 *
 * <p>Notifications (issue 14) in the same scenario: the follower and {@value #NOTIFY_FOLLOWERS} more followers of the
 * followee are connected when the room starts; each should get exactly one {@code notification} DISPATCH naming the
 * room and exactly one row for it in {@code GET /notifications}. One more follower, connected, has quiet hours all day
 * ({@code PUT /users/me/notification-settings}) and should get neither.
 */
public final class HallwayScenario {
    /** Listeners who join the followee's room besides the follower. */
    static final int LISTENERS = 4;
    /** Connected followers of the followee besides the hallway's follower, told of the room by a notification. */
    static final int NOTIFY_FOLLOWERS = 3;
    /** How long each follower's session waits for the room's notification frame. */
    static final Duration NOTIFICATION_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(30);
    /** The demo room's topic, and the only thing the cold-start user follows. */
    static final String COLD_START_TOPIC = "tech.ai";
    /** The bound: the followee's room first in the follower's hallway within 2 s. */
    static final Duration FIRST_ROOM_BOUND = Duration.ofSeconds(2);
    /**
     * How long the follower's hallway is polled for the room: two of ranking-stream's periodic re-rankings
     * ({@code roomcast.hallway.refresh}, 30 s), which list it even if the nudge path did not.
     */
    static final Duration FIRST_ROOM_WAIT = Duration.ofSeconds(60);

    private final String gateway;
    private final GatewayHttp rest;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    public HallwayScenario(String gateway, PrintStream out) {
        this.gateway = gateway;
        this.rest = new GatewayHttp(gateway);
        this.out = out;
    }

    /**
     * @return keys {@code hallway_first_room_correct} (the followee's room came first within
     *     {@link #FIRST_ROOM_BOUND}), {@code hallway_update_ms} (from the followee's {@code POST /rooms} to the
     *     follower's {@code GET /hallway} listing it first, ms; -1 if it never did within 30 s),
     *     {@code hallway_updated_received} (the follower's session got a {@code hallway_updated} naming it) and
     *     {@code room_stats_peak} (peak concurrent of that room from {@code GET /rooms/{id}/stats} once everyone
     *     joined); and the notification keys of {@link #notifications}
     * @throws IllegalStateException if a request is refused or a wait runs out
     */
    public Map<String, Object> run() throws IOException, InterruptedException {
        String follower = "hw_fan_" + run;
        String followee = "hw_star_" + run;
        String fanToken = rest.signUp(follower);
        String starToken = rest.signUp(followee);
        rest.call("PUT", "/users/me/following/users/" + followee, fanToken, null, 204);
        out.println("  " + follower + " follows " + followee + ", connects and heartbeats");
        RecordingClient fan = RecordingClient.identified(http, gateway, follower, STEP);
        Map<RecordingClient, String> notified = new LinkedHashMap<>(Map.of(fan, fanToken));
        for (int i = 0; i < NOTIFY_FOLLOWERS; i++) {
            String user = "nt_fan" + i + "_" + run;
            String token = rest.signUp(user);
            rest.call("PUT", "/users/me/following/users/" + followee, token, null, 204);
            notified.put(RecordingClient.identified(http, gateway, user, STEP), token);
        }
        String quietUser = "nt_quiet_" + run;
        String quietToken = rest.signUp(quietUser);
        rest.call("PUT", "/users/me/notification-settings", quietToken, JSON.createObjectNode()
            .set("quiet_hours", JSON.createObjectNode().put("start", "00:00").put("end", "23:59")), 200);
        rest.call("PUT", "/users/me/following/users/" + followee, quietToken, null, 204);
        RecordingClient quiet = RecordingClient.identified(http, gateway, quietUser, STEP);
        out.println("  " + NOTIFY_FOLLOWERS + " more followers and 1 with quiet hours all day connect");
        List<RecordingClient> sessions = new ArrayList<>(notified.keySet());
        sessions.add(quiet);
        // Heartbeats every 5 s for the whole scenario, as a client does (the gateway closes a silent session).
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> sessions.forEach(
            c -> c.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis())), 0, 5, TimeUnit.SECONDS);
        try {
            return run(fan, fanToken, starToken, notified, quiet, quietToken);
        } finally {
            sessions.stream().filter(c -> c != fan).forEach(RecordingClient::abort);
            heartbeats.shutdownNow();
        }
    }

    private Map<String, Object> run(RecordingClient fan, String fanToken, String starToken,
                                    Map<RecordingClient, String> notified, RecordingClient quiet, String quietToken)
            throws IOException, InterruptedException {
        String followee = "hw_star_" + run;
        require(until(() -> hallway(fanToken), h -> h.path("version").asLong() >= 1 && !h.path("cold_start").asBoolean(),
            STEP) != null, "the follower got no hallway");

        out.println("  " + followee + " starts a room; timing the follower's GET /hallway");
        long asked = System.nanoTime();
        String room = rest.call("POST", "/rooms", starToken,
            JSON.createObjectNode().put("title", "Hallway demo").put("topic", COLD_START_TOPIC).put("visibility", "public"),
            202).path("room_id").asText();
        long[] listedMs = {-1};
        JsonNode[] ahead = {null};
        JsonNode first = until(() -> hallway(fanToken), h -> {
            int at = position(h, room);
            if (at > 0 && listedMs[0] < 0) {
                listedMs[0] = Duration.ofNanos(System.nanoTime() - asked).toMillis();
                ahead[0] = h.path("live").path(0);
            }
            return at == 0;
        }, FIRST_ROOM_WAIT);
        long askedAtMs = System.currentTimeMillis() - Duration.ofNanos(System.nanoTime() - asked).toMillis();
        long updateMs = first == null ? -1 : Duration.ofNanos(System.nanoTime() - asked).toMillis();
        if (ahead[0] != null) {
            out.println("  listed below first after " + listedMs[0] + " ms, behind '" + ahead[0].path("title").asText()
                + "' (score " + ahead[0].path("score").asDouble() + ", " + ahead[0].path("listener_count").asInt()
                + " listeners, reasons " + ahead[0].path("reasons") + ")");
        }
        JsonNode updated = fan.await(f -> "DISPATCH".equals(f.path("op").asText())
            && "hallway_updated".equals(f.path("t").asText())
            && room.equals(f.path("data").path("top_room_ids").path(0).asText()), Duration.ofSeconds(10));
        out.println("  first in the follower's hallway after " + updateMs + " ms; hallway_updated "
            + (updated != null ? "received" : "not received"));

        Map<String, Object> notifications = notifications(room, askedAtMs, notified, quiet, quietToken);
        Map<String, Object> coldStart = coldStart();

        List<RecordingClient> listeners = new ArrayList<>(List.of(fan));
        for (int i = 0; i < LISTENERS; i++) {
            listeners.add(RecordingClient.identified(http, gateway, "hw_listener" + i + "_" + run, STEP));
        }
        for (RecordingClient c : listeners) {
            c.command("join", room, "hw-join-" + c.user(), null);
            require(c.await(f -> "SNAPSHOT".equals(f.path("op").asText()), STEP) != null, c.user() + " did not join");
        }
        int expectedPeak = 1 + listeners.size();
        JsonNode stats = until(() -> rest.call("GET", "/rooms/" + room + "/stats", starToken, null, 200, 404),
            s -> s.path("peak_concurrent").asInt() >= expectedPeak, STEP);
        for (RecordingClient c : listeners) {
            c.command("leave", room, "hw-leave-" + c.user(), null);
            c.abort();
        }

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("hallway_first_room_correct", first != null && updateMs <= FIRST_ROOM_BOUND.toMillis());
        summary.put("hallway_update_ms", updateMs);
        summary.put("hallway_updated_received", updated != null);
        summary.put("room_stats_peak", stats == null ? -1 : stats.path("peak_concurrent").asInt());
        summary.putAll(notifications);
        summary.putAll(coldStart);
        return summary;
    }

    /**
     * Waits for each connected follower's {@code notification} frame naming {@code room}, then reads each one's inbox.
     *
     * @return {@code notifications_expected} (connected followers who should be told: {@value #NOTIFY_FOLLOWERS} + 1),
     *     {@code notifications_delivered} (of them, those whose session got the frame within
     *     {@link #NOTIFICATION_WAIT}), {@code notifications_duplicates} (frames or inbox rows for the room beyond the
     *     first, over all followers: must be 0), {@code notification_inbox_rows} (followers with exactly one inbox row for
     *     the room, its id that of the frame), {@code notifications_quiet_received} (frames and inbox rows of the
     *     follower in quiet hours: must be 0), {@code notification_latency_p50_ms} / {@code _p99_ms} (from the
     *     followee's {@code POST /rooms} to each frame's arrival; -1 if none came)
     */
    private Map<String, Object> notifications(String room, long askedAtMs, Map<RecordingClient, String> notified,
                                              RecordingClient quiet, String quietToken)
            throws IOException, InterruptedException {
        Predicate<JsonNode> frame = f -> "DISPATCH".equals(f.path("op").asText())
            && "notification".equals(f.path("t").asText()) && room.equals(f.path("data").path("room_id").asText());
        List<Long> latencies = new ArrayList<>();
        int delivered = 0;
        int duplicates = 0;
        int inboxRows = 0;
        for (RecordingClient session : notified.keySet()) {
            if (session.await(frame, NOTIFICATION_WAIT) != null) {
                delivered++;
            }
        }
        // One heartbeat answered after the frames: each session has read past any second frame the node would send.
        for (RecordingClient session : notified.keySet()) {
            long before = session.frames().stream().filter(f -> "HEARTBEAT_ACK".equals(f.path("op").asText())).count();
            session.send("op", "HEARTBEAT", "client_time", System.currentTimeMillis());
            session.await(f -> "HEARTBEAT_ACK".equals(f.path("op").asText())
                && session.frames().stream().filter(g -> "HEARTBEAT_ACK".equals(g.path("op").asText())).count() > before,
                STEP);
            List<RecordingClient.Received> frames = session.received().stream().filter(r -> frame.test(r.frame())).toList();
            duplicates += Math.max(0, frames.size() - 1);
            frames.stream().findFirst().ifPresent(r -> latencies.add(r.atMs() - askedAtMs));
            List<JsonNode> rows = inboxItems(notified.get(session), room);
            duplicates += Math.max(0, rows.size() - 1);
            if (rows.size() == 1 && !frames.isEmpty()
                    && rows.getFirst().path("id").asText().equals(frames.getFirst().frame().path("event_id").asText())) {
                inboxRows++;
            }
        }
        long quietReceived = quiet.frames().stream().filter(frame).count() + inboxItems(quietToken, room).size();
        out.println("  notifications: " + delivered + "/" + notified.size() + " connected followers got the frame, "
            + inboxRows + " have the inbox row, " + duplicates + " duplicates, quiet follower got " + quietReceived);
        List<Long> sorted = latencies.stream().sorted().toList();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("notifications_expected", notified.size());
        keys.put("notifications_delivered", delivered);
        keys.put("notifications_duplicates", duplicates);
        keys.put("notification_inbox_rows", inboxRows);
        keys.put("notifications_quiet_received", quietReceived);
        keys.put("notification_latency_p50_ms", sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2));
        keys.put("notification_latency_p99_ms", sorted.isEmpty() ? -1
            : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1));
        return keys;
    }

    /** The caller's inbox items pointing to {@code room} (the first page, newest first: the demo's inboxes are small). */
    private List<JsonNode> inboxItems(String token, String room) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        rest.call("GET", "/notifications?limit=100", token, null, 200).path("items").forEach(item -> {
            if (room.equals(item.path("room_id").asText())) {
                items.add(item);
            }
        });
        return items;
    }

    /**
     * A new user who follows only {@link #COLD_START_TOPIC} and never connects asks for their hallway: it is computed
     * on that request (ranking-stream takes the request's impression as a sign of the user) in the cold-start order,
     * topic rooms first.
     *
     * @return {@code hallway_cold_start_ok} (within 30 s the answer was a cold start whose first live room has the
     *     reason {@code topic_match}) and {@code hallway_cold_start_ms} (from the first {@code GET /hallway} to that
     *     answer, ms; -1 if it never came)
     */
    private Map<String, Object> coldStart() throws IOException, InterruptedException {
        String user = "hw_new_" + run;
        String token = rest.signUp(user);
        rest.call("PUT", "/users/me/following/topics/" + COLD_START_TOPIC, token,
            JSON.createObjectNode().put("weight", 1.0), 204);
        long asked = System.nanoTime();
        JsonNode cold = until(() -> hallway(token), h -> h.path("cold_start").asBoolean()
            && h.path("live").path(0).path("reasons").toString().contains("topic_match"), STEP);
        long ms = cold == null ? -1 : Duration.ofNanos(System.nanoTime() - asked).toMillis();
        out.println("  a new user following only " + COLD_START_TOPIC + " (never connected): "
            + (cold == null ? "no cold-start hallway with a topic room first" : "cold start, '"
                + cold.path("live").path(0).path("title").asText() + "' first, " + ms + " ms after the first GET"));
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("hallway_cold_start_ok", cold != null);
        keys.put("hallway_cold_start_ms", ms);
        return keys;
    }


    /** The room's index among the hallway's live rooms, or -1. */
    private static int position(JsonNode hallway, String room) {
        JsonNode live = hallway.path("live");
        for (int i = 0; i < live.size(); i++) {
            if (room.equals(live.path(i).path("room_id").asText())) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode hallway(String token) throws IOException, InterruptedException {
        return rest.call("GET", "/hallway", token, null, 200);
    }

    /** A read of an HTTP resource. */
    @FunctionalInterface
    private interface Read {
        JsonNode get() throws IOException, InterruptedException;
    }

    /** Reads every 20 ms until {@code done} holds (that answer) or {@code timeout} passes (null). */
    private static JsonNode until(Read read, Predicate<JsonNode> done, Duration timeout)
        throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode answer = read.get();
            if (done.test(answer)) {
                return answer;
            }
            Thread.sleep(20); // polling an HTTP resource: there is nothing to wait on
        }
        return null;
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("hallway scenario: " + failure);
        }
    }
}
