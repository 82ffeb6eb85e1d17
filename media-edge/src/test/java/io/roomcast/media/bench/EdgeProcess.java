package io.roomcast.media.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.clients.media.MediaTokenMinter;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import io.roomcast.media.transport.RelayUplinks;
import io.roomcast.media.transport.UdpMediaServer;
import io.roomcast.media.webrtc.Signalling;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import io.roomcast.servers.ServiceProcess;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The edge of the WebRTC benchmark in a JVM of its own, started with the JVM options production gives every
 * service ({@link ServiceProcess#javaCommand()}: {@code -Xmx384m -XX:+UseSerialGC}), so that the load generator's
 * garbage never pauses it. The child ({@link #main}) runs the real {@link UdpMediaServer}, {@link Sessions},
 * {@link WebRtcPeers} and {@link Signalling} behind a JDK {@link HttpServer} serving {@code POST /whep}; no Kafka:
 * speakers are declared to the sessions directly.
 *
 * <p>The parent holds an {@code EdgeProcess} ({@link #start}) and talks to the child over its stdin/stdout, one
 * request line and one answer line at a time:
 * <pre>
 *   (child, once ready)       {"udpPort":40001,"whepPort":40002,"transport":"epoll","socket":"..."}
 *   speaker &lt;room&gt; &lt;user&gt;      ok          (Sessions.speakerAdded)
 *   room-ended &lt;room&gt;          ok          (Sessions.roomEnded)
 *   stats                      {"forwarded":..,"eventLoopCpuNanos":..,"gc":{"collections":..,"pauseMs":..,"maxPauseMs":..}}
 *   anything else              error &lt;what&gt;
 * </pre>
 * The child's logs and errors go to its stderr, which is the parent's. The child exits when its stdin closes, so it
 * ends with the parent even if the parent is killed; {@link #close} closes that stdin and kills the child if it has
 * not exited within {@link #EXIT_GRACE}, and a shutdown hook kills it if the parent exits without {@code close}.
 */
public final class EdgeProcess implements AutoCloseable {
    /** How long {@link #close} lets the child exit on its own before killing it: 5 s. */
    public static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    /** Longest wait for the child's ready line: a service's ({@link ServiceProcess#READY_TIMEOUT}, 90 s). */
    public static final Duration READY_TIMEOUT = ServiceProcess.READY_TIMEOUT;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The edge's id: media tokens for it name it ({@code MediaTokenMinter}'s edge). */
    public static final String EDGE_ID = "edge-bench";
    /** Speakers per room in the benchmark: the edge forwards all of them ({@code Sessions.Settings.maxForwarded}). */
    public static final int SPEAKERS = 3;
    /** Netty's name prefix of the event-loop threads that carry the packet path. */
    private static final String EVENT_LOOP_THREADS = "multiThreadIoEventLoopGroup";

    /**
     * What the child answers once ready.
     *
     * @param udpPort   the edge's UDP port on 127.0.0.1 (RTP, STUN, DTLS)
     * @param whepPort  the HTTP port on 127.0.0.1 serving {@code POST /whep}
     * @param transport the UDP transport ({@link UdpMediaServer#transport()}, e.g. {@code epoll})
     * @param socket    the socket options in use ({@link UdpMediaServer#socket()})
     */
    public record Ready(int udpPort, int whepPort, String transport, String socket) {
    }

    /**
     * The edge JVM's counters, cumulative since it started.
     *
     * @param forwarded         packets the edge forwarded ({@code roomcast_media_forwarded_total})
     * @param eventLoopCpuNanos CPU time of the edge's event-loop threads (ThreadMXBean), ns
     * @param gc                its garbage collections (stop-the-world with the serial collector; the longest since
     *                          the previous {@code stats} request)
     */
    public record Stats(double forwarded, long eventLoopCpuNanos, GcPauses.Reading gc) {
    }

    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader answers;
    private final Thread shutdownHook;
    private final Ready ready;

    private EdgeProcess(Process process) throws IOException {
        this.process = process;
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.shutdownHook = new Thread(this::kill, "edge-process-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Killing the child closes its stdout: the read below then ends with an IOException.
        CompletableFuture<Void> deadline = CompletableFuture.runAsync(this::kill,
            CompletableFuture.delayedExecutor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        try {
            this.ready = JSON.readValue(answer(), Ready.class);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Starts the edge JVM: {@link ServiceProcess#javaCommand()}, this JVM's class path, this class, and waits for its
     * ready line.
     *
     * @param threads the edge's event-loop threads (UDP sockets with SO_REUSEPORT)
     * @return the running edge
     * @throws IOException if the JVM cannot start, or it exits (or answers something else) before it is ready, or it
     *                     is not ready within {@link #READY_TIMEOUT}; it is then killed
     */
    public static EdgeProcess start(int threads) throws IOException {
        List<String> command = ServiceProcess.javaCommand();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EdgeProcess.class.getName(),
            Integer.toString(threads)));
        return new EdgeProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** @return the ports and transport the child reported */
    public Ready ready() {
        return ready;
    }

    /** Declares a speaker of a room to the edge's sessions (what room-state-stream's facts do in production). */
    public synchronized void speaker(String room, String user) throws IOException {
        expectOk(request("speaker " + room + " " + user));
    }

    /** Ends a room on the edge: its participants are unbound. */
    public synchronized void roomEnded(String room) throws IOException {
        expectOk(request("room-ended " + room));
    }

    /** @return the edge JVM's counters now (and resets the longest-pause mark: see {@link Stats}) */
    public synchronized Stats stats() throws IOException {
        return JSON.readValue(request("stats"), Stats.class);
    }

    /** Closes the child's stdin (it then exits), waits up to {@link #EXIT_GRACE}, kills it if still alive. */
    @Override
    public void close() {
        requests.close();
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (and finds the child gone)
        }
    }

    private void kill() {
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        handle.onExit().join();
    }

    private String request(String line) throws IOException {
        requests.println(line);
        return answer();
    }

    private String answer() throws IOException {
        String line = answers.readLine();
        if (line == null) {
            throw new IOException("edge JVM closed its stdout (it exited, or was killed at the ready deadline); its "
                + "stderr is above");
        }
        return line;
    }

    private static void expectOk(String answer) throws IOException {
        if (!answer.equals("ok")) {
            throw new IOException("edge JVM answered: " + answer);
        }
    }

    /**
     * The child: starts the edge and serves the line protocol on stdin/stdout until stdin closes.
     *
     * @param args the event-loop threads
     */
    public static void main(String[] args) throws IOException {
        // stdout carries the protocol only: logs and anything printed go to stderr.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        GcPauses gc = GcPauses.start();
        int threads = Integer.parseInt(args[0]);
        MediaMetrics<InetSocketAddress> metrics = new MediaMetrics<>(new SimpleMeterRegistry());
        Sessions<InetSocketAddress> sessions = new Sessions<>(new Sessions.Settings(SPEAKERS, 20, 500_000_000L, 3, 100,
            Duration.ofMinutes(10).toNanos()), metrics);
        RelayUplinks uplinks = new RelayUplinks(new RelayUplinks.Settings(Duration.ofSeconds(2), Duration.ofSeconds(60),
            1200), new RelayTokens(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE_ID), sessions, metrics);
        WebRtcPeers peers = new WebRtcPeers(new WebRtcPeers.Settings(3, Duration.ofSeconds(20), Duration.ofSeconds(60),
            true, 64, Duration.ofDays(1)));
        MediaTokenVerifier verifier = new MediaTokenVerifier(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE_ID,
            Duration.ofSeconds(2), Clock.systemUTC());
        WebRtcPeer.Listener events = new WebRtcPeer.Listener() {
            @Override
            public void handshake(WebRtcPeer peer, boolean ok, String reason) {
                if (!ok) {
                    System.err.println("bench: handshake failed: " + reason);
                }
            }

            @Override
            public void closed(WebRtcPeer peer) {
                if (peer.participant() != null) {
                    sessions.unbind(peer.participant(), UnbindReason.CLOSED);
                }
            }
        };
        UdpMediaServer server = new UdpMediaServer(new UdpMediaServer.Settings("127.0.0.1", 0, threads, true, 1200, 16,
            4 * 1024 * 1024, 64 * 1024 * 1024, 1024, Duration.ofSeconds(1), 1, 20), sessions, verifier, metrics,
            RtpGate.LevelListener.none(), uplinks, peers, events, Duration.ofHours(1));
        uplinks.attach(server);
        Signalling signalling = new Signalling(new Signalling.Settings(3, 16384, "127.0.0.1", server.port()), verifier,
            peers, ssrc -> sessions.bySsrc(ssrc) != null,
            claims -> sessions.revoked(claims.room(), claims.user(), claims.issuedAtSeconds()), e -> { });
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.createContext("/whep", exchange -> answer(exchange, signalling, WebRtcPeer.Kind.WHEP));
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        System.err.printf("bench: edge JVM %d %s on UDP %d (%s, %d threads), WHEP on %s%n", ProcessHandle.current().pid(),
            String.join(" ", ServiceProcess.JVM_OPTIONS), server.port(), server.transport(), threads, http.getAddress());
        protocol.println(JSON.writeValueAsString(new Ready(server.port(), http.getAddress().getPort(),
            server.transport(), server.socket())));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ");
            protocol.println(switch (words[0]) {
                case "speaker" -> {
                    sessions.speakerAdded(words[1], words[2]);
                    yield "ok";
                }
                case "room-ended" -> {
                    sessions.roomEnded(words[1]);
                    yield "ok";
                }
                case "stats" -> JSON.writeValueAsString(new Stats(metrics.forwardedCount(), eventLoopCpuNanos(),
                    gc.read()));
                default -> "error unknown request: " + line;
            });
        }
        server.close();
        http.stop(0);
        System.exit(0);
    }

    private static void answer(HttpExchange exchange, Signalling signalling, WebRtcPeer.Kind kind) throws IOException {
        Signalling.Result r = signalling.offer(kind, exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes());
        if (r.location() != null) {
            exchange.getResponseHeaders().add("Location", r.location());
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static long eventLoopCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(EVENT_LOOP_THREADS)) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
