package io.roomcast.devstack.chaos;

import io.roomcast.devstack.LocalPlatform;
import io.roomcast.devstack.PlatformConfig;
import io.roomcast.devstack.PlatformConfig.Service;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.KafkaBrokerProcess;
import io.roomcast.servers.Ports;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chaos run's platform, all of it its own on free loopback ports (a running {@code ./roomcast up} is left
 * alone): a Kafka broker, the schema registry, Redis and PostgreSQL, each started here so that it can be
 * stopped, killed and started again; then two room-state-stream instances, two gateway nodes and two media edges,
 * and with all services also Elasticsearch, ranking-stream, notification-worker and search-indexer
 * ({@link #instances(boolean)}).
 *
 * <p>Faults: {@link #kill(String)} is {@code kill -9} of a service instance (started again by {@link #start(String)}
 * on the same port and state folder); the servers' restarts are methods of their own. Redis keeps nothing on disk,
 * so a restart loses its data (the read models must rebuild from their topics); PostgreSQL and Kafka keep theirs.
 * A service instance that exits without being killed here is a crash: {@link #crashed()} names it.
 */
final class ChaosPlatform implements AutoCloseable {
    /** The service instances of this run, by name, in start order ({@link #instances(boolean)}). */
    private final Map<String, Service> instances;

    private final PlatformConfig config;
    private final PrintStream out;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new ConcurrentHashMap<>();
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    private KafkaBrokerProcess kafka;
    private SchemaRegistryProcess registry;
    private RedisServer redis;
    private PostgresServer postgres;
    private ElasticsearchServer elasticsearch;

    private ChaosPlatform(PlatformConfig config, PrintStream out, boolean allServices) {
        this.config = config;
        this.out = out;
        this.instances = instances(allServices);
    }

    /**
     * The service instances, by name, in start order: room-state-stream and the gateway twice each; with
     * {@code allServices} then ranking-stream, notification-worker (after the gateway, whose Flyway makes its inbox
     * schema) and search-indexer once each; then the media edge twice. The faults kill only the twice-run ones (issue
     * 19's schedule); the others live through every server fault and their views are checked at the end
     * ({@link DerivedViewChecks}).
     */
    static Map<String, Service> instances(boolean allServices) {
        Map<String, Service> instances = new LinkedHashMap<>();
        instances.put("room-state-a", Service.ROOM_STATE_STREAM);
        instances.put("room-state-b", Service.ROOM_STATE_STREAM);
        instances.put("gateway-a", Service.INGRESS_WS);
        instances.put("gateway-b", Service.INGRESS_WS);
        if (allServices) {
            instances.put("ranking", Service.RANKING_STREAM);
            instances.put("notify", Service.NOTIFICATION_WORKER);
            instances.put("search", Service.SEARCH_INDEXER);
        }
        instances.put("edge-a", Service.MEDIA_EDGE);
        instances.put("edge-b", Service.MEDIA_EDGE);
        return instances;
    }

    /**
     * Starts everything in {@code home} (its data is removed first by the caller).
     *
     * @param root the repository (services are run from their modules' builds)
     * @throws io.roomcast.servers.ServerStartException if a server or service does not start; what started is stopped
     */
    static ChaosPlatform start(Path home, Path root, PrintStream out, boolean allServices) {
        PlatformConfig config = new PlatformConfig(home, Ports.free(), Ports.free(), Ports.free(), Ports.free(),
            Ports.free(), root, Map.of());
        ChaosPlatform platform = new ChaosPlatform(config, out, allServices);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startAll() {
        startBroker();
        startRegistry();
        startRedis();
        startPostgres();
        if (allServices()) {
            elasticsearch = tries(ElasticsearchServer.NAME, () -> ElasticsearchServer.start(
                SchemaRegistryProcess.defaultDistDir(), Ports.free(), config.data().resolve("elasticsearch"),
                config.logs().resolve("elasticsearch.log")));
        }
        out.println("  topics: " + LocalPlatform.createTopics(config, out));
        out.println("  schemas: " + LocalPlatform.registerSchemas(config));
        for (String instance : instances.keySet()) {
            ports.put(instance, Ports.free());
            start(instance);
        }
    }

    /**
     * Starts (or starts again) a service instance on its port and waits until it is healthy; a start that does not
     * become healthy within {@link #READY_TIMEOUT} (a JVM starting on a machine at load 20) is tried again,
     * {@link #START_TRIES} times in all, as an operator would.
     *
     * @throws io.roomcast.servers.ServerStartException when the last try fails
     */
    void start(String instance) {
        Service service = instances.get(instance);
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS.getOrDefault(service, Map.of()));
        if (elasticsearch != null) {
            settings.putAll(LocalPlatform.elasticsearchSettings(service, elasticsearch.url()));
        }
        long t0 = System.nanoTime();
        running.put(instance, tries(instance, () -> LocalPlatform.startService(config, service, ports.get(instance), instance,
            settings, READY_TIMEOUT)));
        killed.remove(instance);
        out.printf("  %-20s up on %s in %.1f s%n", instance, running.get(instance).url(), (System.nanoTime() - t0) / 1e9);
    }

    /** Media token lifetime in the run (a Micronaut duration), longer than the run. */
    static final String MEDIA_TOKEN_LIFETIME = "2h";

    /**
     * Settings of the run's own on top of the services' defaults: media tokens live {@value #MEDIA_TOKEN_LIFETIME}
     * (the gateway's ttl, the longest the edge accepts), so a binding that no fault moves outlives the run: its audio
     * clients bind once and again only on {@code media_moved}, never to refresh a token.
     */
    static final Map<Service, Map<String, String>> SETTINGS = Map.of(
        Service.INGRESS_WS, Map.of("roomcast.gateway.media-token.ttl", MEDIA_TOKEN_LIFETIME),
        Service.MEDIA_EDGE, Map.of("roomcast.media.max-token-lifetime", MEDIA_TOKEN_LIFETIME));

    /**
     * How long a (re)started service may take to become healthy: 240 s. On 2 cores under the run's load a media
     * edge's restart took over 90 s (the default) twice in a row (its JVM got about 10 % of a core).
     */
    static final java.time.Duration READY_TIMEOUT = java.time.Duration.ofSeconds(240);

    /** Starts of a service or server tried at most this often before the run counts it as not restored. */
    static final int START_TRIES = 3;

    private <T> T tries(String what, java.util.function.Supplier<T> start) {
        for (int i = 1; ; i++) {
            try {
                return start.get();
            } catch (io.roomcast.servers.ServerStartException e) {
                if (i == START_TRIES) {
                    throw e;
                }
                out.println("  " + what + ": start " + i + " of " + START_TRIES + " failed, trying again: "
                    + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }

    /** {@code kill -9} of a service instance; it stays down until {@link #start(String)}. */
    void kill(String instance) {
        killed.add(instance);
        ServiceProcess process = running.remove(instance);
        if (process == null) {
            throw new IllegalStateException(instance + " is not running (its last start failed)");
        }
        kill9(process.pid());
        process.close();
    }

    /** Stops the broker: cleanly (SIGTERM, its controlled shutdown) or with {@code kill -9}. */
    void stopBroker(boolean kill) {
        if (kill) {
            kill9(kafka.pid());
        }
        kafka.close();
    }

    void startBroker() {
        kafka = tries("Kafka broker", () -> KafkaBrokerProcess.start(config.data().resolve("kafka"), config.kafkaPort(),
            config.controllerPort(), config.logs().resolve("kafka.log")));
    }

    void restartRegistry() {
        registry.close();
        startRegistry();
    }

    /** Stops Redis and starts an empty one on the same port (it keeps nothing on disk). */
    void restartRedis() {
        redis.close();
        startRedis();
    }

    /** Stops PostgreSQL (fast shutdown) and starts it again on its data. */
    void restartPostgres() {
        postgres.close();
        startPostgres();
    }

    private void startRegistry() {
        registry = tries("schema registry", () -> SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(), config.registryPort(),
            config.bootstrapServers(), config.logs().resolve("schema-registry.log")));
    }

    private void startRedis() {
        redis = RedisServer.reachableOrStart(PlatformConfig.HOST, config.redisPort(), config.data().resolve("redis"),
            config.logs().resolve("redis.log"));
    }

    private void startPostgres() {
        postgres = PostgresServer.reachableOrStart(PlatformConfig.HOST, config.postgresPort(),
            config.data().resolve("postgres"), config.logs().resolve("postgres.log"));
    }

    private static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
    }

    /** @return the base URLs of the running instances of a service, e.g. the gateway nodes */
    List<String> urls(Service service) {
        List<String> urls = new ArrayList<>();
        instances.forEach((instance, s) -> {
            if (s == service) {
                urls.add("http://localhost:" + ports.get(instance));
            }
        });
        return urls;
    }

    /** @return whether ranking-stream, notification-worker and search-indexer run too */
    boolean allServices() {
        return instances.containsValue(Service.SEARCH_INDEXER);
    }

    /** @return the instances of a service, in start order */
    List<String> instancesOf(Service service) {
        return instances.entrySet().stream().filter(e -> e.getValue() == service).map(Map.Entry::getKey).toList();
    }

    /** @return the service instances that exited without being killed by this class (crashes), by name */
    List<String> crashed() {
        List<String> crashed = new ArrayList<>();
        running.forEach((instance, process) -> {
            if (!process.isAlive() && !killed.contains(instance)) {
                crashed.add(instance);
            }
        });
        return crashed;
    }

    PlatformConfig config() {
        return config;
    }

    /** Stops everything, services first. */
    @Override
    public void close() {
        running.values().forEach(ServiceProcess::close);
        running.clear();
        for (AutoCloseable server : new AutoCloseable[] {elasticsearch, postgres, redis, registry, kafka}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                out.println("  warning: stopping failed: " + e.getMessage());
            }
        }
    }
}
