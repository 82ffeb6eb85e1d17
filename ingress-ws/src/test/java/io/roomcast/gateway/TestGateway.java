package io.roomcast.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A gateway node in the test JVM (Micronaut's embedded server on a free port) wired to the test
 * kit's broker, registry and Redis, with dev tokens enabled; {@code settings} add to or override
 * that (e.g. {@code roomcast.redis-uri} with a database of its own, a node id, a limit).
 */
public final class TestGateway implements AutoCloseable {
    private final ApplicationContext context;
    private final int port;

    private TestGateway(ApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    public static TestGateway start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis,
                                    Map<String, Object> settings) {
        int port = Ports.free();
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", port);
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("roomcast.registry-url", registry.registryApiUrl());
        config.put("roomcast.redis-uri", redis.uri());
        config.put("roomcast.gateway.dev-tokens.enabled", true);
        config.putAll(settings);
        return new TestGateway(ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext(), port);
    }

    /**
     * room-state-stream in its own JVM (from its module's build), on the test kit's servers, with an
     * application id, state and log folder of {@code run}'s own.
     */
    public static ServiceProcess startRoomState(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis,
                                                String run) {
        int port = Ports.free();
        Path dir = Path.of("target", "e2e-" + run).toAbsolutePath();
        return ServiceProcess.start("room-state-stream", Path.of("..", "room-state-stream").toAbsolutePath(),
            "io.roomcast.roomstate.Application", port, Map.of(
                "micronaut.application.name", "room-state-e2e-" + run,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.redis-uri", redis.uri(),
                "kafka.streams.default.state.dir", dir.toString(),
                "kafka.streams.default.application.server", "localhost:" + port),
            dir.resolve("room-state-stream.log"));
    }

    /**
     * Creates a live public room hosted by {@code host} over REST and waits (up to 30 s) until
     * {@code GET /rooms/{id}} shows it; every exchange is checked against docs/openapi.yml
     * ({@link OpenApiTraffic}).
     *
     * @return the room id
     */
    public String createRoom(String host) throws IOException, InterruptedException {
        try (OpenApiTraffic rest = OpenApiTraffic.create()) {
            String token = rest.devToken(url(), host);
            HttpResponse<String> created = rest.send(HttpRequest.newBuilder(URI.create(url() + "/rooms"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"E2E\",\"visibility\":\"public\"}"))
                .build());
            if (created.statusCode() != 202) {
                throw new IllegalStateException("POST /rooms answered " + created.statusCode() + ": " + created.body());
            }
            String room = new ObjectMapper().readTree(created.body()).path("room_id").asText();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rest.send(HttpRequest.newBuilder(
                URI.create(url() + "/rooms/" + room)).header("Authorization", "Bearer " + token).build())
                .statusCode() == 200);
            return room;
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>} */
    public String url() {
        return "http://localhost:" + port;
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
