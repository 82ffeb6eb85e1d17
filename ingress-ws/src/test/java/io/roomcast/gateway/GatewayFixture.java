package io.roomcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.RealServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the REST integration tests of the user/club, hallway and notification APIs set up: a gateway node
 * ({@link TestGateway}) on a fresh database of the test kit's PostgreSQL, an {@link OpenApiTraffic} client
 * checking every exchange against docs/openapi.yml, and the services a test runs around it in their own JVMs
 * (room-state-stream, ranking-stream, notification-worker, search-indexer, media-edge), started in the order asked. {@link #close()} stops
 * the client, the gateway, then the services, the last started first.
 */
public final class GatewayFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedKafka kafka;
    private final SchemaRegistryProcess registry;
    private final RedisServer redis;
    private final String redisUri;
    private final List<ServiceProcess> services = new ArrayList<>();
    private TestGateway gateway;
    private OpenApiTraffic rest;
    private String databaseUrl;

    /**
     * Nothing started yet: {@link #roomState}, {@link #ranking}, {@link #gateway}, {@link #notificationWorker},
     * {@link #searchIndexer}, {@link #mediaEdge}.
     *
     * @param redisDb the Redis database (0–15) every service of this fixture uses: a test's own, so that edges,
     *                read models and rankings of another test or of a running platform (database 0) never mix
     *                with its own
     */
    public GatewayFixture(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis, int redisDb) {
        this.kafka = kafka;
        this.registry = registry;
        this.redis = redis;
        this.redisUri = redis.uri() + "/" + redisDb;
    }

    /** Starts room-state-stream ({@link TestGateway#startRoomState}). */
    public GatewayFixture roomState(String run) {
        return roomState(run, Map.of());
    }

    /** As {@link #roomState(String)}, with {@code extra} settings of room-state-stream. */
    public GatewayFixture roomState(String run, Map<String, String> extra) {
        services.add(TestGateway.startRoomState(kafka, registry, redisUri, run, extra));
        return this;
    }

    /** Starts ranking-stream ({@link TestGateway#startRanking}). */
    public GatewayFixture ranking(String run) {
        services.add(TestGateway.startRanking(kafka, registry, redisUri, run));
        return this;
    }

    /**
     * Starts the gateway node on a fresh database named after {@code databasePrefix} (its Flyway makes the schemas),
     * with {@code settings} added ({@link TestGateway#start}), and the REST client.
     */
    public GatewayFixture gateway(String databasePrefix, Map<String, Object> settings) {
        databaseUrl = RealServers.freshDatabase(databasePrefix);
        Map<String, Object> all = new HashMap<>(settings);
        all.put("datasources.default.url", databaseUrl);
        all.put("roomcast.redis-uri", redisUri);
        gateway = TestGateway.start(kafka, registry, redis, all);
        rest = OpenApiTraffic.create();
        return this;
    }

    /**
     * Starts notification-worker ({@link TestGateway#startNotificationWorker}) writing to the gateway's database:
     * after {@link #gateway}. Its consumer group is {@code notify-e2e-<run>}.
     */
    public GatewayFixture notificationWorker(String run) {
        services.add(TestGateway.startNotificationWorker(kafka, registry, redisUri, run, databaseUrl));
        return this;
    }

    /** Starts search-indexer ({@link TestGateway#startSearchIndexer}) writing to {@code elasticsearchUrl}. */
    public GatewayFixture searchIndexer(String run, String elasticsearchUrl) {
        services.add(TestGateway.startSearchIndexer(kafka, registry, redisUri, run, elasticsearchUrl));
        return this;
    }

    /** Starts a media edge ({@link TestGateway#startMediaEdge}) the gateway names in media tokens. */
    public GatewayFixture mediaEdge(String run) {
        services.add(TestGateway.startMediaEdge(kafka, registry, redisUri, run));
        return this;
    }

    public TestGateway node() {
        return gateway;
    }

    public OpenApiTraffic rest() {
        return rest;
    }

    /** {@code http://localhost:<port>} of the gateway */
    public String url() {
        return gateway.url();
    }

    /** The JDBC URL of the gateway's database (user postgres, no password). */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** A dev token of {@code userId} ({@code POST /dev/tokens}). */
    public String token(String userId) throws IOException, InterruptedException {
        return rest.devToken(gateway.url(), userId);
    }

    /**
     * {@code POST /users} with {@code token}: username {@code userId} with '-' as '_', display name
     * {@code displayName}.
     *
     * @return the answer, unchecked
     */
    public HttpResponse<String> createUser(String token, String userId, String displayName)
            throws IOException, InterruptedException {
        return call("POST", "/users", token,
            "{\"username\":\"" + userId.replace('-', '_') + "\",\"display_name\":\"" + displayName + "\"}");
    }

    /**
     * Signs {@code userId} up ({@link #createUser}, asserting 201).
     *
     * @return its dev token
     */
    public String signUp(String userId, String displayName) throws IOException, InterruptedException {
        String token = token(userId);
        HttpResponse<String> r = createUser(token, userId, displayName);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return token;
    }

    /** {@code method path} on the gateway with {@code token}, and {@code body} as JSON when not null; checked. */
    public HttpResponse<String> call(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return rest.send(request(method, path, token, body));
    }

    /**
     * As {@link #call}, for a request docs/openapi.yml itself refuses (a limit over its maximum, a value outside an
     * enum, a required field missing).
     */
    public HttpResponse<String> outsideContract(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        return rest.sendOutsideContract(request(method, path, token, body));
    }

    /** The request of {@link #call}. */
    public HttpRequest request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + path))
            .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** The answer's body as JSON. */
    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        if (rest != null) {
            rest.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
