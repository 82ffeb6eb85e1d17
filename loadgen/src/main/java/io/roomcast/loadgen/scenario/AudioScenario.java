package io.roomcast.loadgen.scenario;

import static io.roomcast.loadgen.scenario.AudioRoom.require;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.loadgen.media.EdgeCounters;
import io.roomcast.clients.media.FrameCheck;
import io.roomcast.clients.media.RtpSpeaker;
import io.roomcast.clients.media.SpeakerPacer;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.media.SpeechListener;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The audio part of {@code ./roomcast demo}: one room on the gateway (host, 3 speakers, N listeners, all
 * real WebSocket clients over the gateway nodes) whose audio goes through the media edges the gateway
 * assigns. The 3 speakers ({@link RtpSpeaker}, the real Opus packets of the project's speech clips, speech/) publish to
 * the room's origin edge; each listener ({@link SpeechListener}) binds where its media token says, the
 * origin until it is full, then a relay edge the gateway brings in. After {@link #PHASE} of speech the host
 * kicks speaker 2, which goes on sending; {@link #SLOT_RELEASE} after every listener learnt the kick, a
 * listener's raised hand is accepted and it speaks (a 4th speaker, the first clip again) for another
 * {@link #PHASE}. Every frame a listener decodes is compared with the decoding of the frame sent
 * ({@link FrameCheck}).
 *
 * <p>{@code audio_after_kick_ms_max}: the promise a user notices, "the kicked speaker's audio stops
 * within {@link #KICK_AUDIO_BOUND_MS} ms of the kick being decided". Per listener, the time from the
 * kick's decision (the {@code occurred_at} of the {@code participant_kicked} DISPATCH) to the arrival
 * of the last packet of the kicked speaker's SSRC at its UDP socket (0 if none came after the
 * decision), in ms; the maximum over listeners. The edge and the gateway read the kick independently,
 * so a packet may still come after the WebSocket delivered the kick: the bound, not "nothing after
 * the frame", is the guarantee. The kick happens before the 4th speaker starts because the edge
 * forwards the 3 loudest speakers of a room ({@code roomcast.media.loudest-speakers}): a 4th at the
 * same time would be cut, by design.
 */
public final class AudioScenario {
    /** Speech before the kick, and again with the 4th speaker: 9 s. */
    public static final Duration PHASE = Duration.ofSeconds(9);
    /** Wait after the kick before the 4th speaker starts: the kicked speaker's loudest slot is held 500 ms. */
    public static final Duration SLOT_RELEASE = Duration.ofSeconds(1);
    private static final Duration STEP = Duration.ofSeconds(30);
    /** Listeners' RTCP receiver report period, ms. */
    private static final long REPORT_PERIOD_MS = 1_000;
    /** Wait after the speakers stop for packets in flight, ms. */
    private static final long DRAIN_MS = 500;
    /**
     * The kicked speaker's audio must stop within this of the kick's decision (its occurred_at), ms. The
     * kick becomes readable only when room-state-stream's exactly-once transaction commits
     * ({@code commit.interval.ms}: up to 100 ms after the decision); the edge's feed then has it within its
     * {@code fetch.max.wait} (10 ms) and drops the speaker's packets from then on. 250 ms = that 110 ms
     * plus 140 ms for the edge to apply it and for packets already in flight, on a shared 2-core machine
     * (measured 56 and 121 ms). ARCHITECTURE's 100 ms needs a shorter commit interval (issue 20).
     */
    public static final long KICK_AUDIO_BOUND_MS = 250;
    private static final int SPEAKERS = 3;
    private static final int KICKED = 2;

    private final List<String> gateways;
    private final List<String> edgeMetrics;
    private final List<SpeechClip> clips;
    private final int listeners;
    private final PrintStream out;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<AutoCloseable> open = new ArrayList<>();

    /**
     * @param gateways    base URLs of the gateway nodes, e.g. {@code http://localhost:8080}
     * @param edgeMetrics the media edges' {@code /prometheus} URLs, for {@code audio_packets_forwarded}
     * @param speechDir   the folder of {@code speaker1.opus} .. {@code speaker3.opus}
     * @param listeners   listeners (20 in the demo)
     * @throws java.io.IOException when a clip cannot be read
     */
    public AudioScenario(List<String> gateways, List<String> edgeMetrics, Path speechDir, int listeners,
                         PrintStream out) throws java.io.IOException {
        this.gateways = gateways;
        this.edgeMetrics = edgeMetrics;
        this.listeners = listeners;
        this.out = out;
        List<SpeechClip> loaded = new ArrayList<>();
        for (int i = 1; i <= SPEAKERS; i++) {
            loaded.add(SpeechClip.load(speechDir.resolve("speaker" + i + ".opus")));
        }
        this.clips = List.copyOf(loaded);
    }

    /**
     * @return the demo's audio keys: {@code audio_packets_sent}, {@code audio_packets_forwarded}, {@code
     *     audio_packets_received}, {@code audio_loss_pct}, latencies, {@code audio_frames_identical_pct},
     *     {@code audio_after_kick_ms_max}, {@code audio_listeners_per_edge}, ...
     * @throws IllegalStateException with what did not happen in time (the bounds on the keys are
     *     {@link DemoChecks}')
     */
    public Map<String, Object> run() throws Exception {
        List<String> users = new ArrayList<>();
        users.add("audio-host-" + run);
        for (int i = 1; i <= SPEAKERS; i++) {
            users.add("audio-speaker-" + i + "-" + run);
        }
        for (int i = 1; i <= listeners; i++) {
            users.add("audio-listener-" + i + "-" + run);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (AudioRoom room = new AudioRoom(gateways, users, STEP)) {
            out.println("  room " + room.room() + ": a host, " + SPEAKERS + " speakers, " + listeners + " listeners");
            return scenario(room, timer);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            timer.shutdownNow();
        }
    }

    private Map<String, Object> scenario(AudioRoom room, ScheduledExecutorService timer) throws Exception {
        int firstListener = SPEAKERS + 1;
        int ssrcBase = ThreadLocalRandom.current().nextInt(1 << 15) << 16;
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        List<RtpSpeaker> speakers = new ArrayList<>();
        InetSocketAddress origin = null;
        for (int i = 1; i <= SPEAKERS; i++) {
            room.promote(i);
            JsonNode token = room.mediaToken(i, true);
            origin = address(token);
            RtpSpeaker speaker = own(new RtpSpeaker(clips.get(i - 1), ssrcBase + i, origin, local));
            speaker.bind(token.path("token").asText());
            speakers.add(speaker);
        }
        RtpSpeaker fourth = own(new RtpSpeaker(clips.getFirst(), ssrcBase + firstListener, origin, local));
        List<RtpSpeaker> all = List.of(speakers.get(0), speakers.get(1), speakers.get(2), fourth);
        FrameCheck check = new FrameCheck(all);
        List<FrameCheck.Receiver> receivers = new ArrayList<>();
        Map<String, Integer> perEdge = new TreeMap<>();
        for (int i = firstListener; i < firstListener + listeners; i++) {
            JsonNode token = room.mediaToken(i, false);
            FrameCheck.Receiver receiver = check.receiver();
            own(new SpeechListener(ssrcBase + 0x8000 + i, address(token), local, receiver))
                .start(token.path("token").asText(), timer, REPORT_PERIOD_MS);
            receivers.add(receiver);
            perEdge.merge(token.path("edge").asText(), 1, Integer::sum);
        }
        require(perEdge.size() >= 2, "listeners on " + perEdge + ", not on 2 edges");
        out.println("  speakers on the origin edge " + origin + "; listeners per edge " + perEdge);

        double forwardedBefore = forwarded();
        long nanoRef = System.nanoTime();
        long msRef = System.currentTimeMillis();
        try (SpeakerPacer three = new SpeakerPacer(speakers, Long.MAX_VALUE)) {
            Thread.sleep(PHASE.toMillis());
            out.println("  " + SPEAKERS + " speakers heard; the host kicks speaker " + KICKED + " (it goes on sending)");
            room.kick(KICKED);
            long[] kickDecided = new long[listeners];
            for (int i = 0; i < listeners; i++) {
                kickDecided[i] = nanoRef + (room.kickDecidedAtMs(firstListener + i, KICKED) - msRef) * 1_000_000L;
            }
            Thread.sleep(SLOT_RELEASE.toMillis());
            out.println("  a listener's raised hand is accepted: a 4th speaker");
            room.promote(firstListener);
            fourth.bind(room.mediaToken(firstListener, true).path("token").asText());
            try (SpeakerPacer pacer = new SpeakerPacer(List.of(fourth), Long.MAX_VALUE)) {
                Thread.sleep(PHASE.toMillis());
            }
            three.close();
            Thread.sleep(DRAIN_MS);
            long afterKickNanos = 0;
            int kicked = speakers.get(KICKED - 1).ssrc();
            for (int i = 0; i < listeners; i++) {
                OptionalLong last = receivers.get(i).lastArrival(kicked);
                if (last.isPresent()) {
                    afterKickNanos = Math.max(afterKickNanos, last.getAsLong() - kickDecided[i]);
                }
            }
            long afterKickMs = (afterKickNanos + 999_999) / 1_000_000; // rounded up: 100.2 ms is above 100
            return summary(check.report(Set.of(kicked)), forwarded() - forwardedBefore, afterKickMs, perEdge);
        }
    }

    private Map<String, Object> summary(Map<String, Object> report, double forwarded, long afterKickMs,
                                        Map<String, Integer> perEdge) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("audio_speakers", SPEAKERS + 1);
        summary.put("audio_listeners", listeners);
        summary.put("audio_listeners_per_edge", perEdge);
        summary.put("audio_packets_sent", report.get("audio_packets_sent"));
        summary.put("audio_packets_forwarded", Double.isNaN(forwarded) ? null : (long) forwarded);
        report.forEach((key, value) -> {
            if (!key.equals("audio_packets_sent")) {
                summary.put(key, value);
            }
        });
        summary.put("audio_after_kick_ms_max", afterKickMs);
        return summary;
    }

    /** {@code roomcast_media_forwarded_total} summed over the edges; NaN if one is unreadable. */
    private double forwarded() {
        return edgeMetrics.stream().mapToDouble(EdgeCounters::forwarded).sum();
    }

    private <T extends AutoCloseable> T own(T resource) {
        open.add(resource);
        return resource;
    }

    /** The token answer's {@code edge_address}, {@code host:port}. */
    private static InetSocketAddress address(JsonNode token) {
        String address = token.path("edge_address").asText();
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
