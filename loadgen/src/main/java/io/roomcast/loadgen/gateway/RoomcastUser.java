package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.loadgen.ws.WsClients;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated user of the Roomcast gateway (docs/protocol.md): answers HELLO with IDENTIFY,
 * completes {@link #ready()} on READY, joins a room on request and completes {@link #joined()} on
 * its SNAPSHOT (or fails it on a rejected join), sends HEARTBEATs when asked, and reports the
 * benchmark's facts ({@code room_updated} whose title is {@code <prefix><n>}) to the current
 * {@link Deliveries}. Other DISPATCH frames are only counted, not parsed (a joining crowd of 8,000
 * sends every member 8,000 {@code participant_joined} frames).
 */
final class RoomcastUser extends SimulatedUser {
    /** Size of the last measured fact's DISPATCH frame, bytes (chars; the frames are ASCII). */
    private static volatile int factFrameBytes;

    private final int index;
    private final String userId;
    private final String token;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile Phase phase;

    /** The facts being measured: titles {@code prefix + n} go to {@code deliveries} as fact n. */
    record Phase(String prefix, Deliveries deliveries) {}

    RoomcastUser(int index, String userId, String token) {
        this.index = index;
        this.userId = userId;
        this.token = token;
    }

    String userId() {
        return userId;
    }

    /** Completes with the session id on READY; fails if the connection closes first. */
    CompletableFuture<String> ready() {
        return ready;
    }

    /** Completes on the room's SNAPSHOT after {@link #join}; fails with the rejection's reason. */
    CompletableFuture<Void> joined() {
        return joined;
    }

    void measure(Phase phase) {
        this.phase = phase;
    }

    void join(String room) {
        send(JSON.createObjectNode().put("op", "join").put("room", room).put("nonce", "join-" + userId));
    }

    /** Sends room command {@code op} (docs/protocol.md) in {@code room}, with {@code args.user_id} when not null. */
    void command(String room, String op, String targetUser) {
        ObjectNode frame = JSON.createObjectNode().put("op", op).put("room", room)
            .put("nonce", Long.toString(System.nanoTime(), 36) + "-" + op);
        if (targetUser != null) {
            frame.putObject("args").put("user_id", targetUser);
        }
        send(frame);
    }

    void heartbeat() {
        if (isOpen()) {
            socket().send("{\"op\":\"HEARTBEAT\"}");
        }
    }

    static int factFrameBytes() {
        return factFrameBytes;
    }

    @Override
    void onFrame(WsClients.WsSocket socket, String text, long arrival) {
        Phase current = phase;
        if (text.startsWith("{\"op\":\"DISPATCH\"")) {
            if (current != null && text.contains("\"room_updated\"")) {
                factFrameBytes = text.length();
                fact(current, read(text, "the gateway"), arrival);
            }
            return;
        }
        if (text.startsWith("{\"op\":\"SNAPSHOT\"")) {
            joined.complete(null);
            return;
        }
        JsonNode frame = read(text, "the gateway");
        switch (frame.path("op").asText()) {
            case "HELLO" -> send(JSON.createObjectNode().put("op", "IDENTIFY").put("token", token));
            case "READY" -> ready.complete(frame.path("session_id").asText());
            case "COMMAND_RESULT" -> {
                // The room's creator is in it from the start: its join is rejected invalid_transition and followed by a
                // SNAPSHOT with it in the room, then the room's facts (docs/protocol.md, "Joining a room").
                if (frame.path("outcome").asText().equals("rejected") && frame.path("command").asText().equals("join")
                        && !frame.path("reason").asText().equals("invalid_transition")) {
                    joined.completeExceptionally(new IllegalStateException(userId + ": join rejected: " + frame.path("reason").asText()));
                }
            }
            default -> { }
        }
    }

    @Override
    public void onClosed(WsClients.WsSocket socket) {
        IllegalStateException closed = new IllegalStateException(userId + ": connection closed");
        ready.completeExceptionally(closed);
        joined.completeExceptionally(closed);
    }

    private void fact(Phase current, JsonNode frame, long arrival) {
        String title = frame.path("data").path("title").asText("");
        if (title.startsWith(current.prefix())) {
            int n = Integer.parseInt(title.substring(current.prefix().length()));
            current.deliveries().record(index, n, frame.path("occurred_at").asLong() * 1_000, arrival);
        }
    }

    private void send(ObjectNode frame) {
        socket().send(frame.toString());
    }

}
