package io.roomcast.devstack;

import io.roomcast.servers.provision.SchemaRegistration;
import io.roomcast.servers.provision.TopicProvisioner;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServerStartException;
import io.roomcast.servers.TurnServer;
import io.roomcast.servers.ServiceProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local platform: a Kafka broker process, the schema registry, Redis, PostgreSQL and Elasticsearch
 * (reused when already running), every topic of the catalog and every schema registered, then Roomcast's
 * services ({@link PlatformConfig.Service}). Started in that
 * order with progress lines; if any step fails, what was started is stopped again before the error
 * is thrown. {@link #close()} stops what this object started, in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {
    /** Replication factor of topics on the one local broker. */
    public static final short REPLICATION_FACTOR = 1;

    /**
     * A server of the platform: its name in progress lines and how it starts (or is reused) with this
     * platform's settings, saying where it runs. Adding a server (e.g. Elasticsearch) is one line in
     * {@link #SERVERS} and its launcher in module {@code servers}.
     */
    private record Server(String name, Function<PlatformConfig, Started> start) {}

    /** A started (or reused) server and the line {@link #summary()} shows for it. */
    private record Started(AutoCloseable server, String where) {}

    /** The platform's servers, in start order (the services need all of them). */
    private static final List<Server> SERVERS = List.of(
        new Server(KafkaBrokerProcess.NAME, LocalPlatform::kafka),
        new Server(SchemaRegistryProcess.NAME, LocalPlatform::schemaRegistry),
        new Server(RedisServer.NAME, LocalPlatform::redis),
        new Server(PostgresServer.NAME, LocalPlatform::postgres),
        new Server(ElasticsearchServer.NAME, LocalPlatform::elasticsearch),
        new Server(TurnServer.NAME, LocalPlatform::turn));

    private final PlatformConfig config;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> where = new LinkedHashMap<>();

    private LocalPlatform(PlatformConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /**
     * Starts everything.
     *
     * @throws io.roomcast.servers.ServerStartException naming the server and the cause
     *     (port taken, program missing, not ready in time); nothing is left running
     * @throws IllegalStateException if topic creation or schema registration fails; nothing is left running
     */
    public static LocalPlatform start(PlatformConfig config, PrintStream out) {
        LocalPlatform platform = new LocalPlatform(config, out);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        Ports.requireFree(KafkaBrokerProcess.NAME, config.kafkaPort());
        Ports.requireFree(KafkaBrokerProcess.NAME + " controller", config.controllerPort());
        Ports.requireFree(SchemaRegistryProcess.NAME, config.registryPort());
        for (Server server : SERVERS) {
            Started s = step(server.name(), () -> server.start().apply(config));
            started.push(s.server());
            where.put(server.name(), s.where());
        }
        step("Topics", () -> createTopics(config, out));
        step("Schemas", () -> registerSchemas(config));
        config.services().forEach((service, port) -> {
            ServiceProcess process = step(service.module, () -> startService(config, service, port, service.module));
            started.push(process);
            where.put(service.module, process.url() + "   (/health, /prometheus)");
        });
    }

    /**
     * Creates every topic of the catalog that is missing on the platform's broker; a topic whose settings differ is
     * left as it is, with a warning line on {@code out}.
     *
     * @return a summary line, e.g. "21 created, 0 existing"
     */
    public static String createTopics(PlatformConfig config, PrintStream out) {
        try (Admin admin = admin(config.bootstrapServers())) {
            TopicProvisioner.Result result = new TopicProvisioner(admin, REPLICATION_FACTOR).createAll();
            result.mismatched().forEach(m -> out.println("  warning: " + m));
            return result.created().size() + " created, " + result.existing().size() + " existing";
        }
    }

    /**
     * Sets BACKWARD compatibility and registers every value schema of the catalog in the platform's registry.
     *
     * @return a summary line
     */
    public static String registerSchemas(PlatformConfig config) {
        SchemaRegistration registration = new SchemaRegistration(config.ccompatUrl());
        registration.requireBackwardCompatibility();
        return registration.registerAll().size() + " value subjects registered, compatibility BACKWARD";
    }

    private static Started kafka(PlatformConfig config) {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(config.data().resolve("kafka"), config.kafkaPort(),
            config.controllerPort(), config.logs().resolve("kafka.log"));
        return new Started(kafka, config.bootstrapServers() + "   (data " + config.data().resolve("kafka") + ")");
    }

    private static Started schemaRegistry(PlatformConfig config) {
        SchemaRegistryProcess registry = SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(),
            config.registryPort(), config.bootstrapServers(), config.logs().resolve("schema-registry.log"));
        return new Started(registry, config.registryUrl() + "   (Confluent API " + config.ccompatUrl() + ")");
    }

    private static Started redis(PlatformConfig config) {
        RedisServer redis = RedisServer.reachableOrStart(PlatformConfig.HOST, config.redisPort(),
            config.data().resolve("redis"), config.logs().resolve("redis.log"));
        return new Started(redis, redis.uri() + (redis.started() ? "   (started here)" : "   (already running, reused)"));
    }

    /** Elasticsearch at {@link PlatformConfig#elasticsearchUrl()}: reused when it answers, else started (data kept). */
    private static Started elasticsearch(PlatformConfig config) {
        ElasticsearchServer es = ElasticsearchServer.reachableOrStart(PlatformConfig.elasticsearchUrl(),
            SchemaRegistryProcess.defaultDistDir(), config.data().resolve("elasticsearch"),
            config.logs().resolve("elasticsearch.log"));
        return new Started(es, es.url() + (es.started() ? "   (data " + config.data().resolve("elasticsearch") + ")"
            : "   (already running, reused)"));
    }

    /** coturn for browsers behind strict NATs; optional: without it the platform runs, browsers get no TURN. */
    private static Started turn(PlatformConfig config) {
        try {
            TurnServer turn = TurnServer.start(PlatformConfig.turnPort(), PlatformConfig.TURN_RELAY_MIN,
                PlatformConfig.TURN_RELAY_MAX, PlatformConfig.TURN_SECRET, config.data().resolve("turn"),
                config.logs().resolve("turn.log"));
            return new Started(turn, turn.url() + "   (REST credentials from the gateway)");
        } catch (ServerStartException e) {
            return new Started(() -> { }, "not running, browsers get no TURN: " + e.getMessage());
        }
    }

    private static Started postgres(PlatformConfig config) {
        PostgresServer postgres = PostgresServer.reachableOrStart(PlatformConfig.HOST, config.postgresPort(),
            config.data().resolve("postgres"), config.logs().resolve("postgres.log"));
        return new Started(postgres, postgres.jdbcUrl(PostgresServer.DATABASE)
            + (postgres.started() ? "   (started here)" : "   (already running, reused)"));
    }

    /**
     * Starts one instance of a Roomcast service wired to this platform's servers.
     *
     * @param instance instance name: its log file, state folder, (for the gateway) node id and (for a media
     *                 edge other than the platform's) edge id
     * @throws io.roomcast.servers.ServerStartException if it does not become healthy
     */
    public static ServiceProcess startService(PlatformConfig config, PlatformConfig.Service service, int port,
                                              String instance) {
        return startService(config, service, port, instance, Map.of());
    }

    /**
     * As {@link #startService(PlatformConfig, PlatformConfig.Service, int, String)}, with settings of
     * its own on top (system properties, e.g. {@code roomcast.media.listener-capacity}).
     */
    public static ServiceProcess startService(PlatformConfig config, PlatformConfig.Service service, int port,
                                              String instance, Map<String, String> extra) {
        return startService(config, service, port, instance, extra, ServiceProcess.READY_TIMEOUT);
    }

    /** As {@link #startService(PlatformConfig, PlatformConfig.Service, int, String, Map)}, waiting up to {@code readyTimeout}. */
    public static ServiceProcess startService(PlatformConfig config, PlatformConfig.Service service, int port,
                                              String instance, Map<String, String> extra, Duration readyTimeout) {
        Map<String, String> settings = new java.util.HashMap<>(service.localSettings);
        if (service == PlatformConfig.Service.INGRESS_WS && Ports.inUse(PlatformConfig.HOST, PlatformConfig.turnPort())) {
            // Browsers' TURN (coturn, started by ./roomcast up): the gateway mints credentials for it.
            settings.putAll(PlatformConfig.gatewayTurnSettings());
        }
        settings.putAll(Map.of(
            "kafka.bootstrap.servers", config.bootstrapServers(),
            "roomcast.registry-url", config.registryApiUrl(),
            "roomcast.redis-uri", config.redisUri(),
            "roomcast.gateway.node-id", instance,
            "kafka.streams.default.state.dir", config.data().resolve(instance).toString(),
            "kafka.streams.default.application.server", "localhost:" + port));
        if (service == PlatformConfig.Service.MEDIA_EDGE && !instance.equals(service.module)) {
            // One more edge on this machine: its own id, and its own UDP port: ROOMCAST_MEDIA_UDP_PORT of
            // this command (read by the edge), else any free port (registered in Redis, shown by /health).
            settings.put("roomcast.media.edge-id", instance);
            if (System.getenv("ROOMCAST_MEDIA_UDP_PORT") == null) {
                settings.put("roomcast.media.udp-port", "0");
            }
        }
        if (service == PlatformConfig.Service.INGRESS_WS) {
            // The user/club API's database (Flyway migrates it when the gateway starts).
            settings.put("datasources.default.url", config.jdbcUrl());
        }
        settings.putAll(elasticsearchSettings(service, PlatformConfig.elasticsearchUrl()));
        if (service == PlatformConfig.Service.NOTIFICATION_WORKER) {
            // The inbox: the gateway's database.
            settings.put("roomcast.notify.inbox-jdbc-url", config.jdbcUrl());
        }
        settings.putAll(extra);
        return ServiceProcess.start(instance, config.root().resolve(service.module), service.mainClass, port, settings,
            config.logs().resolve(instance + ".log"), readyTimeout);
    }

    /**
     * Where a service finds Elasticsearch: the gateway (GET /search) and search-indexer; nothing for the others.
     *
     * @param url Elasticsearch's base URL, e.g. {@code http://localhost:9200}
     */
    public static Map<String, String> elasticsearchSettings(PlatformConfig.Service service, String url) {
        return switch (service) {
            case INGRESS_WS -> Map.of("roomcast.gateway.search.elasticsearch-url", url);
            case SEARCH_INDEXER -> Map.of("roomcast.search.elasticsearch-url", url);
            default -> Map.of();
        };
    }

    private <T> T step(String what, Supplier<T> action) {
        out.printf("  %-18s ... ", what);
        out.flush();
        long t0 = System.nanoTime();
        T result = action.get();
        out.printf("ready in %.1f s%s%n", (System.nanoTime() - t0) / 1e9,
            result instanceof String s ? " (" + s + ")" : "");
        return result;
    }

    /** Lines saying what runs where, for people and for {@code ./roomcast up}'s summary. */
    public String summary() {
        StringBuilder lines = new StringBuilder();
        where.forEach((name, at) -> lines.append(String.format("  %-18s %s%n", name, at)));
        return lines.append(String.format("  %-18s %s", "Logs", config.logs())).toString();
    }

    /** Stops what was started, newest first; idempotent. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                out.println("  warning: stopping failed: " + e.getMessage());
            }
        }
    }

    /**
     * @return true when a broker answers at the configured port and the registry answers its
     *     Confluent API, i.e. a platform (ours or another) is up
     */
    public static boolean isRunning(PlatformConfig config) {
        if (!Ports.inUse(PlatformConfig.HOST, config.kafkaPort()) || !Ports.inUse(PlatformConfig.HOST, config.registryPort())) {
            return false;
        }
        try (Admin admin = admin(config.bootstrapServers())) {
            admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(config.ccompatUrl() + "/subjects")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    public PlatformConfig config() {
        return config;
    }
}
