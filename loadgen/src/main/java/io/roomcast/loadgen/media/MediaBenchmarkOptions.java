package io.roomcast.loadgen.media;

import io.roomcast.clients.media.MediaTokenMinter;
import io.roomcast.clients.media.SpeechClip;

import io.roomcast.loadgen.CliValues;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Options of {@link MediaBenchmark} ({@code loadgen/bench-media}); see {@link #usage()}.
 *
 * @param listeners   listener counts of the throughput phases (one room, 3 speakers at 50 packets/s each:
 *                    150 × listeners packets/s offered)
 * @param sweep       listener counts of the latency sweep around 300,000 packets/s (2,000 listeners)
 * @param janus       Janus HTTP API URL; empty: no Janus phases
 * @param janusListeners listener counts of the Janus phases
 * @param warmup      time between binding the listeners and the window
 * @param window      measured time per phase (under the edge's 15 s silent timeout: listeners report once before it)
 * @param sinkSockets UDP sockets receiving for all listeners, ports from {@code sinkPort}
 * @param sinkThreads threads reading them
 */
record MediaBenchmarkOptions(List<Integer> listeners, List<Integer> sweep, String gateway, URI ws, InetSocketAddress edge,
                             String edgeMetrics, String edgeId, String tokenSecret, Path speechDir, String janus,
                             List<Integer> janusListeners, Duration warmup, Duration window, int sinkSockets,
                             int sinkPort, int sinkThreads, Map<String, Long> watchPids) {
    private static final List<String> NAMES = List.of("listeners", "sweep", "gateway", "ws", "edge", "edge-metrics",
        "edge-id", "token-secret", "speech-dir", "janus", "janus-listeners", "warmup", "window", "sink-sockets",
        "sink-port", "sink-threads", "watch-pids");

    MediaBenchmarkOptions {
        if (window.toSeconds() > 12 || window.isZero()) {
            throw new IllegalArgumentException("window must be over 0 and at most 12 s (the edge's silent timeout is 15 s)");
        }
    }

    /** @throws IllegalArgumentException on an unknown option or a malformed value */
    static MediaBenchmarkOptions parse(String[] args, Map<String, String> env) {
        CliValues v = CliValues.parse(args, env, "BENCH_", NAMES);
        String[] edge = v.text("edge", "127.0.0.1:5004").split(":");
        return new MediaBenchmarkOptions(ints(v.list("listeners", "1000,2000,5000")), ints(v.list("sweep", "1600,2400")),
            v.text("gateway", "http://localhost:8080"), URI.create(v.text("ws", "ws://localhost:8080/ws")),
            new InetSocketAddress(edge[0], Integer.parseInt(edge[1])),
            v.text("edge-metrics", "http://localhost:8070/prometheus"), v.text("edge-id", "edge-1"),
            v.text("token-secret", MediaTokenMinter.DEVELOPMENT_SECRET), Path.of(v.text("speech-dir", SpeechClip.directory(env, Path.of("")).toString())),
            v.text("janus", ""), ints(v.list("janus-listeners", "1000,2000,5000")),
            v.duration("warmup", Duration.ofSeconds(3)), v.duration("window", Duration.ofSeconds(10)),
            v.intValue("sink-sockets", 8), v.intValue("sink-port", 41000), v.intValue("sink-threads", 1),
            v.pids("watch-pids"));
    }

    private static List<Integer> ints(List<String> values) {
        return values.stream().map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }

    static String usage() {
        return """
            usage: MediaBenchmark [--name value ...]   (or environment BENCH_NAME=value)
              --listeners 1000,2000,5000   --sweep 1600,2400   (3 speakers x 50 packets/s to each listener)
              --gateway http://localhost:8080  --ws ws://localhost:8080/ws  (speakers' room and media tokens)
              --edge 127.0.0.1:5004  --edge-metrics http://localhost:8070/prometheus  --edge-id edge-1
              --token-secret <HS256 secret shared by gateway and edge; listeners' tokens>  --speech-dir <folder of speakerN.opus; default $ROOMCAST_SPEECH_DIR, else speech/>
              --janus http://localhost:8088/janus  --janus-listeners 1000,2000,5000
              --warmup 3s  --window 10s  --sink-sockets 8  --sink-port 41000  --sink-threads 1
              --watch-pids edge=<pid>,janus=<pid>
            Progress goes to stderr; the last line on stdout is the result as one JSON object.""";
    }
}
