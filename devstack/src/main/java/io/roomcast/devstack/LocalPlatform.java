package io.roomcast.devstack;

import io.roomcast.devstack.provision.SchemaRegistration;
import io.roomcast.devstack.provision.TopicProvisioner;
import io.roomcast.devstack.servers.KafkaBrokerProcess;
import io.roomcast.devstack.servers.PostgresServer;
import io.roomcast.devstack.servers.Ports;
import io.roomcast.devstack.servers.RedisServer;
import io.roomcast.devstack.servers.ServerStartException;
import io.roomcast.devstack.servers.TurnServer;
import io.roomcast.devstack.servers.SchemaRegistryProcess;
import io.roomcast.devstack.servers.ServiceProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local platform: a Kafka broker process, the schema registry, Redis and PostgreSQL (reused
 * when already running), every topic of the catalog and every schema registered, then Roomcast's
 * services ({@link PlatformConfig.Service}). Started in that
 * order with progress lines; if any step fails, what was started is stopped again before the error
 * is thrown. {@link #close()} stops what this object started, in reverse order.
 */
public final class LocalPlatform implements AutoCloseable {
    /** Replication factor of topics on the one local broker. */
    public static final short REPLICATION_FACTOR = 1;

    private final PlatformConfig config;
    private final PrintStream out;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final java.util.List<ServiceProcess> services = new java.util.ArrayList<>();
    private RedisServer redis;
    private PostgresServer postgres;
    private TurnServer turn;

    private LocalPlatform(PlatformConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /**
     * Starts everything.
     *
     * @throws io.roomcast.devstack.servers.ServerStartException naming the server and the cause
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
        step("Kafka broker", () -> own(KafkaBrokerProcess.start(config.data().resolve("kafka"),
            config.kafkaPort(), config.controllerPort(), config.logs().resolve("kafka.log"))));
        step("Schema registry", () -> own(SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(),
            config.registryPort(), config.bootstrapServers(), config.logs().resolve("schema-registry.log"))));
        redis = step("Redis", () -> own(RedisServer.reachableOrStart(PlatformConfig.HOST, config.redisPort(),
            config.data().resolve("redis"), config.logs().resolve("redis.log"))));
        postgres = step("PostgreSQL", () -> own(PostgresServer.reachableOrStart(PlatformConfig.HOST,
            config.postgresPort(), config.data().resolve("postgres"), config.logs().resolve("postgres.log"))));
        turn = step("TURN (coturn)", () -> {
            try {
                return own(TurnServer.start(PlatformConfig.turnPort(), PlatformConfig.TURN_RELAY_MIN,
                    PlatformConfig.TURN_RELAY_MAX, PlatformConfig.TURN_SECRET, config.data().resolve("turn"),
                    config.logs().resolve("turn.log")));
            } catch (ServerStartException e) {
                out.print("skipped (browsers get no TURN): " + e.getMessage() + " ");
                return null;
            }
        });
        step("Topics", () -> {
            try (Admin admin = admin(config.bootstrapServers())) {
                TopicProvisioner.Result result = new TopicProvisioner(admin, REPLICATION_FACTOR).createAll();
                result.mismatched().forEach(m -> out.println("  warning: " + m));
                return result.created().size() + " created, " + result.existing().size() + " existing";
            }
        });
        step("Schemas", () -> {
            SchemaRegistration registration = new SchemaRegistration(config.ccompatUrl());
            registration.requireBackwardCompatibility();
            return registration.registerAll().size() + " value subjects registered, compatibility BACKWARD";
        });
        config.services().forEach((service, port) -> services.add(step(service.module,
            () -> own(startService(config, service, port, redis.uri(), service.module)))));
    }

    /**
     * Starts one instance of a Roomcast service wired to this platform's servers.
     *
     * @param instance instance name: its log file, state folder, (for the gateway) node id and (for a media
     *                 edge other than the platform's) edge id
     * @throws io.roomcast.devstack.servers.ServerStartException if it does not become healthy
     */
    public static ServiceProcess startService(PlatformConfig config, PlatformConfig.Service service, int port,
                                              String redisUri, String instance) {
        return startService(config, service, port, redisUri, instance, Map.of());
    }

    /**
     * As {@link #startService(PlatformConfig, PlatformConfig.Service, int, String, String)}, with settings of
     * its own on top (system properties, e.g. {@code roomcast.media.listener-capacity}).
     */
    public static ServiceProcess startService(PlatformConfig config, PlatformConfig.Service service, int port,
                                              String redisUri, String instance, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(service.localSettings);
        if (service == PlatformConfig.Service.INGRESS_WS
                && io.roomcast.devstack.servers.Ports.inUse(PlatformConfig.HOST, PlatformConfig.turnPort())) {
            // Browsers' TURN (coturn, started by ./roomcast up): the gateway mints credentials for it.
            settings.putAll(PlatformConfig.gatewayTurnSettings());
        }
        settings.putAll(Map.of(
            "kafka.bootstrap.servers", config.bootstrapServers(),
            "roomcast.registry-url", config.registryApiUrl(),
            "roomcast.redis-uri", redisUri,
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
        settings.putAll(extra);
        return ServiceProcess.start(instance, config.root().resolve(service.module), service.mainClass, port, settings,
            config.logs().resolve(instance + ".log"));
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

    private <T extends AutoCloseable> T own(T server) {
        started.push(server);
        return server;
    }

    /** Lines saying what runs where, for people and for {@code ./roomcast up}'s summary. */
    public String summary() {
        StringBuilder lines = new StringBuilder();
        int i = 0;
        for (var service : config.services().keySet()) {
            lines.append(String.format("%n  %-18s %s   (/health, /prometheus)", service.module, services.get(i++).url()));
        }
        return String.join("\n",
            "  Kafka broker       " + config.bootstrapServers() + "   (data " + config.data().resolve("kafka") + ")",
            "  Schema registry    " + config.registryUrl() + "   (Confluent API " + config.ccompatUrl() + ")",
            "  Redis              " + redis.uri() + (redis.started() ? "   (started here)" : "   (already running, reused)"),
            "  PostgreSQL         " + postgres.jdbcUrl(PostgresServer.DATABASE)
                + (postgres.started() ? "   (started here)" : "   (already running, reused)"),
            "  TURN (coturn)      " + (turn == null ? "not running" : turn.url() + "   (REST credentials from the gateway)"),
            "  Logs               " + config.logs()) + lines;
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
