package io.roomcast.testkit;

import io.roomcast.servers.provision.SchemaRegistration;
import io.roomcast.servers.provision.TopicProvisioner;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.ManagedProcess;
import io.roomcast.servers.Ports;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServerStartException;
import io.roomcast.servers.TurnServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The real servers of a test JVM, each started at first use and shared by every test class in
 * the JVM, stopped by a JVM shutdown hook (in reverse start order).
 *
 * <p>Each server: the configured address first, if it answers; else a local one.
 * <table>
 *   <caption>Addresses</caption>
 *   <tr><th>server</th><th>system property / env</th><th>default</th><th>local fallback</th></tr>
 *   <tr><td>Kafka</td><td>{@code roomcast.test.kafka} / {@code ROOMCAST_TEST_KAFKA} (bootstrap)</td><td>none</td>
 *       <td>{@link EmbeddedKafka} in this JVM (~2 s)</td></tr>
 *   <tr><td>Schema registry</td><td>{@code roomcast.test.registry} / {@code ROOMCAST_TEST_REGISTRY} (URL)</td><td>none</td>
 *       <td>{@link SchemaRegistryProcess} on a free port (~4-8 s)</td></tr>
 *   <tr><td>Redis</td><td>{@code roomcast.test.redis} / {@code ROOMCAST_TEST_REDIS} (host:port)</td><td>127.0.0.1:6379</td>
 *       <td>{@code redis-server} on a free port</td></tr>
 *   <tr><td>PostgreSQL</td><td>{@code roomcast.test.postgres} / {@code ROOMCAST_TEST_POSTGRES} (host:port)</td><td>127.0.0.1:5432</td>
 *       <td>initdb + {@code postgres} on a free port</td></tr>
 *   <tr><td>Elasticsearch</td><td>{@code roomcast.test.elasticsearch} / {@code ROOMCAST_TEST_ELASTICSEARCH} (URL)</td><td>none</td>
 *       <td>{@link ElasticsearchServer} 9.5.3 on a free port (~8-15 s)</td></tr>
 * </table>
 * Kafka gets every topic of the catalog (automatic topic creation is off, as in production); the
 * registry gets every schema of the catalog and global compatibility BACKWARD.
 *
 * <p>Folders: {@code roomcast.test.dir} (default {@code target/testkit}): {@code logs/<server>-<jvm pid>.log}
 * (and {@code .pid}), {@code data/<server>-<jvm pid>/} (deleted at exit). Processes left behind by
 * a test JVM that died (its pid files) are stopped at first use.
 *
 * <p>A start failure is remembered: later calls in the same JVM throw at once
 * ({@link ServerStartException}) instead of waiting again. A Testcontainers-backed variant would
 * plug in behind these four methods (not used here: no Docker on the build machines).
 */
public final class RealServers {

    private static final Path DIR = Path.of(System.getProperty("roomcast.test.dir", "target/testkit")).toAbsolutePath();
    private static final long JVM_PID = ProcessHandle.current().pid();
    private static final Pattern OWNED = Pattern.compile(".+-(\\d+)(\\.pid)?");
    private static final Deque<AutoCloseable> STARTED = new ConcurrentLinkedDeque<>();

    private static final Lazy<EmbeddedKafka> KAFKA = new Lazy<>("Kafka", RealServers::startKafka);
    private static final Lazy<SchemaRegistryProcess> REGISTRY = new Lazy<>("Schema registry", RealServers::startRegistry);
    private static final Lazy<RedisServer> REDIS = new Lazy<>("Redis", RealServers::startRedis);
    private static final Lazy<PostgresServer> POSTGRES = new Lazy<>("PostgreSQL", RealServers::startPostgres);
    private static final Lazy<ElasticsearchServer> ELASTICSEARCH =
            new Lazy<>("Elasticsearch", RealServers::startElasticsearch);
    private static final Lazy<TurnServer> TURN = new Lazy<>("TURN", RealServers::startTurn);

    static {
        stopLeftovers();
        Runtime.getRuntime().addShutdownHook(new Thread(RealServers::stopAll, "roomcast-testkit-stop"));
    }

    private RealServers() {
    }

    /** @return the shared Kafka broker; @throws ServerStartException if none can be reached or started */
    public static EmbeddedKafka kafka() {
        return KAFKA.get();
    }

    /** @return the shared schema registry (compatibility BACKWARD); @throws ServerStartException if none */
    public static SchemaRegistryProcess schemaRegistry() {
        return REGISTRY.get();
    }

