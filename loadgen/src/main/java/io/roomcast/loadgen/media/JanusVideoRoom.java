package io.roomcast.loadgen.media;

import io.roomcast.clients.media.RtpSpeaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Janus (1.1, janus.plugin.videoroom) driven over its HTTP API (https://janus.conf.meetecho.com/docs/rest.html)
 * as the peer of the media benchmark: one session and one VideoRoom handle, kept alive every 20 s
 * (Janus ends a session after 60 s without a request). A room's publishers are remote publishers
 * ({@code add_remote_publisher}: Janus opens a UDP port and takes plain RTP on it, the stream at mindex
 * 0 with SSRC {@value #REMOTE_SSRC}), forwarded as plain RTP to each listener with {@code rtp_forward}
 * (Janus keeps the sequence numbers and timestamps and sets the SSRC it is given).
 */
public final class JanusVideoRoom implements AutoCloseable {
    /** SSRC Janus expects on a remote publisher's stream at mindex 0 (1000 + 10 × mindex). */
    public static final int REMOTE_SSRC = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 8;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String handlePath;
    private final ScheduledExecutorService keepalive = Executors.newSingleThreadScheduledExecutor();

    /**
     * Creates a session and attaches the VideoRoom plugin.
     *
     * @param url the API root, e.g. {@code http://localhost:8088/janus}
     * @throws IOException when Janus does not answer or answers an error
     */
    public JanusVideoRoom(String url) throws IOException, InterruptedException {
        this.base = url;
        long session = call(url, JSON.createObjectNode().put("janus", "create")).path("data").path("id").asLong();
        String sessionPath = url + "/" + session;
        long handle = call(sessionPath, JSON.createObjectNode().put("janus", "attach").put("plugin", "janus.plugin.videoroom"))
            .path("data").path("id").asLong();
        this.handlePath = sessionPath + "/" + handle;
        keepalive.scheduleAtFixedRate(() -> {
            try {
                call(sessionPath, JSON.createObjectNode().put("janus", "keepalive"));
            } catch (IOException | InterruptedException e) {
                // the next request reports a lost session
            }
        }, 20, 20, TimeUnit.SECONDS);
    }

    /** Creates an Opus room for up to {@code publishers} publishers; returns its id. */
    public long createRoom(int publishers) throws IOException, InterruptedException {
        return message(JSON.createObjectNode().put("request", "create").put("audiocodec", "opus")
            .put("publishers", publishers)).path("room").asLong();
    }

    /** Destroys a room, its publishers and their forwarders. */
    public void destroyRoom(long room) throws IOException, InterruptedException {
        message(JSON.createObjectNode().put("request", "destroy").put("room", room));
    }

    /** A remote publisher of the room: its id and the UDP port (on 127.0.0.1) taking its RTP. */
    public record RemotePublisher(long id, int port) {}

    /** Adds a remote publisher with one Opus stream (mid "0", RFC 6464 level in extension id 1). */
    public RemotePublisher addRemotePublisher(long room, String display) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("request", "add_remote_publisher").put("room", room)
            .put("display", display).put("iface", "127.0.0.1");
        request.putArray("streams").addObject().put("type", "audio").put("mindex", 0).put("mid", "0")
            .put("codec", "opus").put("audiolevel_ext_id", RtpSpeaker.AUDIO_LEVEL_ID);
        JsonNode answer = message(request);
        return new RemotePublisher(answer.path("id").asLong(), answer.path("port").asInt());
    }

    /** One forwarder to add: the publisher's stream to {@code host}:{@code port} with SSRC {@code ssrc}. */
    public record Forward(long publisher, String host, int port, int ssrc) {}

    /** Adds the forwarders ({@code rtp_forward}), {@value #IN_FLIGHT} requests in flight. */
    public void rtpForward(long room, List<Forward> forwards) throws IOException, InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<JsonNode>> all = new java.util.ArrayList<>(forwards.size());
        for (Forward f : forwards) {
            ObjectNode request = JSON.createObjectNode().put("request", "rtp_forward").put("room", room)
                .put("publisher_id", f.publisher()).put("host", f.host());
            request.putArray("streams").addObject().put("mid", "0").put("port", f.port())
                .put("ssrc", Integer.toUnsignedLong(f.ssrc()));
            slots.acquire();
            all.add(send(handlePath, envelope("message").set("body", request)).whenComplete((r, e) -> slots.release()));
        }
        for (CompletableFuture<JsonNode> f : all) {
            pluginData(f.join());
        }
    }

    private JsonNode message(ObjectNode body) throws IOException, InterruptedException {
        return pluginData(call(handlePath, envelope("message").set("body", body)));
    }

    private static ObjectNode envelope(String janus) {
        return JSON.createObjectNode().put("janus", janus);
    }

    /** The plugin's answer, or an IOException with its error. */
    private static JsonNode pluginData(JsonNode answer) throws IOException {
        JsonNode data = answer.path("plugindata").path("data");
        if (!answer.path("janus").asText().equals("success") || data.has("error")) {
            throw new IOException("Janus refused: " + answer);
        }
        return data;
    }

    private JsonNode call(String path, ObjectNode body) throws IOException, InterruptedException {
        try {
            JsonNode answer = send(path, body).join();
            if (answer.path("janus").asText().equals("error")) {
                throw new IOException("Janus error: " + answer.path("error"));
            }
            return answer;
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException("Janus at " + base + " did not answer: " + e.getCause(), e.getCause());
        }
    }

    private CompletableFuture<JsonNode> send(String path, ObjectNode body) {
        body.put("transaction", UUID.randomUUID().toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() {
        keepalive.shutdownNow();
        http.close();
    }
}
