package io.roomcast.loadgen.gateway;

import io.roomcast.loadgen.CliValues;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link GatewayBenchmark} ({@code loadgen/bench-gateway}); see {@link #usage()}.
 *
 * @param mode             {@code fanout} (one room, facts to every listener; Roomcast, then Socket.IO) or
 *                         {@code sessions} (how many sessions one node holds, and memory per session)
 * @param gateway          REST base URL of a gateway node with dev tokens enabled (tokens, rooms)
 * @param nodes            WebSocket URLs of the gateway nodes; users are spread over them round robin
 * @param socketIo         Socket.IO nodes' base WebSocket URLs ({@code ws://127.0.0.1:9301}); empty: no comparison
 * @param listeners        listeners of the fan-out room (besides its host; capacity 8,000 in all)
 * @param pacedFacts       facts of the latency phase, sent at {@code pacedRate} facts/s
 * @param burstFacts       facts of the throughput phase, all sent at once
 * @param factBytes        payload size of a Socket.IO fact, bytes (set to about a Roomcast DISPATCH's size)
 * @param sessions         sessions to open in {@code sessions} mode
 * @param sessionRooms     rooms the sessions join in {@code sessions} mode (0: identify only)
 * @param hold             how long the sessions are held (heartbeating) before memory is read
 * @param sourceAddresses  local addresses the client sockets bind, round robin (about 28,000 ports each)
 * @param gatewayPid       the measured gateway node's pid (memory in {@code sessions} mode; 0: unknown)
 * @param metricsUrl       that node's Prometheus endpoint (heap in use)
 * @param concurrency      connects and joins in flight at most
 * @param timeout          longest wait for any step (connects, joins, deliveries)
 * @param watchPids        processes whose CPU is sampled per measured phase, {@code name=pid,...}
 */
record GatewayBenchmarkOptions(String mode, String gateway, List<URI> nodes, List<URI> socketIo, int listeners,
                               int pacedFacts, double pacedRate, int burstFacts, int factBytes, int sessions,
                               int sessionRooms, Duration hold, List<String> sourceAddresses, long gatewayPid,
                               String metricsUrl, String bootstrapServers, String registryApiUrl, int concurrency,
                               Duration timeout, Map<String, Long> watchPids) {

    private static final List<String> NAMES = List.of("mode", "gateway", "nodes", "socketio", "listeners",
        "paced-facts", "paced-rate", "burst-facts", "fact-bytes", "sessions", "session-rooms", "hold",
        "source-addresses", "gateway-pid", "metrics-url", "bootstrap", "registry", "concurrency", "timeout", "watch-pids");

    GatewayBenchmarkOptions {
        require(mode.equals("fanout") || mode.equals("sessions"), "mode must be fanout or sessions");
        require(!nodes.isEmpty(), "nodes: at least one gateway WebSocket URL");
        require(listeners >= 1 && listeners <= 7_999, "listeners must be 1..7,999 (room capacity 8,000 with the host)");
        require(pacedFacts >= 0 && burstFacts >= 0 && pacedRate > 0, "facts must not be negative, paced-rate positive");
        require(sessions >= 1 && sessionRooms >= 0, "sessions must be positive, session-rooms not negative");
        require(concurrency >= 1, "concurrency must be 1 or more");
    }

    /** @throws IllegalArgumentException on an unknown option or a malformed value */
    static GatewayBenchmarkOptions parse(String[] args, Map<String, String> env) {
        CliValues v = CliValues.parse(args, env, "BENCH_", NAMES);
        return new GatewayBenchmarkOptions(v.text("mode", "fanout"), v.text("gateway", "http://localhost:8080"),
            v.list("nodes", "ws://localhost:8080/ws").stream().map(URI::create).toList(),
            v.list("socketio", "").stream().map(URI::create).toList(),
            v.intValue("listeners", 7_999), v.intValue("paced-facts", 100), v.doubleValue("paced-rate", 20),
            v.intValue("burst-facts", 100), v.intValue("fact-bytes", 400), v.intValue("sessions", 10_000),
            v.intValue("session-rooms", 100), v.duration("hold", Duration.ofSeconds(20)),
            v.list("source-addresses", "127.0.0.1"), v.longValue("gateway-pid", 0),
            v.text("metrics-url", "http://localhost:8080/prometheus"), v.text("bootstrap", "localhost:9092"),
            v.text("registry", "http://localhost:8081/apis/registry/v3"), v.intValue("concurrency", 200),
            v.duration("timeout", Duration.ofMinutes(20)), v.pids("watch-pids"));
    }

    static String usage() {
        return """
            usage: GatewayBenchmark [--name value ...]   (or environment BENCH_NAME=value)
              --mode fanout|sessions            --gateway http://localhost:8080 (REST, dev tokens)
              --nodes ws://localhost:8080/ws[,ws://...]   --socketio ws://127.0.0.1:9301[,...] (fanout comparison)
              fanout:   --listeners 7999  --paced-facts 100 --paced-rate 20 (facts/s)  --burst-facts 100  --fact-bytes 400
              sessions: --sessions 10000 --session-rooms 100 --hold 20s --source-addresses 127.0.0.1[,127.0.0.2]
                        --gateway-pid <pid> --metrics-url http://localhost:8080/prometheus
              --bootstrap localhost:9092  --registry http://localhost:8081/apis/registry/v3
              --concurrency 200  --timeout 20m (per step)  --watch-pids gateway=<pid>,socketio=<pid>
            Progress goes to stderr; the last line on stdout is the result as one JSON object.""";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
