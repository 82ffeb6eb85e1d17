package io.roomcast.loadgen.media;

import io.roomcast.clients.media.RtpSpeaker;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.media.MediaTokenMinter;
import io.roomcast.clients.media.SpeakerPacer;
import io.roomcast.clients.media.SentLog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.CpuSampler;
import io.roomcast.loadgen.gateway.SpeakerRoom;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;

/**
 * The media benchmark ({@code loadgen/bench-media}): one room of 3 speakers sending the real speech
 * clips (50 packets/s each) through one media edge to {@code L} listeners, for each L of the
 * throughput phases and of the latency sweep; then the same streams through Janus' VideoRoom (remote
 * publishers, {@code rtp_forward} to the same listener addresses). Per phase: forwarded packets/s as the
 * listeners received them (copies of packets sent in the window / window), as the edge counted them
 * ({@code roomcast_media_forwarded_total}), loss, duplicates, added latency (send → receive, ms, one
 * clock) and CPU use (cores) of the edge or Janus; then packets/s per core (datagrams that arrived in the
 * window, whenever sent, / the forwarder's CPU cores over the same window) and the Roomcast/Janus ratio.
 * The last line of stdout is the result as one JSON object; progress goes to stderr.
 */
public final class MediaBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPEAKERS = 3;
    /** Longest wait for late copies after a window, and for the edge's queues to empty after a phase. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    /** A count that has not moved for this long is steady. */
    private static final Duration STEADY = Duration.ofSeconds(1);
    private static final int ROOMCAST_LISTENER_SSRC = 0x7000_0000;
    /** Speakers' RTCP period, ms: a third of the edge's silent timeout (15 s) while the listeners bind. */
    private static final long SPEAKER_REPORT_MS = 5_000;

    private final MediaBenchmarkOptions options;
    private final List<SpeechClip> clips = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private int nextListener;

    private MediaBenchmark(MediaBenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(MediaBenchmarkOptions.usage());
            return;
        }
        MediaBenchmarkOptions options;
        try {
            options = MediaBenchmarkOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bench-media: " + e.getMessage());
            System.err.println(MediaBenchmarkOptions.usage());
            System.exit(2);
            return;
        }
        System.out.println(JSON.writeValueAsString(new MediaBenchmark(options).run()));
        System.exit(0);
    }

    private Map<String, Object> run() throws Exception {
        for (String name : List.of("speaker1", "speaker2", "speaker3")) {
            clips.add(SpeechClip.load(options.speechDir().resolve(name + ".opus")));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "media-fanout");
        result.put("speakers", SPEAKERS);
        result.put("window_s", options.window().toMillis() / 1000.0);
        try (ListenerSinks sinks = new ListenerSinks(options.sinkSockets(), options.sinkPort(), options.sinkThreads())) {
            List<Map<String, Object>> roomcast = roomcast(sinks);
            result.put("roomcast", roomcast);
            if (!options.janus().isEmpty()) {
                List<Map<String, Object>> janus = janus(sinks);
                result.put("janus", janus);
                result.put("ratio_roomcast_to_janus_pps_per_core", ratios(roomcast, janus));
            }
        }
        return result;
    }

    private List<Map<String, Object>> roomcast(ListenerSinks sinks) throws Exception {
        List<Map<String, Object>> phases = new ArrayList<>();
        progress("speakers' room through the gateway " + options.gateway() + " ...");
        MediaTokenMinter minter = new MediaTokenMinter(options.tokenSecret(), options.edgeId(), Duration.ofMinutes(5));
        try (SpeakerRoom room = SpeakerRoom.open(options.gateway(), options.ws(), "media-" + run, SPEAKERS, Duration.ofSeconds(60));
             ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor()) {
            List<Integer> all = new ArrayList<>(options.listeners());
            all.addAll(options.sweep());
            for (int listeners : all) {
                List<RtpSpeaker> speakers = speakers(options.edge(), i -> 0x5000_0000 + i);
                try {
                    List<String> tokens = room.mediaTokens();
                    for (int i = 0; i < SPEAKERS; i++) {
                        speakers.get(i).bind(tokens.get(i), timer, SPEAKER_REPORT_MS);
                    }
                    SinkListeners sink = new SinkListeners(sinks, listeners, nextListener, ROOMCAST_LISTENER_SSRC + nextListener);
                    nextListener += listeners;
                    Map<String, Object> phase = phase("roomcast", "edge", sinks, speakers, sink,
                        () -> sink.bindAll(options.edge(), i -> minter.token(room.room(), "bench-" + run + "-" + i, "LISTENER")),
                        () -> sink.report(options.edge()));
                    sink.bye(options.edge());
                    untilSteady(() -> Math.round(edgeForwarded()), DRAIN_LIMIT); // the edge's send queues empty
                    phase.put("sweep", options.sweep().contains(listeners) && !options.listeners().contains(listeners));
                    phases.add(phase);
                } finally {
                    speakers.forEach(RtpSpeaker::close);
                }
            }
        }
        return phases;
    }

    private List<Map<String, Object>> janus(ListenerSinks sinks) throws Exception {
        List<Map<String, Object>> phases = new ArrayList<>();
        try (JanusVideoRoom janus = new JanusVideoRoom(options.janus())) {
            for (int listeners : options.janusListeners()) {
                long room = janus.createRoom(SPEAKERS + 1);
                List<JanusVideoRoom.RemotePublisher> publishers = new ArrayList<>();
                for (int i = 0; i < SPEAKERS; i++) {
                    publishers.add(janus.addRemotePublisher(room, "speaker-" + i));
                }
                List<RtpSpeaker> speakers = new ArrayList<>();
                for (int i = 0; i < SPEAKERS; i++) {
                    speakers.add(new RtpSpeaker(clips.get(i), JanusVideoRoom.REMOTE_SSRC,
                        new InetSocketAddress("127.0.0.1", publishers.get(i).port()), new InetSocketAddress("127.0.0.1", 0)));
                }
                try {
                    SinkListeners sink = new SinkListeners(sinks, listeners, nextListener, 0);
                    nextListener += listeners;
                    phases.add(phase("janus", "janus", sinks, speakers, sink, () -> {
                        List<JanusVideoRoom.Forward> forwards = new ArrayList<>();
                        for (int l = 0; l < listeners; l++) {
                            InetSocketAddress to = sink.address(l);
                            for (int s = 0; s < SPEAKERS; s++) {
                                forwards.add(new JanusVideoRoom.Forward(publishers.get(s).id(), to.getAddress().getHostAddress(),
                                    to.getPort(), janusSsrc(s)));
                            }
                        }
                        janus.rtpForward(room, forwards);
                    }, () -> { }));
                } finally {
                    speakers.forEach(RtpSpeaker::close);
                    janus.destroyRoom(room);
                }
            }
        }
        return phases;
    }

    private static int janusSsrc(int speaker) {
        return 0x4A00_0000 + speaker;
    }

    private List<RtpSpeaker> speakers(InetSocketAddress to, IntFunction<Integer> ssrc) {
        List<RtpSpeaker> speakers = new ArrayList<>();
        for (int i = 0; i < SPEAKERS; i++) {
            speakers.add(new RtpSpeaker(clips.get(i), ssrc.apply(i), to, new InetSocketAddress("127.0.0.1", 0)));
        }
        return speakers;
    }

    /** Connects listeners, paces the speakers, measures one window. */
    private Map<String, Object> phase(String system, String cpuName, ListenerSinks sinks, List<RtpSpeaker> speakers,
                                      SinkListeners listeners, Step connect, Step beforeWindow)
            throws Exception {
        Map<Integer, SentLog> streams = new LinkedHashMap<>();
        for (int i = 0; i < speakers.size(); i++) {
            streams.put(system.equals("janus") ? janusSsrc(i) : speakers.get(i).ssrc(), speakers.get(i).log());
        }
        FanoutCount count = new FanoutCount(streams, listeners.count());
        sinks.countInto(count);
        progress(system + ": " + listeners.count() + " listeners x " + speakers.size() + " speakers ("
            + 150 * listeners.count() + " packets/s offered) ...");
        long setup = System.nanoTime();
        connect.run();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listeners", listeners.count());
        out.put("offered_pps", 150 * listeners.count());
        out.put("setup_s", Math.round((System.nanoTime() - setup) / 1e7) / 100.0);
        try (SpeakerPacer pacer = new SpeakerPacer(speakers, Long.MAX_VALUE)) {
            Thread.sleep(options.warmup().toMillis()); // warm-up: the measured window starts after it
            beforeWindow.run();
            CpuSampler cpu = new CpuSampler(options.watchPids());
            double forwardedBefore = system.equals("roomcast") ? edgeForwarded() : 0;
            CpuSampler.Sample from = cpu.sample();
            count.window(options.window().toNanos());
            Thread.sleep(options.window().toMillis()); // the window itself is the measurement
            CpuSampler.Sample to = cpu.sample();
            double forwardedAfter = system.equals("roomcast") ? edgeForwarded() : 0;
            pacer.close();
            long drainStart = System.nanoTime();
            untilSteady(count::datagrams, DRAIN_LIMIT); // late copies of the window's packets still count
            out.put("drain_s", Math.round((System.nanoTime() - drainStart) / 1e7) / 100.0);
            out.putAll(count.report());
            if (system.equals("roomcast")) {
                out.put("edge_counted_pps", Math.round((forwardedAfter - forwardedBefore) / (options.window().toNanos() / 1e9)));
            }
            Map<String, Double> cores = CpuSampler.coresUsed(from, to);
            out.putAll(cores);
            Double used = cores.get(cpuName + "_cpu_cores");
            out.put("pps_per_core", used == null || used == 0 ? null : Math.round(((Number) out.get("arrivals_pps")).longValue() / used));
        } finally {
            sinks.countInto(null);
        }
        progress("  " + out);
        return out;
    }

    private static List<Map<String, Object>> ratios(List<Map<String, Object>> roomcast, List<Map<String, Object>> janus) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> j : janus) {
            roomcast.stream().filter(r -> r.get("listeners").equals(j.get("listeners"))).findFirst().ifPresent(r -> {
                Object ours = r.get("pps_per_core");
                Object theirs = j.get("pps_per_core");
                Map<String, Object> ratio = new LinkedHashMap<>();
                ratio.put("listeners", j.get("listeners"));
                ratio.put("pps_per_core", ours == null || theirs == null ? null
                    : Math.round(100.0 * ((Number) ours).doubleValue() / ((Number) theirs).doubleValue()) / 100.0);
                ratio.put("pps", Math.round(100.0 * ((Number) r.get("arrivals_pps")).doubleValue()
                    / Math.max(1, ((Number) j.get("arrivals_pps")).doubleValue())) / 100.0);
                out.add(ratio);
            });
        }
        return out;
    }

    /** {@code roomcast_media_forwarded_total} on the edge's /prometheus (copies sent); NaN if unreadable. */
    private double edgeForwarded() {
        return EdgeCounters.forwarded(options.edgeMetrics());
    }

    /** Waits until {@code value} has not changed for {@link #STEADY}, at most {@code limit}. */
    private static void untilSteady(java.util.function.LongSupplier value, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = value.getAsLong();
        while (System.nanoTime() < deadline) {
            Thread.sleep(STEADY.toMillis()); // polling counters: nothing to wait on
            long now = value.getAsLong();
            if (now == last) {
                return;
            }
            last = now;
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void progress(String line) {
        System.err.println("bench-media: " + line);
    }
}
