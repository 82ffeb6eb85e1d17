package io.roomcast.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.Ports;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.servers.provision.SchemaRegistration;
import io.roomcast.servers.provision.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The servers a self-contained benchmark (hallway, social, search) runs on, all on free ports or reused: the
 * machine's PostgreSQL (127.0.0.1:5432, started in {@code work} if not reachable), optionally its Redis
 * (127.0.0.1:6379, likewise), a Kafka broker and a schema registry of this run's own, and optionally an
 * Elasticsearch node of its own. {@link #close()} stops them in the reverse order of their start (as a
 * try-with-resources block of them would); logs go to {@code work/<server>.log}.
 */
public final class BenchServers implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final List<AutoCloseable> started = new ArrayList<>();
    private PostgresServer postgres;
    private RedisServer redis;
    private KafkaBrokerProcess kafka;
    private SchemaRegistryProcess registry;
    private ElasticsearchServer elasticsearch;

    private BenchServers(Path work) {
        this.work = work;
    }

    /**
     * Parses {@code --name value} pairs into {@code defaults} (its keys are the only options; {@code _} in values is
     * ignored, as in {@code 100_000}).
     *
     * @return {@code defaults}, changed
     * @throws IllegalArgumentException on an option not in {@code defaults}, naming the known ones
     * @throws NumberFormatException    on a value that is not an integer
     */
    public static Map<String, Integer> options(Map<String, Integer> defaults, String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + defaults.keySet());
            }
            defaults.put(key, Integer.parseInt(args[i + 1].replace("_", "")));
        }
        return defaults;
    }

    /** {@code loadgen/target/<name>} (absolute), created if missing: a benchmark's work folder. */
    public static Path workDir(String name) throws IOException {
        Path work = Path.of("loadgen", "target", name).toAbsolutePath();
        Files.createDirectories(work);
        return work;
    }

    /**
     * Starts PostgreSQL, Redis if {@code withRedis}, the broker, the registry and Elasticsearch if
     * {@code withElasticsearch}, in that order; on a failure stops those already started and rethrows.
     * Topics and schemas are not made yet: {@link #provision()}.
     */
    public static BenchServers start(Path work, boolean withRedis, boolean withElasticsearch) {
        BenchServers servers = new BenchServers(work);
        try {
            servers.postgres = servers.started(PostgresServer.reachableOrStart("127.0.0.1", 5432,
                work.resolve("postgres"), work.resolve("postgres.log")));
            if (withRedis) {
                servers.redis = servers.started(RedisServer.reachableOrStart("127.0.0.1", 6379, work.resolve("redis"),
                    work.resolve("redis.log")));
            }
            servers.kafka = servers.started(KafkaBrokerProcess.start(work.resolve("kafka-" + ProcessHandle.current().pid()),
                Ports.free(), Ports.free(), work.resolve("kafka.log")));
            servers.registry = servers.started(SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(),
                Ports.free(), work.resolve("registry.log")));
            if (withElasticsearch) {
                servers.elasticsearch = servers.started(ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(),
                    Ports.free(), work.resolve("elasticsearch-" + ProcessHandle.current().pid()),
                    work.resolve("elasticsearch.log")));
            }
        } catch (RuntimeException | Error e) {
            servers.closeSuppressingInto(e);
            throw e;
        }
        return servers;
    }

    /** Creates every topic (replication factor 1) and registers every schema, requiring backward compatibility. */
    public void provision() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1).createAll();
        }
        SchemaRegistration schemas = new SchemaRegistration(registry.ccompatUrl());
        schemas.requireBackwardCompatibility();
        schemas.registerAll();
    }

    /**
     * A gateway node (ingress-ws) as a child JVM on a free port, on these servers (Redis required) with
     * {@code databaseUrl} as its database and dev tokens enabled; {@code extra} adds or overrides settings.
     * Its log: {@code work/gateway.log}. The caller closes it.
     */
    public ServiceProcess startGateway(String databaseUrl, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "roomcast.registry-url", registry.registryApiUrl(),
            "roomcast.redis-uri", redis.uri(),
            "datasources.default.url", databaseUrl,
            "roomcast.gateway.dev-tokens.enabled", "true"));
        settings.putAll(extra);
        return ServiceProcess.start("ingress-ws", Path.of("ingress-ws").toAbsolutePath(),
            "io.roomcast.gateway.Application", Ports.free(), settings, work.resolve("gateway.log"));
    }

    /** Prints {@code result} as one JSON line on stdout (the benchmark's output). */
    public static void print(Map<String, Object> result) throws IOException {
        System.out.println(JSON.writeValueAsString(result));
    }

    /** The 1-minute load average of /proc/loadavg, as written there. */
    public static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** @return Redis, or null when not started */
    public RedisServer redis() {
        return redis;
    }

    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public SchemaRegistryProcess registry() {
        return registry;
    }

    /** @return Elasticsearch, or null when not started */
    public ElasticsearchServer elasticsearch() {
        return elasticsearch;
    }

    private <T extends AutoCloseable> T started(T server) {
        started.add(server);
        return server;
    }

    private void closeSuppressingInto(Throwable failure) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        started.clear();
    }

    /** Stops every server started, the last first; the first failure is thrown with the others suppressed. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
