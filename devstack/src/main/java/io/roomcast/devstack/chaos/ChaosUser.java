package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.clients.media.MediaMoves;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One simulated user of the chaos run: a real WebSocket to a gateway node that, when the connection is lost (a
 * killed node, a close 4000/4012, a refused connect), connects again to the next node with backoff and RESUMEs
 * from the position it holds, as docs/protocol.md ("Resume") tells a client to. It stays in at most one room.
 *
 * <p>What it records, for {@link ChaosChecks}: every command it sent ({@link Sent}: op, target, time, outcome),
 * the room's stream as it saw it ({@link Seen}: SNAPSHOT and versioned DISPATCH, in arrival order), the ERROR
 * codes and close codes it got, and its view of the room ({@link #view()}, folded from what it received) which
 * the workload uses to choose its next command. A command without an answer after {@link #RESEND_AFTER} is sent
 * again with the same nonce (documented as safe: the answer is then {@code duplicate} or the first outcome).
 *
 * <p>Thread-safety: every method is synchronized on this object; frames arrive on the HTTP client's threads.
 */
final class ChaosUser implements WebSocket.Listener {
    /** A command not answered after this long is sent again with its nonce. */
    static final Duration RESEND_AFTER = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BACKOFF_MS = 2_000;
    /** The facts that change a user's place in its room (docs/protocol.md, "Facts"), kept for a failure message. */
    private static final Set<String> PLACE_FACTS = Set.of("participant_joined", "participant_left",
        "role_changed", "participant_kicked", "participant_banned");
    /**
     * How long a connection's opening (TCP and the WebSocket upgrade) may take: 15 s, as a patient client waits. With 5 s,
     * 1,000 users connecting at once on a loaded machine gave up by the hundreds and came back, a storm of its own.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** A command sent: its room, op, target user, first send time (epoch ms), and outcome once known. */
    static final class Sent {
        final String room;
        final String op;
        final String target;
        final long sentAtMs;
        long lastSentMs;
        String outcome;      // applied | rejected (a duplicate's original) | error, null while unanswered
        String reason;       // rejection reason, or the error name
        long answeredAtMs;

        Sent(String room, String op, String target, long sentAtMs) {
            this.room = room;
            this.op = op;
            this.target = target;
            this.sentAtMs = sentAtMs;
            this.lastSentMs = sentAtMs;
        }
    }

    /**
     * One element of the room stream as received: a SNAPSHOT (its version, fresh or not; no event id) or a
     * versioned DISPATCH (its version and event id).
     */
    record Seen(boolean snapshot, long version, boolean fresh, String eventId) {}

    private final String user;
    private final String token;
    private final List<String> gateways;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final Map<String, Sent> sent = new LinkedHashMap<>();
    private final List<Seen> stream = new ArrayList<>();
    private final Map<String, Integer> errors = new LinkedHashMap<>();
    private final Map<Integer, Integer> closes = new LinkedHashMap<>();
    private final RoomFold view = new RoomFold();
    private final StringBuilder partial = new StringBuilder();
    private int node;
    private int nonces;
    private WebSocket socket;
    private String sessionId;
    private String room;
    private long seq = -1;
    private int epoch = -1;
    private boolean ready;
    private boolean stopped;
    private long backoffMs = 100;
    private int reconnects;
    private int resumed;
    private int invalidSessions;
    private Consumer<JsonNode> onMediaMoved = frame -> { };
    /** For a failure message: the last fact or SNAPSHOT that changed this user's own place in its room, and when. */
    private String lastAboutMe = "none";

    ChaosUser(String user, String token, List<String> gateways, int node, HttpClient http,
              ScheduledExecutorService timers) {
        this.user = user;
        this.token = token;
        this.gateways = gateways;
        this.node = node;
        this.http = http;
        this.timers = timers;
    }

    String user() {
        return user;
    }

    /** @return its session token (JWT) */
    String token() {
        return token;
    }

    /**
     * Hands every {@code media_moved} DISPATCH (docs/protocol.md, "Media fail-over") to {@code handler}, on the HTTP
     * client's thread with this user's lock held: the handler must not block.
     */
    synchronized void onMediaMoved(Consumer<JsonNode> handler) {
        this.onMediaMoved = handler;
    }

    /** Opens the first connection (IDENTIFY follows HELLO). */
    synchronized void connect() {
        String url = gateways.get(node % gateways.size()).replaceFirst("^http", "ws") + "/ws";
        http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(URI.create(url), this)
            .whenComplete((ws, error) -> {
                if (error != null) {
                    lost(-1);
                }
            });
    }

    /** Joins {@code roomId} (the user's one room). */
    synchronized void join(String roomId) {
        this.room = roomId;
        send("join", null);
    }

    /**
     * Sends a command of the user's room with a new nonce; a no-op before READY / RESUMED (the workload's next
     * tick tries again).
     *
     * @param target {@code args.user_id}, or null
     * @return whether it was sent
     */
    synchronized boolean send(String op, String target) {
        if (!ready || room == null) {
            return false;
        }
        String nonce = user + "-" + (++nonces);
        Sent s = new Sent(room, op, target, System.currentTimeMillis());
        sent.put(nonce, s);
        write(command(op, nonce, target));
        return true;
    }

    /** Sends again, with their nonces, the commands unanswered for longer than {@link #RESEND_AFTER}. */
    synchronized void resendUnanswered(long nowMs) {
        if (!ready) {
            return;
        }
        sent.forEach((nonce, s) -> {
            if (s.outcome == null && nowMs - s.lastSentMs >= RESEND_AFTER.toMillis()) {
                s.lastSentMs = nowMs;
                write(command(s.op, nonce, s.target));
            }
        });
    }

    synchronized void heartbeat() {
        if (ready) {
            write(JSON.createObjectNode().put("op", "HEARTBEAT"));
        }
    }

    /** Stops reconnecting and closes the socket (end of the run). */
    synchronized void stop() {
        stopped = true;
        if (socket != null) {
            socket.abort();
        }
    }

    private ObjectNode command(String op, String nonce, String target) {
        ObjectNode frame = JSON.createObjectNode().put("op", op).put("room", room).put("nonce", nonce);
        if (target != null) {
            frame.putObject("args").put("user_id", target);
        }
        return frame;
    }

    private void write(JsonNode frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        try {
            ws.sendText(frame.toString(), true).join();
        } catch (RuntimeException e) {
            // the connection is going away: onClose / onError reconnect
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(JSON.readTree(text));
                } catch (Exception e) {
                    errors.merge("invalid_json", 1, Integer::sum);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        lost(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        lost(1006);
    }

    private synchronized void handle(JsonNode f) {
        switch (f.path("op").asText()) {
            case "HELLO" -> {
                if (sessionId == null) {
                    write(JSON.createObjectNode().put("op", "IDENTIFY").put("token", token));
                } else {
                    write(resumeFrame());
                }
            }
            case "READY" -> {
                boolean rejoin = sessionId != null; // a new session after INVALID_SESSION
                sessionId = f.path("session_id").asText();
                ready = true;
                backoffMs = 100;
                if (rejoin && room != null) {
                    view.reset(0);
                    send("join", null);
                }
            }
            case "RESUMED" -> {
                ready = true;
                backoffMs = 100;
                resumed++;
            }
            case "INVALID_SESSION" -> {
                invalidSessions++;
                write(JSON.createObjectNode().put("op", "IDENTIFY").put("token", token));
            }
            case "SNAPSHOT" -> snapshot(f);
            case "DISPATCH" -> dispatch(f);
            case "COMMAND_RESULT" -> {
                // A duplicate answers a command resent with its nonce: what counts is what happened the first time.
                boolean duplicate = f.path("outcome").asText().equals("duplicate");
                answer(f.path("nonce").asText(), duplicate ? f.path("original").asText() : f.path("outcome").asText(),
                    f.path("reason").asText(null));
            }
            case "ERROR" -> {
                errors.merge(f.path("code").asInt() + " " + f.path("error").asText(), 1, Integer::sum);
                if (f.hasNonNull("nonce")) {
                    answer(f.path("nonce").asText(), "error", f.path("error").asText());
                }
            }
            default -> { } // HEARTBEAT_ACK, RECONNECT (close 4012 follows)
        }
    }

    private JsonNode resumeFrame() {
        ObjectNode frame = JSON.createObjectNode().put("op", "RESUME").put("token", token).put("session_id", sessionId);
        ObjectNode rooms = frame.putObject("rooms");
        if (room != null && view.version() > 0) {
            ObjectNode at = rooms.putObject(room).put("version", view.version());
            if (seq >= 0) {
                at.put("seq", seq).put("epoch", epoch);
            }
        }
        return frame;
    }

    private void snapshot(JsonNode f) {
        if (!f.path("room").asText().equals(room)) {
            return;
        }
        long version = f.path("version").asLong();
        stream.add(new Seen(true, version, f.path("fresh").asBoolean(false), null));
        view.reset(version);
        lastAboutMe = "SNAPSHOT v" + version + " without it at " + Instant.now();
        for (JsonNode p : f.path("data").path("participants")) {
            if (p.path("user_id").asText().equals(user)) {
                lastAboutMe = "SNAPSHOT v" + version + " as " + p.path("role").asText() + " at " + Instant.now();
            }
            view.put(p.path("user_id").asText(), new RoomFold.Member(p.path("role").asText(), p.path("muted").asBoolean(), false));
        }
        for (JsonNode h : f.path("data").path("hand_queue")) {
            view.apply("hand_raised", h.path("user_id").asText(), null, 0);
        }
        seq = -1;
    }

    private void dispatch(JsonNode f) {
        if (MediaMoves.TYPE.equals(f.path("t").asText())) {
            onMediaMoved.accept(f);
            return;
        }
        if (!f.has("room") || !f.path("room").asText().equals(room)) {
            return; // user events, another room
        }
        seq = f.path("seq").asLong();
        epoch = f.path("epoch").asInt();
        long version = f.path("version").asLong(0);
        if (version > 0) {
            stream.add(new Seen(false, version, false, f.path("event_id").asText()));
        }
        JsonNode data = f.path("data");
        String type = f.path("t").asText();
        if (user.equals(data.path("participant_id").asText()) && PLACE_FACTS.contains(type)) {
            lastAboutMe = type + " " + data + " v" + version + " at " + Instant.now();
        }
        view.apply(type, data.path("participant_id").asText(null),
            type.equals("role_changed") ? data.path("to").asText() : data.path("role").asText(null), version);
        if (user.equals(f.path("actor").asText()) && f.hasNonNull("nonce")) {
            answer(f.path("nonce").asText(), "applied", null);
        }
    }

    private void answer(String nonce, String outcome, String reason) {
        Sent s = sent.get(nonce);
        if (s != null && (s.outcome == null || "error".equals(s.outcome))) {
            s.outcome = outcome;
            s.reason = reason;
            s.answeredAtMs = System.currentTimeMillis();
        }
    }

    private void lost(int closeCode) {
        synchronized (this) {
            closes.merge(closeCode, 1, Integer::sum);
            ready = false;
            socket = null;
            partial.setLength(0);
            if (stopped) {
                return;
            }
            reconnects++;
            node++;
            long delay = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1); // jittered
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            timers.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** @return whether it is a member of its room in its own view (no copy of the view) */
    synchronized boolean inRoom() {
        return view.members().containsKey(user);
    }

    /** @return a copy of its view of the room (folded from what it received), safe to read on another thread */
    synchronized RoomFold view() {
        return view.copy();
    }

    /** @return whether a command it sent has no answer yet */
    synchronized boolean awaitingAnswer() {
        return sent.values().stream().anyMatch(s -> s.outcome == null);
    }

    /**
     * @return whether a join may be sent again while it is not in its room: it is READY, no command of it awaits an
     *     answer, and it sent none or its last answer (an ERROR such as {@code 4000}, a rejection, or an applied join
     *     whose SNAPSHOT was lost with its connection) came at least {@code quietMs} ago. A join the workload tried to
     *     send while the connection was down was never sent; this sends it too.
     */
    synchronized boolean mayJoinAgain(long nowMs, long quietMs) {
        if (!ready || awaitingAnswer()) {
            return false;
        }
        long lastAnswer = sent.values().stream().mapToLong(s -> s.answeredAtMs).max().orElse(0);
        return nowMs - lastAnswer >= quietMs;
    }

    /** @return its state for a failure message: ready or not, node, session, reconnects, closes and its last command */
    synchronized String describe() {
        Sent last = null;
        for (Sent s : sent.values()) {
            last = s;
        }
        return user + ": ready " + ready + ", node " + node % gateways.size() + ", session " + sessionId + ", "
            + reconnects + " reconnects, closes " + closes + ", resumed " + resumed + ", invalid sessions "
            + invalidSessions + ", errors " + errors + ", last about itself " + lastAboutMe
            + ", last command " + (last == null ? "none" : last.op + " " + (last.outcome == null ? "unanswered"
                : last.outcome + (last.reason == null ? "" : " (" + last.reason + ")")));
    }

    /** @return whether its last answered command was rejected with {@code reason} */
    synchronized boolean lastRejected(String reason) {
        Sent last = null;
        for (Sent s : sent.values()) {
            if (s.outcome != null) {
                last = s;
            }
        }
        return last != null && "rejected".equals(last.outcome) && reason.equals(last.reason);
    }

    synchronized boolean ready() {
        return ready;
    }

    synchronized String room() {
        return room;
    }

    synchronized Map<String, Sent> sent() {
        return new LinkedHashMap<>(sent);
    }

    synchronized List<Seen> stream() {
        return new ArrayList<>(stream);
    }

    synchronized Map<String, Integer> errors() {
        return new LinkedHashMap<>(errors);
    }

    synchronized Map<Integer, Integer> closes() {
        return new LinkedHashMap<>(closes);
    }

    synchronized int reconnects() {
        return reconnects;
    }

    synchronized int resumed() {
        return resumed;
    }

    synchronized int invalidSessions() {
        return invalidSessions;
    }
}
