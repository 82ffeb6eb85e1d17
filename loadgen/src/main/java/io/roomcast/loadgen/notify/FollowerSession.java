package io.roomcast.loadgen.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.ws.WsClients;
import io.roomcast.loadgen.ws.WsListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * One connected follower of the notification benchmark (docs/protocol.md): answers HELLO with IDENTIFY, completes
 * {@link #ready()} on READY, and counts the {@code notification} DISPATCH frames naming the benchmark's room, with
 * the arrival of the first ({@link System#nanoTime()}, ns). Each session's first such frame counts {@code firsts}
 * down once. Frames arrive on the connection's event loop thread, one at a time; the counts are read after.
 */
final class FollowerSession implements WsListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEARTBEAT = "{\"op\":\"HEARTBEAT\"}";

    private final String token;
    private final String roomId;
    private final CountDownLatch firsts;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile WsClients.WsSocket socket;
    private volatile int frames;
    private volatile long firstArrivalNanos;
    private volatile boolean closed;

    /**
     * @param token  the follower's session token (IDENTIFY)
     * @param roomId the room whose notification is counted
     * @param firsts counted down on the first such frame of this session
     */
    FollowerSession(String token, String roomId, CountDownLatch firsts) {
        this.token = token;
        this.roomId = roomId;
        this.firsts = firsts;
    }

    /** Completes with the session id on READY; fails if the connection closes first. */
    CompletableFuture<String> ready() {
        return ready;
    }

    /** Sends a HEARTBEAT if the connection is open (thread-safe). */
    void heartbeat() {
        WsClients.WsSocket s = socket;
        if (s != null && s.isOpen()) {
            s.send(HEARTBEAT);
        }
    }

    /** {@code notification} frames naming the room received so far (count). */
    int frames() {
        return frames;
    }

    /** Arrival of the first of them, {@link System#nanoTime()} (ns); 0 before it. */
    long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    /** Whether the connection closed after READY (by the gateway, or lost). */
    boolean closed() {
        return closed;
    }

    /** Drops the connection without a close handshake. */
    void close() {
        WsClients.WsSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    @Override
    public void onOpen(WsClients.WsSocket socket) {
        this.socket = socket;
    }

    @Override
    public void onText(WsClients.WsSocket socket, String text) {
        long arrival = System.nanoTime();
        if (text.startsWith("{\"op\":\"DISPATCH\"")) {
            if (text.contains("\"t\":\"notification\"") && roomId.equals(read(text).path("data").path("room_id").asText())) {
                if (frames++ == 0) {
                    firstArrivalNanos = arrival;
                    firsts.countDown();
                }
            }
            return;
        }
        JsonNode frame = read(text);
        switch (frame.path("op").asText()) {
            case "HELLO" -> socket.send(JSON.createObjectNode().put("op", "IDENTIFY").put("token", token).toString());
            case "READY" -> ready.complete(frame.path("session_id").asText());
            default -> { }
        }
    }

    @Override
    public void onClosed(WsClients.WsSocket socket) {
        closed = true;
        ready.completeExceptionally(new IllegalStateException("connection closed before READY"));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("the gateway sent a frame that is not JSON: " + text, e);
        }
    }
}
