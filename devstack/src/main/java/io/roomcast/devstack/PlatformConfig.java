package io.roomcast.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the local platform runs. Defaults are the documented embedded ones; each can be overridden
 * by an environment variable (README, "Configuration").
 *
 * @param home           folder for data, logs and pid files ({@code ROOMCAST_HOME}, default {@code .roomcast})
 * @param kafkaPort      Kafka broker client port ({@code ROOMCAST_KAFKA_PORT}, default 9092)
 * @param controllerPort KRaft controller port ({@code ROOMCAST_KAFKA_CONTROLLER_PORT}, default 9093)
 * @param registryPort   schema registry HTTP port ({@code ROOMCAST_REGISTRY_PORT}, default 8081)
 * @param redisPort      Redis port on 127.0.0.1, reused if one answers there ({@code ROOMCAST_REDIS_PORT}, default 6379)
 * @param postgresPort   PostgreSQL port on 127.0.0.1, reused if one answers there ({@code ROOMCAST_POSTGRES_PORT}, default 5432)
 * @param root           the repository, where the services' modules are built ({@code ROOMCAST_ROOT}, default the current folder)
 * @param services       Roomcast's services to run, in start order, with their HTTP ports ({@code ROOMCAST_SERVICES}:
 *                       comma-separated names, default all of {@link Service}, empty for the servers only;
 *                       port {@code ROOMCAST_<NAME>_PORT}, e.g. {@code ROOMCAST_ROOM_STATE_STREAM_PORT})
 */
