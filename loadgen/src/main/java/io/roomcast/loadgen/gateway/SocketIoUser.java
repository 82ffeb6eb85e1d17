package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.loadgen.ws.WsClients;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated Socket.IO client speaking Engine.IO v4 / Socket.IO v5 over a plain WebSocket
 * ({@code /socket.io/?EIO=4&transport=websocket}; socket.io-protocol and engine.io-protocol docs):
 * on the open packet {@code 0{...}} it connects to namespace {@code /} with {@code 40}, answers
 * every ping {@code 2} with {@code 3}, joins a room with {@code 421["join",room]} (acknowledged by
 * {@code 431[...]}) and reports each {@code 42["fact",{seq,t,...}]} to the current
 * {@link Deliveries} (t: the emit time, epoch ms with a fraction). The comparison peer is
 * {@code loadgen/socketio-peer/server.mjs}.
 */
final class SocketIoUser extends SimulatedUser {
    private final int index;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile Deliveries deliveries;
    private volatile CompletableFuture<JsonNode> publishAck;

    SocketIoUser(int index) {
        this.index = index;
    }

    CompletableFuture<Void> connected() {
        return connected;
    }

    CompletableFuture<Void> joined() {
        return joined;
    }

    void measure(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    void join(String room) {
        socket().send("421" + JSON.createArrayNode().add("join").add(room));
    }

    /** Asks this client's node to emit {@code count} facts to the room; completes with its ack. */
    CompletableFuture<JsonNode> publish(String room, int count, double intervalMs, int bytes) {
        publishAck = new CompletableFuture<>();
        socket().send("422" + JSON.createArrayNode().add("publish").add(JSON.createObjectNode().put("room", room)
            .put("count", count).put("interval_ms", intervalMs).put("bytes", bytes)));
        return publishAck;
    }

    @Override
    void onFrame(WsClients.WsSocket socket, String text, long arrival) {
        if (text.equals("2")) {
            socket.send("3");
        } else if (text.startsWith("42[")) {
            Deliveries current = deliveries;
            if (current != null) {
                JsonNode fact = read(text.substring(2), "Socket.IO").path(1);
                current.record(index, fact.path("seq").asInt(), Math.round(fact.path("t").asDouble() * 1_000), arrival);
            }
        } else if (text.startsWith("431")) {
            joined.complete(null);
        } else if (text.startsWith("432")) {
            publishAck.complete(read(text.substring(3), "Socket.IO"));
        } else if (text.startsWith("40")) {
            connected.complete(null);
        } else if (text.startsWith("0{")) {
            socket.send("40");
        } else if (text.startsWith("44")) {
            connected.completeExceptionally(new IllegalStateException("Socket.IO connect error: " + text));
        }
    }

    @Override
    public void onClosed(WsClients.WsSocket socket) {
        IllegalStateException closed = new IllegalStateException("Socket.IO connection closed");
        connected.completeExceptionally(closed);
        joined.completeExceptionally(closed);
    }

}
