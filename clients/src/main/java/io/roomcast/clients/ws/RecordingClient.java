package io.roomcast.clients.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * One simulated user of the gateway over a real WebSocket (the JDK's {@link HttpClient}, enough for
 * hundreds of clients in one JVM) that records what the server sends, for scenarios and tests that
 * check it afterwards. For many thousands of users without recording, see {@code io.roomcast.loadgen.ws}.
 *
 * <p>What it records: every text frame received, in arrival order, parsed as JSON, with its arrival
 * time (epoch ms, {@link Received#atMs()}). A frame that is not JSON is recorded as
 * {@code {"op":"INVALID_JSON","text":"..."}}, so a check over the recorded frames sees it. The close
 * code the server sent completes {@link #closed()}; a connection error completes it exceptionally.
 *
 * <p>Waiting: {@link #await} and {@link #expect} block on this client's monitor and are woken by each
 * frame as it is recorded (no sleeping and re-polling). Sending is safe from several threads (e.g. a
 * heartbeat timer and the scenario): one frame is on the wire at a time.
 *
 * <p>The protocol helpers follow {@code docs/asyncapi.json}: HELLO on connect, IDENTIFY with a token
 * (the gateway's {@code POST /dev/token} gives one when dev tokens are enabled) answered by READY,
 * room commands with {@code room}, {@code nonce} and optional {@code args.user_id}, RESUME.
 */
public final class RecordingClient implements WebSocket.Listener {
    /** How long {@link #expect(Predicate)} waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient SHARED_HTTP = HttpClient.newHttpClient();

    /** A frame received and when it arrived, epoch ms. */
    public record Received(JsonNode frame, long atMs) {}

    private final String user;
    private final String url;
    private final List<Received> received = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final Object sending = new Object();
    private final WebSocket socket;

    private RecordingClient(HttpClient http, String wsUrl, String user) {
        this.user = user;
        this.url = wsUrl;
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(wsUrl), this).join();
    }

    /**
     * Opens a WebSocket; does not wait for HELLO.
     *
     * @param http  the client to connect with (one can serve many connections)
     * @param wsUrl e.g. {@code ws://localhost:8080/ws}
     * @param user  the user this client plays, for messages and {@link #user()}; may be null
     * @throws java.util.concurrent.CompletionException if the connection or the handshake fails
     */
    public static RecordingClient connect(HttpClient http, String wsUrl, String user) {
        return new RecordingClient(http, wsUrl, user);
    }

    /** {@link #connect(HttpClient, String, String)} with a client shared by this JVM's recording clients, anonymous. */
    public static RecordingClient connect(String wsUrl) {
        return new RecordingClient(SHARED_HTTP, wsUrl, null);
    }

    /**
     * Connects to the gateway at {@code gatewayUrl}, waits for HELLO, IDENTIFYs as {@code user} with a
     * dev token and waits for READY.
     *
     * @param gatewayUrl e.g. {@code http://localhost:8080} (its {@code /ws} is the WebSocket)
     * @throws IllegalStateException if a step does not happen within {@link #DEFAULT_TIMEOUT}, or no token is given
     */
    public static RecordingClient identified(String gatewayUrl, String user) throws IOException, InterruptedException {
        return identified(SHARED_HTTP, gatewayUrl, user, DEFAULT_TIMEOUT);
    }

    /** {@link #identified(String, String)} with the given HTTP client and step timeout. */
    public static RecordingClient identified(HttpClient http, String gatewayUrl, String user, Duration timeout)
        throws IOException, InterruptedException {
        RecordingClient client = connect(http, webSocketUrl(gatewayUrl), user);
        client.expect(op("HELLO"), timeout);
        client.identify(devToken(http, gatewayUrl, user), timeout);
        return client;
    }

    /** The gateway's WebSocket address: {@code http://h:p} gives {@code ws://h:p/ws} (https gives wss). */
    public static String webSocketUrl(String gatewayUrl) {
        return gatewayUrl.replaceFirst("^http", "ws") + "/ws";
    }

    /**
     * A session token for {@code user} from the gateway's dev token endpoint: {@code POST /dev/token}
     * with {@code {"user_id": user}}, answered by {@code {"token": ...}}.
     *
     * @throws IllegalStateException if the gateway answers other than 200 (e.g. dev tokens disabled)
     */
    public static String devToken(HttpClient http, String gatewayUrl, String user) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("user_id", user).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + gatewayUrl + "/dev/token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** {@link #devToken(HttpClient, String, String)} with the shared HTTP client. */
    public static String devToken(String gatewayUrl, String user) throws IOException, InterruptedException {
        return devToken(SHARED_HTTP, gatewayUrl, user);
    }

    /** The user this client plays, or null. */
    public String user() {
        return user;
    }

    /** A new frame {@code {"op": op}} to fill in and {@link #send(JsonNode) send}. */
    public ObjectNode frame(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    /** Sends one text frame as is (e.g. deliberately malformed JSON) and waits until it is written. */
    public void send(String text) {
        synchronized (sending) {
            socket.sendText(text, true).join();
        }
    }

    /** Sends {@code frame} as JSON. */
    public void send(JsonNode frame) {
        send(frame.toString());
    }

    /** Sends a frame of the given keys and values, e.g. {@code send("op", "HEARTBEAT", "client_time", now)}. */
    public void send(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs: " + keysAndValues.length + " given");
        }
        ObjectNode frame = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            frame.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        send(frame);
    }

    /**
     * Sends IDENTIFY with {@code token} and waits for READY.
     *
     * @return the READY frame (its {@code session_id} is what RESUME needs)
     * @throws IllegalStateException if no READY comes within {@code timeout} (e.g. the token was refused: see {@link #closed()})
     */
    public JsonNode identify(String token, Duration timeout) throws InterruptedException {
        send(frame("IDENTIFY").put("token", token));
        return expect(op("READY"), timeout);
    }

    /**
     * Sends a room command.
     *
     * @param targetUser the {@code args.user_id} of commands acting on someone (accept_hand, kick, ...), or null
     */
    public void command(String op, String room, String nonce, String targetUser) {
        ObjectNode frame = frame(op).put("room", room).put("nonce", nonce);
        if (targetUser != null) {
            frame.putObject("args").put("user_id", targetUser);
        }
        send(frame);
    }

    /**
     * Sends RESUME for {@code sessionId}; does not wait for RESUMED.
     *
     * @param room         the room to resume, or null for none
     * @param lastDispatch the last DISPATCH processed in {@code room}: its seq, epoch and version are where to
     *                     resume from (a DISPATCH without version, e.g. {@code speaking_changed}, resumes by
     *                     seq and epoch only: sending 0 would claim a state the client does not hold)
     */
    public void resume(String token, String sessionId, String room, JsonNode lastDispatch) {
        ObjectNode frame = frame("RESUME").put("token", token).put("session_id", sessionId);
        ObjectNode rooms = frame.putObject("rooms");
        if (room != null) {
            ObjectNode at = rooms.putObject(room).put("seq", lastDispatch.path("seq").asLong())
                .put("epoch", lastDispatch.path("epoch").asInt());
            if (lastDispatch.hasNonNull("version")) {
                at.put("version", lastDispatch.path("version").asLong());
            }
        }
        send(frame);
    }

    /**
     * The first recorded frame matching {@code condition}, waiting up to {@code timeout} for it.
     *
     * @return the frame, or null if none came in time (or the connection closed without it)
     */
    public JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (this) {
            while (true) {
                for (; checked < received.size(); checked++) {
                    if (condition.test(received.get(checked).frame())) {
                        return received.get(checked).frame();
                    }
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0 || closed.isDone()) {
                    return null;
                }
                wait(leftMs);
            }
        }
    }

    /**
     * As {@link #await}, but a frame that does not come is an error.
     *
     * @throws IllegalStateException naming this client, the ops it did receive and its ERROR frames, if none came within
     *     {@code timeout}
     */
    public JsonNode expect(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        JsonNode frame = await(condition, timeout);
        if (frame == null) {
            throw new IllegalStateException((user == null ? "client of " + url : user) + ": no matching frame within "
                + timeout.toMillis() + " ms; received ops " + frames().stream().map(RecordingClient::opAndType).toList()
                + "; errors " + frames().stream().filter(f -> "ERROR".equals(f.path("op").asText())).toList()
                + (closed.isDone() ? ", connection closed " + closed.handle((code, error) -> code != null ? code : error).join() : ""));
        }
        return frame;
    }

    /** A frame's op, with its {@code t} where it has one (DISPATCH:participant_joined): for failure messages. */
    private static String opAndType(JsonNode frame) {
        String op = frame.path("op").asText();
        return frame.hasNonNull("t") ? op + ":" + frame.path("t").asText() : op;
    }

    /** {@link #expect(Predicate, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public JsonNode expect(Predicate<JsonNode> condition) throws InterruptedException {
        return expect(condition, DEFAULT_TIMEOUT);
    }

    /** The last recorded frame matching {@code condition}, or null. */
    public synchronized JsonNode last(Predicate<JsonNode> condition) {
        for (int i = received.size() - 1; i >= 0; i--) {
            if (condition.test(received.get(i).frame())) {
                return received.get(i).frame();
            }
        }
        return null;
    }

    /** A copy of every frame recorded so far, with its arrival time, in arrival order. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** A copy of every frame recorded so far, in arrival order. */
    public synchronized List<JsonNode> frames() {
        return received.stream().map(Received::frame).toList();
    }

    /**
     * Completes with the close code the server sent (e.g. 4003), or exceptionally on a connection
     * error; stays incomplete while the session runs (and after {@link #abort()}).
     */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The reason text of the server's close frame (RFC 6455 section 5.5.1), or null before it came. */
    public String closeReason() {
        return closeReason;
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        socket.abort();
    }

    /** Frames with this op. */
    public static Predicate<JsonNode> op(String op) {
        return f -> f.path("op").asText().equals(op);
    }

    /** DISPATCH frames of fact type {@code type} about {@code participant} ({@code data.participant_id}). */
    public static Predicate<JsonNode> dispatch(String type, String participant) {
        return f -> op("DISPATCH").test(f) && f.path("t").asText().equals(type)
            && f.path("data").path("participant_id").asText().equals(participant);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long atMs = System.currentTimeMillis();
            String text = partial.toString();
            partial.setLength(0);
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (IOException e) {
                frame = frame("INVALID_JSON").put("text", text);
            }
            synchronized (this) {
                received.add(new Received(frame, atMs));
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        wakeWaiters();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        wakeWaiters();
    }

    private synchronized void wakeWaiters() {
        notifyAll();
    }
}