    /** @return the shared Redis; @throws ServerStartException if none can be reached or started */
    public static RedisServer redis() {
        return REDIS.get();
    }

    /** @return the shared PostgreSQL (database {@code roomcast} exists); @throws ServerStartException if none */
    public static PostgresServer postgres() {
        return POSTGRES.get();
    }

    /**
     * @return the shared Elasticsearch (tests keep apart by index names of their own); @throws
     *     ServerStartException if none can be reached or started (the message names the cause)
     */
    public static ElasticsearchServer elasticsearch() {
        return ELASTICSEARCH.get();
    }

    /**
     * A database of its own on the shared PostgreSQL, dropped when the JVM exits (test classes and gateways
     * then do not see each other's rows).
     *
     * @param prefix lower case; the name is prefix, _ and 12 random hex digits
     * @return its JDBC URL (user {@code postgres}, no password)
     */
    public static String freshDatabase(String prefix) {
        PostgresServer postgres = postgres();
        String name = postgres.createFreshDatabase(prefix);
        STARTED.addFirst(new AutoCloseable() {
            @Override
            public void close() {
                postgres.dropDatabase(name);
            }

            @Override
            public String toString() {
                return "database " + name;
            }
        });
        return postgres.jdbcUrl(name);
    }

    /**
     * @return the shared TURN server: coturn on 127.0.0.1, a free port, relays on 20 free-ish ports above
     *     it, with a random static auth secret; @throws ServerStartException if coturn cannot be had
     */
    public static TurnServer turn() {
        return TURN.get();
    }

    private static TurnServer startTurn() {
        int port = Ports.free();
        int relayMin = 49_152 + (int) (JVM_PID % 8_000) * 2;
        return TurnServer.start(port, relayMin, relayMin + 40, java.util.UUID.randomUUID().toString(),
                dataDir("turn"), logFile("turn"));
    }

