package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.loadgen.ws.WsClients;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live room with several speakers, made through the gateway as users make it: the first user
 * creates the room (its host, a moderator); the others join over the WebSocket and raise their hands,
 * which the host accepts; each then gets its media token from {@code POST /rooms/{id}/media-token}
 * once the read model names it a speaker. The sessions stay open and heartbeat until {@link #close()}.
 */
public final class SpeakerRoom implements AutoCloseable {
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final GatewayHttp http;
    private final String room;
    private final List<String> users;
    private final List<String> sessionTokens;
    private final AutoCloseable sessions;

    private SpeakerRoom(GatewayHttp http, String room, List<String> users, List<String> sessionTokens,
                        AutoCloseable sessions) {
        this.http = http;
        this.room = room;
        this.users = users;
        this.sessionTokens = sessionTokens;
        this.sessions = sessions;
    }

    /** The room id. */
    public String room() {
        return room;
    }

    /** The speakers' user ids, host first. */
    public List<String> users() {
        return users;
    }

    /** New media tokens (JWT, the gateway's media-token TTL) of the speakers, host first. */
    public List<String> mediaTokens() {
        return sessionTokens.stream().map(t -> http.mediaToken(room, t).path("token").asText()).toList();
    }

    /**
     * @param gateway REST base URL with dev tokens enabled, e.g. {@code http://localhost:8080}
     * @param ws the gateway's WebSocket URL, e.g. {@code ws://localhost:8080/ws}
     * @param prefix user id prefix (unique per run)
     * @param speakers speakers, 1 or more
     * @param timeout longest wait for any step
     * @throws IllegalStateException when the gateway refuses a step or a speaker is not one after {@code timeout}
     */
    public static SpeakerRoom open(String gateway, URI ws, String prefix, int speakers, Duration timeout) throws Exception {
        GatewayHttp http = new GatewayHttp(gateway);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < speakers; i++) {
            users.add(prefix + "-speaker-" + i);
        }
        List<String> tokens = http.tokens(users);
        String room = http.createRoom(tokens.getFirst(), "media bench " + prefix, timeout);
        WsClients clients = new WsClients(1, 1 << 20);
        List<RoomcastUser> sessions = new ArrayList<>();
        var heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        AutoCloseable close = () -> {
            heartbeats.shutdownNow();
            sessions.forEach(RoomcastUser::close);
            clients.close();
        };
        try {
            for (int i = 0; i < speakers; i++) {
                RoomcastUser user = new RoomcastUser(i, users.get(i), tokens.get(i));
                clients.connect(ws, new InetSocketAddress("127.0.0.1", 0), user).thenCompose(s -> user.ready())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                user.join(room);
                user.joined().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                sessions.add(user);
            }
            heartbeats.scheduleAtFixedRate(() -> sessions.forEach(RoomcastUser::heartbeat), 1,
                HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
            for (int i = 1; i < speakers; i++) {
                sessions.get(i).command(room, "raise_hand", null);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < speakers; i++) {
                awaitSpeaker(http, sessions.getFirst(), room, users.get(i), tokens.get(i), deadline);
            }
            return new SpeakerRoom(http, room, users, tokens, close);
        } catch (Exception | Error e) {
            close.close();
            throw e;
        }
    }

    /** Accepts the user's hand (again, if the raise was not applied yet) until its media token says speaker. */
    private static void awaitSpeaker(GatewayHttp http, RoomcastUser host, String room, String user, String token,
                                       long deadline) throws InterruptedException {
        while (true) {
            JsonNode answer = http.mediaToken(room, token);
            String role = answer.path("role").asText();
            if (role.equals("speaker") || role.equals("moderator")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(user + " is still " + role + " in room " + room);
            }
            host.command(room, "accept_hand", user);
            Thread.sleep(200); // polling the read model over HTTP: there is nothing to wait on
        }
    }

    @Override
    public void close() throws Exception {
        sessions.close();
    }
}
