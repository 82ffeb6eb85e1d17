package io.roomcast.media.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.clients.media.MediaTokenMinter;
import io.roomcast.clients.webrtc.WebRtcClient;
import io.roomcast.media.stun.StunWriter;
import io.roomcast.servers.ServiceProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
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
 * The WebRTC benchmark ({@code media-edge/bench-webrtc}): the edge's transport and sessions in a JVM of their own
 * with production's JVM options ({@link EdgeProcess}; no Kafka: speakers are declared to the sessions directly),
 * this JVM the load generator: 3 plain-RTP speakers at 50 packets/s each
 * (100-byte packets carrying their send time), and L listeners per phase, first plain-RTP listeners
 * (the edge forwards the packet unchanged), then WebRTC listeners that ran WHEP, ICE and their own
 * DTLS-SRTP handshake (the clients module's {@link WebRtcClient}; the edge rewrites and encrypts per listener).
 * Per phase: packets/s the edge forwarded ({@code roomcast_media_forwarded_total}), the CPU of the edge's
 * event-loop threads (ThreadMXBean in the edge JVM), packets/s per core, both JVMs' garbage collections,
 * what listeners received, and the added latency (send to receive, one clock: this JVM's) of a sample of
 * listeners that parse (plain) or decrypt (SRTP) what they get. The last line of stdout is the result as JSON;
 * progress goes to stderr.
 */
public final class WebRtcBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPEAKERS = EdgeProcess.SPEAKERS;
    private static final int PACKET_BYTES = 100;
    /** Longest wait for the edge to answer a speaker's binding request. */
    private static final Duration BINDING_TIMEOUT = Duration.ofSeconds(10);

    private final List<Integer> sizes;
    private final int latencyListeners;
    private final int threads;
    private final int sample;
    private final Duration window;
    private final List<String> modes;
    private final MediaTokenMinter tokens = new MediaTokenMinter(MediaTokenMinter.DEVELOPMENT_SECRET, EdgeProcess.EDGE_ID,
        Duration.ofHours(1));
    private final Recorder latency = new Recorder(3);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final GcPauses loadgenGc = GcPauses.start();
    private EdgeProcess edge;

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
        try (EdgeProcess started = EdgeProcess.start(threads)) {
            edge = started;
            return measureAll();
        }
    }

    private Map<String, Object> measureAll() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("edge_threads", threads);
        result.put("edge_jvm", String.join(" ", ServiceProcess.JVM_OPTIONS));
        result.put("transport", edge.ready().transport());
        result.put("socket", edge.ready().socket());
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
        return result;
    }

    private List<Map<String, Object>> phases(String mode, List<Integer> counts, boolean srtp) throws Exception {
        String room = "bench-" + mode + "-" + Long.toString(System.nanoTime(), 36);
        List<DatagramSocket> speakers = new ArrayList<>();
        int[] ssrcs = new int[SPEAKERS];
        for (int i = 0; i < SPEAKERS; i++) {
            String user = "spk-" + i;
            edge.speaker(room, user);
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            speakers.add(socket);
            ssrcs[i] = ThreadLocalRandom.current().nextInt();
            socket.send(datagram(StunWriter.bindingRequest(new byte[12], tokens.token(room, user, "SPEAKER"), ssrcs[i])));
            awaitBindingSuccess(socket);
        }
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
            edge.roomEnded(room);
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
        c.connect(client, "http://127.0.0.1:" + edge.ready().whepPort() + "/whep",
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

    private Map<String, Object> measure(String mode, int listeners) throws InterruptedException, IOException {
        latency.getIntervalHistogram();
        EdgeProcess.Stats edge0 = edge.stats();
        GcPauses.Reading loadgen0 = loadgenGc.read();
        long received0 = receivedAll();
        long sent0 = sent.get();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        EdgeProcess.Stats edge1 = edge.stats();
        GcPauses.Reading loadgen1 = loadgenGc.read();
        long received1 = receivedAll();
        long sent1 = sent.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        var histogram = latency.getIntervalHistogram();
        double pps = (edge1.forwarded() - edge0.forwarded()) / seconds;
        double cores = (edge1.eventLoopCpuNanos() - edge0.eventLoopCpuNanos()) / 1e9 / seconds;
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
        GcPauses.put("edge_gc", edge0.gc(), edge1.gc(), phase);
        GcPauses.put("loadgen_gc", loadgen0, loadgen1, phase);
        System.err.println("bench: " + phase);
        return phase;
    }

    /** Datagrams the sampled listeners got (the others do not read: they only exist, to be sent to). */
    private long receivedAll() {
        return received.get();
    }

    /**
     * Waits for the edge's answer to a speaker's STUN binding request (RFC 5389 section 7.3: it binds, then
     * answers), so the speaker's packets are not dropped as unbound.
     *
     * @throws IOException if no answer comes within 10 s or the answer is not a binding success (0x0101)
     */
    private static void awaitBindingSuccess(DatagramSocket socket) throws IOException {
        byte[] buf = new byte[1500];
        DatagramPacket answer = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) BINDING_TIMEOUT.toMillis());
        socket.receive(answer);
        if (answer.getLength() < 2 || buf[0] != 0x01 || buf[1] != 0x01) {
            throw new IOException("speaker binding refused (STUN type " + (answer.getLength() < 2 ? "none"
                : String.format("0x%02x%02x", buf[0], buf[1])) + ")");
        }
    }

    private byte[] rtp(int ssrc, int seq) {
        ByteBuffer b = ByteBuffer.allocate(PACKET_BYTES);
        b.put((byte) 0x90).put((byte) 111).putShort((short) seq).putInt(seq * 960).putInt(ssrc);
        b.putShort((short) 0xBEDE).putShort((short) 1).put((byte) 0x10).put((byte) (0x80 | 20)).putShort((short) 0);
        b.putLong(System.nanoTime());
        return b.array();
    }

    private DatagramPacket datagram(byte[] data) {
        return new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", edge.ready().udpPort()));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
