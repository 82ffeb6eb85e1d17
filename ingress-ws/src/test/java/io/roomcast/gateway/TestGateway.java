package io.roomcast.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.RealServers;
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
 * kit's broker, registry and Redis, and a fresh database of its own on the test kit's PostgreSQL (the
 * user/club API's; {@code datasources.default.url}), with dev tokens enabled; {@code settings} add to or override
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
        config.put("datasources.default.url", RealServers.freshDatabase("gateway"));
        config.putAll(settings);
        return new TestGateway(ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext(), port);
    }

    /**
     * room-state-stream in its own JVM (from its module's build), on the test kit's broker and registry and
     * the Redis at {@code redisUri} (e.g. {@code redis.uri() + "/3"} for database 3), with an application id,
     * state and log folder of {@code run}'s own.
     */
    public static ServiceProcess startRoomState(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                                String run) {
        return startRoomState(kafka, registry, redisUri, run, Map.of());
    }

    /** As {@link #startRoomState(EmbeddedKafka, SchemaRegistryProcess, String, String)}, with {@code extra} settings. */
    public static ServiceProcess startRoomState(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                                String run, Map<String, String> extra) {
        return startStreamsService("room-state-stream", "io.roomcast.roomstate.Application", "room-state-e2e-" + run,
            kafka, registry, redisUri, run, extra);
    }

    /**
     * A media edge in its own JVM (from media-edge's module build, which the reactor builds before this module),
     * id {@code edgeId}, UDP on 127.0.0.1 at any free port, registering in {@code redisUri}; its log is
     * {@code target/e2e-<run>/<edgeId>.log}. Ready when its {@code /health} answers 200 (registered, following
     * room-events).
     *
     * @param extra more settings ({@code roomcast.media.*}), overriding these
     */
    public static ServiceProcess startMediaEdge(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                                String run, String edgeId, Map<String, String> extra) {
        int port = Ports.free();
        Map<String, String> settings = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "roomcast.registry-url", registry.registryApiUrl(),
            "roomcast.redis-uri", redisUri,
            "roomcast.media.edge-id", edgeId,
            "roomcast.media.udp-host", "127.0.0.1",
            "roomcast.media.udp-port", "0"));
        settings.putAll(extra);
        Path dir = Path.of("target", "e2e-" + run).toAbsolutePath();
        return ServiceProcess.start(edgeId, Path.of("..", "media-edge").toAbsolutePath(), "io.roomcast.media.Application",
            port, settings, dir.resolve(edgeId + ".log"));
    }

    /** ranking-stream in its own JVM, as {@link #startRoomState}. */
    public static ServiceProcess startRanking(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                              String run) {
        return startStreamsService("ranking-stream", "io.roomcast.ranking.Application", "ranking-e2e-" + run,
            kafka, registry, redisUri, run);
    }

    /**
     * notification-worker in its own JVM, as {@link #startRoomState}, writing its inbox rows to {@code inboxJdbcUrl}
     * (the gateway's database, whose Flyway made schema notify: start the gateway first).
     */
    public static ServiceProcess startNotificationWorker(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                         String redisUri, String run, String inboxJdbcUrl) {
        return startStreamsService("notification-worker", "io.roomcast.notify.Application", "notify-e2e-" + run,
            kafka, registry, redisUri, run, Map.of("roomcast.notify.inbox-jdbc-url", inboxJdbcUrl));
    }

    /**
     * search-indexer in its own JVM, as {@link #startRoomState} (its consumer group {@code search-e2e-<run>}),
     * writing to the Elasticsearch at {@code elasticsearchUrl}.
     */
    public static ServiceProcess startSearchIndexer(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                    String redisUri, String run, String elasticsearchUrl) {
        return startStreamsService("search-indexer", "io.roomcast.search.indexer.Application", "search-e2e-" + run,
            kafka, registry, redisUri, run, Map.of("roomcast.search.elasticsearch-url", elasticsearchUrl));
    }

    /**
     * media-edge in its own JVM (from its module's build) as edge {@code edge-<run>}: it registers in the Redis at
     * {@code redisUri}, so a gateway on the same Redis names it in media tokens; UDP on 127.0.0.1 at a port it picks, WHIP/WHEP on its HTTP
     * port, the media-token secret the gateway's default ({@code application.yml} of both).
     */
    public static ServiceProcess startMediaEdge(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                                String run) {
        int port = Ports.free();
        Path dir = Path.of("target", "e2e-" + run).toAbsolutePath();
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.redis-uri", redisUri,
                "roomcast.media.edge-id", "edge-" + run,
                "roomcast.media.udp-host", "127.0.0.1",
                "roomcast.media.udp-port", "0",
                "roomcast.media.public-host", "127.0.0.1");
        return ServiceProcess.start("media-edge", Path.of("..", "media-edge").toAbsolutePath(), "io.roomcast.media.Application",
            port, settings, dir.resolve("media-edge.log"));
    }

    private static ServiceProcess startStreamsService(String module, String mainClass, String applicationId,
                                                      EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                      String redisUri, String run) {
        return startStreamsService(module, mainClass, applicationId, kafka, registry, redisUri, run, Map.of());
    }

    private static ServiceProcess startStreamsService(String module, String mainClass, String applicationId,
                                                      EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                      String redisUri, String run, Map<String, String> extra) {
        int port = Ports.free();
        Path dir = Path.of("target", "e2e-" + run).toAbsolutePath();
        Map<String, String> settings = new HashMap<>(Map.of(
                "micronaut.application.name", applicationId,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.redis-uri", redisUri,
                "kafka.streams.default.state.dir", dir.resolve(module).toString(),
                "kafka.streams.default.application.server", "localhost:" + port));
        settings.putAll(extra);
        return ServiceProcess.start(module, Path.of("..", module).toAbsolutePath(), mainClass, port, settings,
            dir.resolve(module + ".log"));
    }

    /**
     * Creates a live public room hosted by {@code host} over REST and waits (up to 30 s) until
     * {@code GET /rooms/{id}} shows it; every exchange is checked against docs/openapi.yml
     * ({@link OpenApiTraffic}).
     *
     * @return the room id
     */
    public String createRoom(String host) throws IOException, InterruptedException {
        return createRoom(host, "{\"title\":\"E2E\",\"visibility\":\"public\"}");
    }

    /** As {@link #createRoom(String)}, with {@code body} as the {@code POST /rooms} request (JSON). */
    public String createRoom(String host, String body) throws IOException, InterruptedException {
        try (OpenApiTraffic rest = OpenApiTraffic.create()) {
            String token = rest.devToken(url(), host);
            HttpResponse<String> created = rest.send(HttpRequest.newBuilder(URI.create(url() + "/rooms"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
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

    /**
     * Closes what a test class started, in this order (the gateway before the services it reads from), skipping
     * nulls (what did not start); every part is closed even if one fails.
     *
     * @throws IllegalStateException carrying the first failure
     */
    public static void closeAll(AutoCloseable... parts) {
        IllegalStateException failure = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + part + " failed: " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