public record PlatformConfig(Path home, int kafkaPort, int controllerPort, int registryPort, int redisPort,
                             int postgresPort, Path root, Map<Service, Integer> services) {

    /**
     * Roomcast's services the platform runs, in start order.
     *
     * Each has a module folder, a main class and a default HTTP port.
     */
    public enum Service {
        ROOM_STATE_STREAM("room-state-stream", "io.roomcast.roomstate.Application", 8090, Map.of()),
        /** Room statistics (room-stats, its Redis read model for GET /rooms/{id}/stats); later the hallway. */
        RANKING_STREAM("ranking-stream", "io.roomcast.ranking.Application", 8095, Map.of()),
        /**
         * The gateway; the local platform hands out dev tokens (POST /dev/token), never enable that in production.
         * Its join timeout is 25 s (default 10 s): on one 2-core machine running every service, Elasticsearch and
         * the demo's 204 clients joining one room at once, some joins took over 10 s to be decided and snapshotted
         * (the whole-room snapshot per fact, issue 20), and were answered ERROR 4000.
         */
        INGRESS_WS("ingress-ws", "io.roomcast.gateway.Application", 8080,
            Map.of("roomcast.gateway.dev-tokens.enabled", "true", "roomcast.gateway.protocol.join-timeout", "25s")),
        /**
         * Who to tell what (notifications), and the inbox projector into the gateway's database (after the gateway,
         * whose Flyway makes the notify schema). Its rate window is 30 s (default 1 h), so that a developer, and the
         * demo's notification flood, see the digest of the notifications over the limit within a minute.
         */
        NOTIFICATION_WORKER("notification-worker", "io.roomcast.notify.Application", 8096,
            Map.of("roomcast.notify.rate-window", "30s")),
        /**
         * The media edge (SFU); HTTP for /health and /prometheus, media on UDP {@code roomcast.media.udp-port}
         * (5004; environment {@code ROOMCAST_MEDIA_UDP_PORT}), edge id {@code edge-1}; it registers in Redis and
         * the gateway names it in media tokens. {@code ./roomcast node media-edge <port>} adds an edge
         * {@code media-edge-<port>} on its own UDP port (a relay for full rooms).
         */
        MEDIA_EDGE("media-edge", "io.roomcast.media.Application", 8070, Map.of()),
        /** The search indexer (Elasticsearch indices rooms, users, clubs; GET /search on the gateway reads them). */
        SEARCH_INDEXER("search-indexer", "io.roomcast.search.indexer.Application", 8097, Map.of());

        public final String module;
        public final String mainClass;
        public final int port;
        /** Settings (system properties) the local platform gives this service beyond the shared ones. */
        public final Map<String, String> localSettings;

        Service(String module, String mainClass, int port, Map<String, String> localSettings) {
            this.module = module;
            this.mainClass = mainClass;
            this.port = port;
            this.localSettings = localSettings;
        }
    }

    /** Host every local server listens on. */
    public static final String HOST = "127.0.0.1";
    /** coturn's static-auth-secret on the local platform (local development only, like the media token secret). */
    public static final String TURN_SECRET = "roomcast-local-development-turn-secret";
    /** coturn's relay ports on the local platform. */
    public static final int TURN_RELAY_MIN = 49_400;
    public static final int TURN_RELAY_MAX = 49_499;

    /** coturn's UDP/TCP port on the local platform ({@code ROOMCAST_TURN_PORT}, default 3478). */
    public static int turnPort() {
        return port(System.getenv(), "ROOMCAST_TURN_PORT", 3478);
    }

    /**
     * Elasticsearch of the local platform ({@code ROOMCAST_ELASTICSEARCH_URL}, default {@code http://localhost:9200}):
     * used as is when it answers (an operator's cluster), else started on its port.
     */
    public static String elasticsearchUrl() {
        String url = System.getenv("ROOMCAST_ELASTICSEARCH_URL");
        return url == null || url.isBlank() ? "http://localhost:9200" : url.trim();
    }

    /** What the gateway tells browsers about the local platform's coturn (its ice_servers). */
    static Map<String, String> gatewayTurnSettings() {
        return Map.of("roomcast.gateway.turn.urls", "turn:" + HOST + ":" + turnPort() + "?transport=udp",
            "roomcast.gateway.turn.secret", TURN_SECRET);
    }

    /**
     * @param env the environment (e.g. {@code System.getenv()})
     * @throws IllegalArgumentException if a port variable is not a number in 1..65535
     */
    public static PlatformConfig fromEnvironment(Map<String, String> env) {
        return new PlatformConfig(
            Path.of(env.getOrDefault("ROOMCAST_HOME", ".roomcast")).toAbsolutePath(),
            port(env, "ROOMCAST_KAFKA_PORT", 9092),
            port(env, "ROOMCAST_KAFKA_CONTROLLER_PORT", 9093),
            port(env, "ROOMCAST_REGISTRY_PORT", 8081),
            port(env, "ROOMCAST_REDIS_PORT", 6379),
            port(env, "ROOMCAST_POSTGRES_PORT", 5432),
            Path.of(env.getOrDefault("ROOMCAST_ROOT", "")).toAbsolutePath(),
            services(env));
    }

    private static Map<Service, Integer> services(Map<String, String> env) {
        String names = env.get("ROOMCAST_SERVICES");
        Map<Service, Integer> services = new LinkedHashMap<>();
        Arrays.stream(names == null ? Arrays.stream(Service.values()).map(s -> s.module).toArray(String[]::new) : names.split(","))
            .map(String::trim).filter(n -> !n.isEmpty())
            .map(n -> Arrays.stream(Service.values()).filter(s -> s.module.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ROOMCAST_SERVICES: unknown service '" + n + "'")))
            .forEach(s -> services.put(s, port(env, "ROOMCAST_" + s.module.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT", s.port)));
        return services;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not a port (1..65535)");
    }

    /** Kafka bootstrap servers as clients use them: {@code localhost:<kafkaPort>}. */
    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /** Schema registry base URL: {@code http://localhost:<registryPort>}. */
    public String registryUrl() {
        return "http://localhost:" + registryPort;
    }

    /** The registry's native API, for the Apicurio serde. */
    public String registryApiUrl() {
        return registryUrl() + "/apis/registry/v3";
    }

    /** The registry's Confluent-compatible API, for everyone else. */
    public String ccompatUrl() {
        return registryUrl() + "/apis/ccompat/v7";
    }

    /** Redis as the services use it: {@code redis://127.0.0.1:<redisPort>} (ours or one already running there). */
    public String redisUri() {
        return "redis://" + HOST + ":" + redisPort;
    }

    /**
     * PostgreSQL as the services use it (the user/club API's database):
     * {@code jdbc:postgresql://127.0.0.1:<postgresPort>/roomcast}, created by the platform if missing.
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + io.roomcast.servers.PostgresServer.DATABASE;
    }

    /** Folder of server logs (and their pid files). */
    public Path logs() {
        return home.resolve("logs");
    }

    /** Folder of server data. */
    public Path data() {
        return home.resolve("data");
    }

    /** The pid file of the running {@code ./roomcast up}. */
    public Path launcherPidFile() {
        return home.resolve("roomcast-up.pid");
    }
}
