package io.roomcast.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A real WebSocket client (the JDK's) speaking the protocol: records every frame it receives. */
final class WsClient implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    WsClient(String url) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create(url), this).join();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void send(Object... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        send(node.toString());
    }

    /** Waits for a frame matching {@code condition} and returns it. */
    JsonNode await(Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> frames.stream().filter(condition).findFirst().orElse(null), f -> f != null);
    }

    static Predicate<JsonNode> op(String op) {
        return f -> f.path("op").asText().equals(op);
    }

    static Predicate<JsonNode> dispatch(String type, String participant) {
        return f -> f.path("op").asText().equals("DISPATCH") && f.path("t").asText().equals(type)
            && f.path("data").path("participant_id").asText().equals(participant);
    }

    void abort() {
        socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("server sent invalid JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }
}
