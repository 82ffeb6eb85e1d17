package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The gateway's REST API as the load generator uses it: dev session tokens ({@code POST /dev/token},
 * only on a gateway started with dev tokens enabled, as {@code ./roomcast up} does) and room creation
 * ({@code POST /rooms}, then {@code GET /rooms/{id}} until the read model has it), and any other request
 * of its REST API ({@link #call}).
 */
public final class GatewayHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Token requests in flight at most. */
    private static final int CONCURRENCY = 64;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;

    /** @param baseUrl e.g. {@code http://localhost:8080} */
    public GatewayHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * @return one session token (JWT) per user id, in order
     * @throws IllegalStateException if the gateway refuses (dev tokens disabled: 404)
     */
    public List<String> tokens(List<String> users) throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENCY);
        List<CompletableFuture<String>> tokens = new ArrayList<>(users.size());
        for (String user : users) {
            slots.acquire();
            tokens.add(post("/dev/token", null, JSON.createObjectNode().put("user_id", user).toString())
                .thenApply(body -> body.path("token").asText())
                .whenComplete((t, e) -> slots.release()));
        }
        return tokens.stream().map(CompletableFuture::join).toList();
    }

    /**
     * A dev token for {@code user}, then {@code POST /users} (username and display name {@code user}: 3 to 30 of
     * {@code [a-z0-9_]}).
     *
     * @return the user's session token
     * @throws IllegalStateException if the gateway refuses either request
     */
    public String signUp(String user) throws IOException, InterruptedException {
        String token = tokens(List.of(user)).getFirst();
        call("POST", "/users", token, JSON.createObjectNode().put("username", user).put("display_name", user), 201);
        return token;
    }

    /** Creates a live public room hosted by the token's user; returns its id once GET /rooms/{id} shows it. */
    public String createRoom(String hostToken, String title, Duration timeout) throws InterruptedException, IOException {
        return createRoom(hostToken, JSON.createObjectNode().put("title", title).put("topic", "benchmark"), timeout);
    }

    /**
     * {@code POST /rooms} with body (README, "REST API": title, topic, visibility, settings, ...) as the token's
     * user, then {@code GET /rooms/{id}} every 100 ms until it answers 200 (room-state-stream applied the creation).
     *
     * @return the room id
     * @throws IllegalStateException if POST /rooms refuses, or the room is not readable within timeout
     */
    public String createRoom(String hostToken, JsonNode body, Duration timeout) throws InterruptedException, IOException {
        String room = post("/rooms", hostToken, body.toString()).join().path("room_id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest get = HttpRequest.newBuilder(URI.create(baseUrl + "/rooms/" + room))
            .header("Authorization", "Bearer " + hostToken).build();
        while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("room " + room + " did not appear in the read model within " + timeout);
            }
            Thread.sleep(100); // polling an HTTP resource: there is nothing to wait on
        }
        return room;
    }

    /**
     * One request as the token's user, answered synchronously.
     *
     * @param method     HTTP method
     * @param path       path from the base URL, e.g. {@code /users/me}
     * @param bearer     session token for {@code Authorization: Bearer}
     * @param body       JSON body, or null for none
     * @param okStatuses the statuses expected
     * @return the answer's JSON body (a missing node when it is empty)
     * @throws IllegalStateException on any other status, naming the request, the status and the body
     */
    public JsonNode call(String method, String path, String bearer, JsonNode body, int... okStatuses)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + bearer)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int ok : okStatuses) {
            if (response.statusCode() == ok) {
                return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            }
        }
        throw new IllegalStateException(method + " " + baseUrl + path + " answered " + response.statusCode() + ": " + response.body());
    }

    /**
     * {@code POST /rooms/{id}/media-token} as the token's user.
     *
     * @return the answer: {@code token}, {@code role} (lower snake case), {@code edge}, {@code expires_at}
     * @throws IllegalStateException on a refusal (403: not in the room)
     */
    public JsonNode mediaToken(String room, String sessionToken) {
        return post("/rooms/" + room + "/media-token", sessionToken, "{}").join();
    }

    /**
     * The UDP address of the edge a {@link #mediaToken} answer names: its {@code edge_address}, {@code host:port}
     * (IPv6 in brackets).
     *
     * @throws NumberFormatException or {@link StringIndexOutOfBoundsException} for an answer without a port
     */
    public static InetSocketAddress edgeAddress(JsonNode mediaToken) {
        String hostPort = mediaToken.path("edge_address").asText();
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private CompletableFuture<JsonNode> post(String path, String bearer, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + baseUrl + path + " answered " + response.statusCode() + ": " + response.body());
            }
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("POST " + path + " answered no JSON", e);
            }
        });
    }
}
