package io.roomcast.media.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.clients.media.MediaTokenMinter;
import io.roomcast.clients.webrtc.WebRtcClient;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.session.UnbindReason;
import io.roomcast.media.stun.StunWriter;
import io.roomcast.media.transport.RelayUplinks;
import io.roomcast.media.transport.UdpMediaServer;
import io.roomcast.media.webrtc.Signalling;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The WebRTC benchmark ({@code media-edge/bench-webrtc}): the edge's transport and sessions in this JVM
 * (no Kafka: speakers are declared to the sessions directly), 3 plain-RTP speakers at 50 packets/s each
 * (100-byte packets carrying their send time), and L listeners per phase, first plain-RTP listeners
 * (the edge forwards the packet unchanged), then WebRTC listeners that ran WHEP, ICE and their own
 * DTLS-SRTP handshake (the clients module's {@link WebRtcClient}; the edge rewrites and encrypts per listener).
 * Per phase: packets/s the edge forwarded ({@code roomcast_media_forwarded_total}), the CPU of the edge's
 * event-loop threads (ThreadMXBean), packets/s per core, what listeners received, and the added latency
 * (send to receive, one clock) of a sample of listeners that parse (plain) or decrypt (SRTP) what they
 * get. The last line of stdout is the result as JSON; progress goes to stderr.
 */
public final class WebRtcBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDGE = "edge-bench";
    private static final int SPEAKERS = 3;
    private static final int PACKET_BYTES = 100;

    private final List<Integer> sizes;
    private final int latencyListeners;
    private final int threads;
    private final int sample;
    private final Duration window;
    private final List<String> modes;
    private final MediaTokenMinter tokens = new MediaTokenMinter(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE,
        Duration.ofHours(1));
    private final Recorder latency = new Recorder(3);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private Sessions<InetSocketAddress> sessions;
    private MediaMetrics<InetSocketAddress> metrics;
    private UdpMediaServer server;
    private HttpServer http;

    private WebRtcBenchmark(List<Integer> sizes, int latencyListeners, int threads, int sample, Duration window,
                            List<String> modes) {
        this.sizes = sizes;
        this.modes = modes;
        this.latencyListeners = latencyListeners;
        this.threads = threads;
        this.sample = sample;
        this.window = window;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<Integer> sizes = List.of(options.getOrDefault("listeners", "500,1000,2000").split(",")).stream()
            .map(String::strip).map(Integer::parseInt).sorted().toList();
        WebRtcBenchmark bench = new WebRtcBenchmark(sizes,
            Integer.parseInt(options.getOrDefault("latency-listeners", "667")),
            Integer.parseInt(options.getOrDefault("threads", "2")),
            Integer.parseInt(options.getOrDefault("sample", "16")),
            Duration.ofSeconds(Long.parseLong(options.getOrDefault("window-seconds", "5"))),
            List.of(options.getOrDefault("modes", "plain,srtp").split(",")));
        try {
            Map<String, Object> result = bench.run();
            System.out.println(JSON.writeValueAsString(result));
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private Map<String, Object> run() throws Exception {
        start();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("edge_threads", threads);
        result.put("transport", server.transport());
        result.put("socket", server.socket());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("packet_bytes", PACKET_BYTES);
        List<Integer> all = new ArrayList<>(sizes);
        if (!all.contains(latencyListeners)) {
            all.add(latencyListeners);
        }
        all.sort(Integer::compare);
        List<Map<String, Object>> plain = modes.contains("plain") ? phases("plain", all, false) : List.of();
        List<Map<String, Object>> srtp = modes.contains("srtp") ? phases("srtp", all, true) : List.of();
        result.put("plain", plain);
        result.put("srtp", srtp);
        List<Map<String, Object>> ratio = new ArrayList<>();
        if (plain.isEmpty() || srtp.isEmpty()) {
            all = List.of();
        }
        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("listeners", all.get(i));
            r.put("srtp_vs_plain_per_core", round((double) srtp.get(i).get("packets_per_s_per_core")
                / (double) plain.get(i).get("packets_per_s_per_core"), 3));
            ratio.add(r);
        }
        result.put("ratio", ratio);
        server.close();
        http.stop(0);
        return result;
    }

    private void start() throws IOException {
        metrics = new MediaMetrics<>(new SimpleMeterRegistry());
        sessions = new Sessions<>(new Sessions.Settings(SPEAKERS, 20, 500_000_000L, 3, 100,
            Duration.ofMinutes(10).toNanos()), metrics);
        RelayUplinks uplinks = new RelayUplinks(new RelayUplinks.Settings(Duration.ofSeconds(2), Duration.ofSeconds(60),
            1200), new RelayTokens(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE), sessions, metrics);
        WebRtcPeers peers = new WebRtcPeers(new WebRtcPeers.Settings(3, Duration.ofSeconds(20), Duration.ofSeconds(60),
            true, 64, Duration.ofDays(1)));
        MediaTokenVerifier verifier = new MediaTokenVerifier(MediaTokenMinter.DEVELOPMENT_SECRET, EDGE,
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
        server = new UdpMediaServer(new UdpMediaServer.Settings("127.0.0.1", 0, threads, true, 1200, 16,
            4 * 1024 * 1024, 64 * 1024 * 1024, 1024, Duration.ofSeconds(1), 1, 20), sessions, verifier, metrics,
            RtpGate.LevelListener.none(), uplinks, peers, events, Duration.ofHours(1));
        uplinks.attach(server);
        Signalling signalling = new Signalling(new Signalling.Settings(3, 16384, "127.0.0.1", server.port()), verifier,
            peers, ssrc -> sessions.bySsrc(ssrc) != null,
            claims -> sessions.revoked(claims.room(), claims.user(), claims.issuedAtSeconds()), e -> { });
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.createContext("/whep", exchange -> answer(exchange, signalling, WebRtcPeer.Kind.WHEP));
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.start();
        System.err.printf("bench: edge on UDP %d (%s, %d threads), WHEP on %s%n", server.port(), server.transport(),
            threads, http.getAddress());
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

    private List<Map<String, Object>> phases(String mode, List<Integer> counts, boolean srtp) throws Exception {
        String room = "bench-" + mode + "-" + Long.toString(System.nanoTime(), 36);
        List<DatagramSocket> speakers = new ArrayList<>();
        int[] ssrcs = new int[SPEAKERS];
        for (int i = 0; i < SPEAKERS; i++) {
            String user = "spk-" + i;
            sessions.speakerAdded(room, user);
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            ssrcs[i] = ThreadLocalRandom.current().nextInt();
            socket.send(datagram(StunWriter.bindingRequest(new byte[12], tokens.token(room, user, "SPEAKER"), ssrcs[i])));
            speakers.add(socket);
        }
        Thread.sleep(200);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        int[] seq = new int[SPEAKERS];
        pacer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < SPEAKERS; i++) {
                try {
                    speakers.get(i).send(datagram(rtp(ssrcs[i], seq[i]++)));
                    sent.incrementAndGet();
                } catch (IOException e) {
                    // the phase's counts show it
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        List<AutoCloseable> listeners = new ArrayList<>();
        List<Map<String, Object>> out = new ArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        try {
            for (int count : counts) {
                long t0 = System.nanoTime();
                grow(listeners, count, room, srtp, client);
                System.err.printf("bench: %s %d listeners ready in %.1f s%n", mode, count, (System.nanoTime() - t0) / 1e9);
                out.add(measure(mode, count));
            }
        } finally {
            pacer.shutdownNow();
            for (AutoCloseable l : listeners) {
                l.close();
            }
            speakers.forEach(DatagramSocket::close);
            sessions.roomEnded(room);
        }
        return out;
    }

    private void grow(List<AutoCloseable> listeners, int count, String room, boolean srtp, HttpClient client)
        throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<AutoCloseable>> added = new ArrayList<>();
        for (int i = listeners.size(); i < count; i++) {
            final int n = i;
            boolean sampled = i < sample;
            String user = "lis-" + i;
            added.add(pool.submit(() -> srtp ? srtpListener(room, user, sampled, client) : plainListener(room, user,
                sampled)));
        }
        int failed = 0;
        for (Future<AutoCloseable> f : added) {
            try {
                listeners.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                failed++;
            }
        }
        if (failed > 0) {
            System.err.printf("bench: %d listeners failed to connect (counted out)%n", failed);
        }
        pool.shutdown();
        Thread.sleep(3_000);
    }

    private AutoCloseable srtpListener(String room, String user, boolean sampled, HttpClient client) throws Exception {
        WebRtcClient c = new WebRtcClient(ThreadLocalRandom.current().nextInt(), sampled, sampled
            ? (plain, length, nanos) -> record(plain, 20, length, nanos) : (plain, length, nanos) -> { });
        c.connect(client, "http://127.0.0.1:" + http.getAddress().getPort() + "/whep",
            tokens.token(room, user, "LISTENER"), false, 1);
        if (!sampled) {
            c.quiet();
        }
        return c;
    }

    private AutoCloseable plainListener(String room, String user, boolean sampled) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(1 << 20);
        int ssrc = ThreadLocalRandom.current().nextInt();
        socket.send(datagram(StunWriter.bindingRequest(new byte[12], tokens.token(room, user, "LISTENER"), ssrc)));
        if (!sampled) {
            // Exists only: the edge forwards to it, the kernel drops what its buffer does not take.
            socket.setReceiveBufferSize(4096);
            return socket::close;
        }
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[1500];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            while (!socket.isClosed()) {
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                long now = System.nanoTime();
                if ((buf[0] & 0xFF) >= 128) {
                    if (sampled) {
                        record(buf, 20, p.getLength(), now);
                    } else {
                        received.incrementAndGet();
                    }
                }
            }
        });
        return socket::close;
    }

    private void record(byte[] packet, int payloadAt, int length, long nanos) {
        received.incrementAndGet();
        if (length >= payloadAt + 8) {
            long sent = ByteBuffer.wrap(packet, payloadAt, 8).getLong();
            long delay = nanos - sent;
            if (delay > 0 && delay < 10_000_000_000L) {
                latency.recordValue(delay / 1_000);
            }
        }
    }

    private Map<String, Object> measure(String mode, int listeners) throws InterruptedException {
        latency.getIntervalHistogram();
        double forwarded0 = metrics.forwardedCount();
        long cpu0 = edgeCpuNanos();
        long received0 = receivedAll();
        long sent0 = sent.get();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double forwarded1 = metrics.forwardedCount();
        long cpu1 = edgeCpuNanos();
        long received1 = receivedAll();
        long sent1 = sent.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        var histogram = latency.getIntervalHistogram();
        double pps = (forwarded1 - forwarded0) / seconds;
        double cores = (cpu1 - cpu0) / 1e9 / seconds;
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("mode", mode);
        phase.put("listeners", listeners);
        phase.put("offered_packets_per_s", SPEAKERS * 50 * listeners);
        phase.put("forwarded_packets_per_s", round(pps, 0));
        phase.put("speaker_packets_per_s", round((sent1 - sent0) / seconds, 1));
        phase.put("sampled_listeners", Math.min(sample, listeners));
        phase.put("received_per_sampled_listener_per_s", round((received1 - received0) / seconds
            / Math.min(sample, listeners), 1));
        phase.put("edge_cpu_cores", round(cores, 3));
        phase.put("packets_per_s_per_core", round(pps / Math.max(cores, 1e-6), 0));
        phase.put("latency_ms_p50", round(histogram.getValueAtPercentile(50) / 1000.0, 3));
        phase.put("latency_ms_p99", round(histogram.getValueAtPercentile(99) / 1000.0, 3));
        phase.put("latency_ms_p999", round(histogram.getValueAtPercentile(99.9) / 1000.0, 3));
        phase.put("latency_ms_max", round(histogram.getMaxValue() / 1000.0, 3));
        phase.put("latency_samples", histogram.getTotalCount());
        System.err.println("bench: " + phase);
        return phase;
    }

    /** Datagrams the sampled listeners got (the others do not read: they only exist, to be sent to). */
    private long receivedAll() {
        return received.get();
    }

    private static long edgeCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("multiThreadIoEventLoopGroup")) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private byte[] rtp(int ssrc, int seq) {
        ByteBuffer b = ByteBuffer.allocate(PACKET_BYTES);
        b.put((byte) 0x90).put((byte) 111).putShort((short) seq).putInt(seq * 960).putInt(ssrc);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) 0x10).put((byte) (0x80 | 20)).putShort((short) 0);
        b.putLong(System.nanoTime());
        return b.array();
    }

    private DatagramPacket datagram(byte[] data) {
        return new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", server.port()));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
