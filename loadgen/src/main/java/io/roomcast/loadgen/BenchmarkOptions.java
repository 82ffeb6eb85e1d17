package io.roomcast.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@link RoomStateBenchmark}. Each option is a command-line argument {@code --name value}
 * (or {@code --name=value}) or an environment variable {@code BENCH_NAME} (upper case, '-' as '_');
 * the argument wins. Durations are {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds.
 *
 * @param bootstrapServers Kafka bootstrap servers; localhost only ({@code --bootstrap}, default {@code localhost:9092})
 * @param registryApiUrl   the registry's native API for the serde; localhost only
 *                         ({@code --registry}, default {@code http://localhost:8081/apis/registry/v3})
 * @param rooms            rooms created for the run ({@code --rooms}, default 1,000)
 * @param usersPerRoom     users per room, the creator (moderator) included, 2 or more ({@code --users-per-room}, default 8)
 * @param warmup           load before the measured window; not counted ({@code --warmup}, default 10 s)
 * @param duration         the measured window ({@code --duration}, default 30 s); ignored when {@code commands} is set
 * @param commands         commands to send in the measured window instead of a duration, 0 = use the duration
 *                         ({@code --commands}, default 0)
 * @param rate             target rate in commands/s (open loop, latency measured from the intended send time);
 *                         0 = as fast as the in-flight bound allows ({@code --rate}, default 0)
 * @param maxInFlight      most commands sent and not yet decided (count); the sender waits at the bound
 *                         ({@code --max-in-flight}, default 20,000)
 * @param rejectRatio      share of commands built to be rejected by the room rules, 0..1 ({@code --reject-ratio}, default 0.05)
 * @param drainTimeout     longest wait for outstanding commands after the window, and for set-up and tear-down
 *                         ({@code --drain-timeout}, default 60 s)
 * @param progressInterval time between progress lines on stderr ({@code --progress-interval}, default 5 s)
 * @param heartbeatInterval time between two presence heartbeats of one user, so that presence expiry
 *                         (45 s deadline) does not remove the benchmark's users ({@code --heartbeat-interval}, default 15 s)
 * @param seed             random seed of the workload ({@code --seed}, default: the run id's time)
 * @param watchPids        processes whose CPU time is sampled over the window, {@code name=pid,name=pid}
 *                         ({@code --watch-pids}, e.g. {@code service=1234,broker=1200}); reported as {@code <name>_cpu_cores}
 */
public record BenchmarkOptions(String bootstrapServers, String registryApiUrl, int rooms, int usersPerRoom,
                               Duration warmup, Duration duration, long commands, double rate, int maxInFlight,
                               double rejectRatio, Duration drainTimeout, Duration progressInterval,
                               Duration heartbeatInterval, Long seed, Map<String, Long> watchPids) {

    /** Hosts the benchmark may target: it loads a broker to saturation, so never anything remote. */
    public static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private static final List<String> NAMES = List.of("bootstrap", "registry", "rooms", "users-per-room", "warmup",
        "duration", "commands", "rate", "max-in-flight", "reject-ratio", "drain-timeout", "progress-interval",
        "heartbeat-interval", "seed", "watch-pids");

    public BenchmarkOptions {
        requireLocal(bootstrapServers, registryApiUrl);
        require(rooms >= 1, "rooms must be 1 or more");
        require(usersPerRoom >= 2, "users-per-room must be 2 or more (a moderator and a listener)");
        require(!warmup.isNegative(), "warmup must not be negative");
        require(commands > 0 || duration.toMillis() > 0, "duration must be positive (or set commands)");
        require(commands >= 0, "commands must not be negative");
        require(rate >= 0, "rate must not be negative");
        require(maxInFlight >= 1, "max-in-flight must be 1 or more");
        require(rejectRatio >= 0 && rejectRatio <= 1, "reject-ratio must be 0..1");
        require(heartbeatInterval.toMillis() >= 1_000, "heartbeat-interval must be 1 s or more");
        watchPids = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(watchPids));
    }

    /**
     * Reads the options.
     *
     * @param args command-line arguments
     * @param env  the environment (e.g. {@code System.getenv()})
     * @throws IllegalArgumentException on an unknown option, a malformed value, or a non-local address
     */
    public static BenchmarkOptions parse(String[] args, Map<String, String> env) {
        CliValues values = CliValues.parse(args, env, "BENCH_", NAMES);
        return new BenchmarkOptions(
            values.text("bootstrap", "localhost:9092"),
            values.text("registry", "http://localhost:8081/apis/registry/v3"),
            values.intValue("rooms", 1_000),
            values.intValue("users-per-room", 8),
            values.duration("warmup", Duration.ofSeconds(10)),
            values.duration("duration", Duration.ofSeconds(30)),
            values.longValue("commands", 0),
            values.doubleValue("rate", 0),
            values.intValue("max-in-flight", 20_000),
            values.doubleValue("reject-ratio", 0.05),
            values.duration("drain-timeout", Duration.ofSeconds(60)),
            values.duration("progress-interval", Duration.ofSeconds(5)),
            values.duration("heartbeat-interval", Duration.ofSeconds(15)),
            values.has("seed") ? Long.valueOf(values.longValue("seed", 0)) : null,
            values.pids("watch-pids"));
    }

    /** @return the options' usage text, for {@code --help} and errors */
    public static String usage() {
        return """
            usage: RoomStateBenchmark [--name value ...]   (or environment BENCH_NAME=value)
              --bootstrap localhost:9092        --registry http://localhost:8081/apis/registry/v3
              --rooms 1000                      --users-per-room 8
              --warmup 10s                      --duration 30s        --commands 0 (count instead of duration)
              --rate 0 (commands/s, 0 = max)    --max-in-flight 20000 --reject-ratio 0.05
              --drain-timeout 60s               --progress-interval 5s --heartbeat-interval 15s
              --seed <long>                     --watch-pids service=<pid>,broker=<pid>
            Progress goes to stderr; the last line on stdout is the result as one JSON object.""";
    }

    private static void requireLocal(String bootstrapServers, String registryApiUrl) {
        for (String server : bootstrapServers.split(",")) {
            String host = server.trim();
            int colon = host.lastIndexOf(':');
            host = colon > 0 ? host.substring(0, colon) : host;
            require(LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT)),
                "bootstrap server '" + server.trim() + "' is not local: the benchmark only targets localhost");
        }
        String registryHost;
        try {
            registryHost = URI.create(registryApiUrl).getHost();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("registry '" + registryApiUrl + "' is not a URL", e);
        }
        require(registryHost != null && LOCAL_HOSTS.contains(registryHost.toLowerCase(Locale.ROOT)),
            "registry '" + registryApiUrl + "' is not local: the benchmark only targets localhost");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
