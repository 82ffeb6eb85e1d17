package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.clients.media.MediaMoves;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One chaos user's media binding (a speaker's or a listener's) that follows the room's media across edge faults: it
 * asks a gateway node for a media token ({@code POST /rooms/{id}/media-token}, trying the nodes in turn until one
 * answers 200, at most {@link #RETRY_FOR}) and binds at the edge the token names through {@link Binder}; on a
 * {@code media_moved} DISPATCH that concerns its token ({@link MediaMoves#affects}) it does both again
 * (docs/protocol.md, "Media fail-over"). Thread-safe: a move runs on the caller's thread, one
 * at a time.
 */
final class AudioPeer {
    /** Binds at an edge's UDP address with a media token; a speaker moves its socket, a listener opens a new one. */
    interface Binder {
        void bind(InetSocketAddress edge, String mediaToken) throws IOException;
    }

    /**
     * One move's times, for the audio gap's parts: when its {@code media_moved} arrived ({@link System#nanoTime()}),
     * then how long getting a token took and how long binding took, ms (each summed over the move's tries).
     */
    record Move(long noticedNanos, long tokenMs, long bindMs) {}

    /** How long a token request and binding is tried again (every {@link #RETRY_PAUSE}) before the peer gives up. */
    static final Duration RETRY_FOR = Duration.ofSeconds(60);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChaosUser user;
    private final String room;
    private final List<GatewayHttp> gateways;
    private Binder binder;
    private volatile String token;
    private final List<Move> moves = new CopyOnWriteArrayList<>();
    /** For a failure message: the edge and role of the last binding, and the last media_moved seen. */
    private volatile String boundAt = "nowhere";
    private volatile String lastMoved = "none";

    AudioPeer(ChaosUser user, String room, List<GatewayHttp> gateways) {
        this.user = user;
        this.room = room;
        this.gateways = gateways;
    }

    ChaosUser user() {
        return user;
    }

    /**
     * A media token for the room (the gateway's answer: {@code token}, {@code edge}, {@code edge_address}, ...).
     *
     * @throws IllegalStateException when no node gave one within {@link #RETRY_FOR}
     */
    JsonNode mediaToken() throws InterruptedException {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        RuntimeException last = null;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            try {
                return gateways.get(i % gateways.size()).mediaToken(room, user.token());
            } catch (RuntimeException e) { // 403 before the join is applied, 503, a node down
                last = e;
                Thread.sleep(RETRY_PAUSE.toMillis()); // a pause between retries, not a synchronization
            }
        }
        throw new IllegalStateException(user.user() + ": no media token for " + room + " within " + RETRY_FOR
            + (last == null ? "" : "; the last answer: " + last.getMessage()), last);
    }

    /** Binds with a token from {@link #mediaToken()} through {@code with}, which later moves use too. */
    synchronized void bind(JsonNode answer, Binder with) throws IOException {
        with.bind(GatewayHttp.edgeAddress(answer), answer.path("token").asText());
        binder = with;
        token = answer.path("token").asText();
        boundAt = answer.path("edge").asText() + " as " + answer.path("role").asText() + " at " + Instant.now();
    }

    /**
     * Handles a {@code media_moved} DISPATCH: when it concerns this binding, a new token and a binding at the edge it
     * names, tried again until {@link #RETRY_FOR} passed.
     *
     * @throws IllegalStateException when the move did not succeed in time
     */
    synchronized void moved(JsonNode mediaMoved) throws InterruptedException {
        if (!room.equals(mediaMoved.path("data").path("room_id").asText())) {
            return;
        }
        String seen = mediaMoved.path("data").path("edge_ids") + " at " + Instant.now();
        if (token == null || !MediaMoves.affects(mediaMoved, token)) {
            lastMoved = seen + " (not this binding's)";
            return;
        }
        lastMoved = seen;
        long noticed = System.nanoTime();
        long deadline = noticed + RETRY_FOR.toNanos();
        long tokenNanos = 0;
        long bindNanos = 0;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            JsonNode answer = mediaToken();
            long t1 = System.nanoTime();
            tokenNanos += t1 - t0;
            try {
                bind(answer, binder);
                moves.add(new Move(noticed, tokenNanos / 1_000_000, (bindNanos + System.nanoTime() - t1) / 1_000_000));
                return;
            } catch (IOException e) { // the edge refused or did not answer: ask for a token again
                bindNanos += System.nanoTime() - t1;
                last = e;
            }
        }
        throw new IllegalStateException(user.user() + ": no binding after media_moved within " + RETRY_FOR, last);
    }

    /** Whether this binding is at {@code edgeId}, as the edge or (on a relay) the origin its token names. */
    boolean at(String edgeId) {
        if (token == null) {
            return false;
        }
        ObjectNode lapse = JSON.createObjectNode().put("op", "DISPATCH").put("t", MediaMoves.TYPE);
        lapse.putObject("data").put("room_id", room).putArray("edge_ids").add(edgeId);
        return MediaMoves.affects(lapse, token);
    }

    /** @return its state for a failure message: where it is bound, its moves, the last media_moved, its user's state */
    String describe() {
        return "bound at " + boundAt + ", " + moves.size() + " moves, last media_moved " + lastMoved + "; " + user.describe();
    }

    /** The moves done so far, in order. */
    List<Move> moves() {
        return moves;
    }
}
