package io.roomcast.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    /** Connects to the gateway on {@code port}, waits for HELLO, IDENTIFYs as {@code user} and waits for READY. */
    static WsClient identified(int port, String user) throws Exception {
        WsClient client = new WsClient("ws://localhost:" + port + "/ws");
        client.await(op("HELLO"));
        client.send("op", "IDENTIFY", "token", devToken(port, user));
        client.await(op("READY"));
        return client;
    }

    /** A session token for {@code user} from the gateway's dev token endpoint ({@code POST /dev/token}). */
    static String devToken(int port, String user) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/dev/token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user_id\":\"" + user + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /dev/token: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
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
