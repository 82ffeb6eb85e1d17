package io.roomcast.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A simulated client of the gateway over a real WebSocket (the JDK's): sends protocol frames,
 * records every frame received with its arrival time (epoch ms).
 */
final class DemoClient implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A frame and when it arrived, epoch ms. */
    record Received(JsonNode frame, long atMs) {}

    final String user;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    DemoClient(HttpClient http, String wsUrl, String user) {
        this.user = user;
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(wsUrl), this).join();
    }

    ObjectNode frame(String op) {
        return JSON.createObjectNode().put("op", op);
    }

    void send(JsonNode frame) {
        synchronized (socket) {
            socket.sendText(frame.toString(), true).join();
        }
    }

    void command(String op, String room, String nonce, String targetUser) {
        ObjectNode f = frame(op).put("room", room).put("nonce", nonce);
        if (targetUser != null) {
            f.putObject("args").put("user_id", targetUser);
        }
        send(f);
    }

    /** The first frame matching {@code condition}, waiting up to {@code timeout}; null if none came. */
    JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (condition.test(r.frame())) {
                    return r.frame();
                }
            }
            synchronized (this) {
                wait(20);
            }
        }
        return null;
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void drop() {
        socket.abort();
    }

    static Predicate<JsonNode> op(String op) {
        return f -> f.path("op").asText().equals(op);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(new Received(JSON.readTree(partial.toString()), System.currentTimeMillis()));
            } catch (Exception e) {
                received.add(new Received(JSON.createObjectNode().put("op", "INVALID_JSON"), System.currentTimeMillis()));
            }
            partial.setLength(0);
            synchronized (this) {
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }
}