    private static ElasticsearchServer startElasticsearch() {
        String configured = setting("roomcast.test.elasticsearch", "ROOMCAST_TEST_ELASTICSEARCH", null);
        if (configured != null) {
            if (ElasticsearchServer.answers(configured)) {
                return ElasticsearchServer.external(configured);
            }
            note("Elasticsearch at " + configured + " does not answer; starting one");
        }
        return ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(), Ports.free(), dataDir("elasticsearch"),
                logFile("elasticsearch"));
    }

    private static EmbeddedKafka startKafka() {
        String configured = setting("roomcast.test.kafka", "ROOMCAST_TEST_KAFKA", null);
        EmbeddedKafka kafka = null;
        if (configured != null) {
            if (kafkaAnswers(configured)) {
                kafka = EmbeddedKafka.external(configured);
            } else {
                note("Kafka at " + configured + " does not answer; starting an in-JVM broker");
            }
        }
        if (kafka == null) {
            kafka = EmbeddedKafka.start(dataDir("kafka"));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).createAll();
        } catch (RuntimeException e) {
            kafka.close();
            throw new ServerStartException("Kafka: creating the catalog's topics failed: " + e.getMessage(), e);
        }
        return kafka;
    }

    private static SchemaRegistryProcess startRegistry() {
        String configured = setting("roomcast.test.registry", "ROOMCAST_TEST_REGISTRY", null);
        SchemaRegistryProcess registry = null;
        if (configured != null) {
            if (SchemaRegistryProcess.answers(configured)) {
                registry = SchemaRegistryProcess.external(configured);
            } else {
                note("schema registry at " + configured + " does not answer; starting one");
            }
        }
        if (registry == null) {
            registry = SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(), Ports.free(), logFile("registry"));
        }
        try {
            SchemaRegistration registration = new SchemaRegistration(registry.ccompatUrl());
            registration.requireBackwardCompatibility();
            registration.registerAll();
        } catch (RuntimeException e) {
            registry.close();
            throw new ServerStartException("Schema registry: registering the catalog's schemas failed: " + e.getMessage(), e);
        }
        return registry;
    }

    private static RedisServer startRedis() {
        HostPort hp = HostPort.parse(setting("roomcast.test.redis", "ROOMCAST_TEST_REDIS", "127.0.0.1:6379"));
        boolean reachable = RedisServer.ping(hp.host(), hp.port());
        return RedisServer.reachableOrStart(reachable ? hp.host() : "127.0.0.1", reachable ? hp.port() : Ports.free(),
                dataDir("redis"), logFile("redis"));
    }

    private static PostgresServer startPostgres() {
        HostPort hp = HostPort.parse(setting("roomcast.test.postgres", "ROOMCAST_TEST_POSTGRES", "127.0.0.1:5432"));
        boolean reachable = PostgresServer.accepts(hp.host(), hp.port());
        return PostgresServer.reachableOrStart(reachable ? hp.host() : "127.0.0.1", reachable ? hp.port() : Ports.free(),
                dataDir("postgres"), logFile("postgres"));
    }

    private static boolean kafkaAnswers(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        HostPort hp = HostPort.parse(first.contains("://") ? first.substring(first.indexOf("://") + 3) : first);
        if (!Ports.inUse(hp.host(), hp.port())) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                    .get(6, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** Stops every server started in this JVM, newest first, and deletes their data folders. */
    static void stopAll() {
        AutoCloseable server;
        while ((server = STARTED.pollFirst()) != null) {
            try {
                server.close();
            } catch (Exception e) {
                note("stopping " + server + " failed: " + e);
            }
        }
        deleteTree(DIR.resolve("data").resolve("redis-" + JVM_PID));
        deleteTree(DIR.resolve("data").resolve("postgres-" + JVM_PID));
        deleteTree(DIR.resolve("data").resolve("turn-" + JVM_PID));
        deleteTree(DIR.resolve("data").resolve("elasticsearch-" + JVM_PID));
    }

    /** Stops processes recorded by test JVMs that are gone, and deletes their data folders. */
    private static void stopLeftovers() {
        for (String folder : new String[] {"logs", "data"}) {
            Path dir = DIR.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Matcher m = OWNED.matcher(file.getFileName().toString());
                    boolean ownerDead = m.matches() && ProcessHandle.of(Long.parseLong(m.group(1)))
                            .map(p -> !p.isAlive()).orElse(true);
                    if (!ownerDead) {
                        continue;
                    }
                    if (folder.equals("logs") && m.group(2) != null) {
                        ManagedProcess.stopFromPidFile(file, Duration.ofSeconds(5));
                    } else if (folder.equals("data")) {
                        deleteTree(file);
                    }
                }
            } catch (IOException | RuntimeException e) {
                note("cleaning " + dir + " failed: " + e);
            }
        }
    }

    private static Path logFile(String server) {
        return DIR.resolve("logs").resolve(server + "-" + JVM_PID + ".log");
    }

    private static Path dataDir(String server) {
        return DIR.resolve("data").resolve(server + "-" + JVM_PID);
    }

    private static String setting(String property, String env, String defaultValue) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static void note(String message) {
        System.err.println("[roomcast-testkit] " + message);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            note("cannot delete " + root + ": " + e);
        }
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String value) {
            int colon = value.lastIndexOf(':');
            try {
                return new HostPort(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new ServerStartException("bad host:port setting '" + value + "'", e);
            }
        }
    }

    /** Starts a server once; remembers it (to stop at exit) or the failure (rethrown at once). */
    private static final class Lazy<T extends AutoCloseable> {
        private final String name;
        private final Supplier<T> starter;
        private T value;
        private ServerStartException failure;

        Lazy(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (value != null) {
                return value;
            }
            if (failure != null) {
                throw new ServerStartException(name + " failed to start earlier in this JVM: " + failure.getMessage(), failure);
            }
            long t0 = System.nanoTime();
            try {
                value = starter.get();
            } catch (RuntimeException e) {
                failure = e instanceof ServerStartException s ? s : new ServerStartException(name + ": " + e, e);
                throw failure;
            }
            STARTED.addFirst(value);
            note(name + " ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + describe(value));
            return value;
        }

        private static String describe(AutoCloseable server) {
            return switch (server) {
                case EmbeddedKafka k -> k.bootstrapServers() + (k.started() ? " (in-JVM)" : " (configured)");
                case SchemaRegistryProcess r -> r.url() + (r.started() ? " (started, pid " + r.pid() + ")" : " (configured)");
                case RedisServer r -> r.uri() + (r.started() ? " (started, pid " + r.pid() + ")" : " (running)");
                case ElasticsearchServer es -> es.url() + (es.started() ? " (started, pid " + es.pid() + ")" : " (configured)");
                case PostgresServer p -> p.jdbcUrl("roomcast") + (p.started() ? " (started, pid " + p.pid() + ")" : " (running)");
                default -> server.toString();
            };
        }
    }
}
