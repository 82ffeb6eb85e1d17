package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.clients.media.FrameCheck;
import io.roomcast.clients.media.RtpSpeaker;
import io.roomcast.clients.media.SpeakerPacer;
import io.roomcast.clients.media.SpeechClip;
import io.roomcast.clients.media.SpeechListener;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chaos run's audio (docs/reliability.md, "Chaos run"): in every room, {@code speakers} RTP speakers (the host,
 * then passive guests the host invites to speak) send the project's speech clips in real time ({@link SpeakerPacer},
 * one thread), and {@code listeners} passive guests receive them ({@link SpeechListener}, one {@link FrameCheck} per
 * room). Each binding is an {@link AudioPeer}: on {@code media_moved} it gets a new media token and binds at the new
 * edge, a listener on a new socket whose frames go to the same {@link FrameCheck.Receiver}, so its arrival times span
 * the move.
 *
 * <p>{@link #edgeKilled} marks the instant of each media edge kill and the rooms with a binding on that edge; {@link
 * #check} then measures, per listener and speaker of those rooms and per kill, the audio gap ({@link AudioGaps#gapMs})
 * and fails the run when a gap exceeds the bound or the audio never came back.
 */
final class ChaosAudio implements AutoCloseable {
    /** RTCP report period of every binding, ms: well within the edge's 15 s silent timeout. */
    private static final long REPORT_PERIOD_MS = 2_000;
    /** Speech clips in {@code speech/}: {@code speaker1.opus} to {@code speaker3.opus}. */
    private static final int CLIPS = 3;
    /** Rooms whose peers a failed audio check describes (each: its speakers and listeners). */
    private static final int DIAGNOSED_ROOMS = 5;
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 0);

    /** A room's audio: its speakers, its listeners' peers and receivers, and the check of what they heard. */
    private record RoomAudio(String id, List<RtpSpeaker> speakers, List<AudioPeer> peers,
                             List<FrameCheck.Receiver> receivers, FrameCheck check) {}

    /** An edge kill: its instant and the rooms with a binding on the edge then. */
    private record EdgeKill(String edge, long atNanos, List<RoomAudio> rooms) {}

    private final List<GatewayHttp> gateways;
    private final Path speechDir;
    private final int speakersPerRoom;
    private final int listenersPerRoom;
    private final long gapBoundMs;
    private final PrintStream out;
    private final Random ssrcs;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
    private final ExecutorService moves = Executors.newVirtualThreadPerTaskExecutor();
    private final List<RoomAudio> rooms = new ArrayList<>();
    private final List<EdgeKill> kills = new CopyOnWriteArrayList<>();
    private final List<String> moveFailures = new CopyOnWriteArrayList<>();
    private final List<SpeechListener> sockets = new CopyOnWriteArrayList<>();
    private SpeakerPacer pacer;

    /**
     * @param speakers   RTP speakers per room, 1 (the host) or more (then passive guests too)
     * @param listeners  listeners per room (passive guests)
     * @param gapBoundMs the longest audio gap after an edge kill that passes, ms
     */
    ChaosAudio(List<String> gatewayUrls, Path speechDir, int speakers, int listeners, long gapBoundMs, long seed,
               PrintStream out) {
        this.gateways = gatewayUrls.stream().map(GatewayHttp::new).toList();
        this.speechDir = speechDir;
        this.speakersPerRoom = speakers;
        this.listenersPerRoom = listeners;
        this.gapBoundMs = gapBoundMs;
        this.ssrcs = new Random(seed);
        this.out = out;
    }

    /** Guests per room that only join and stay (the workload leaves them alone): speakers but the host, listeners. */
    int passivePerRoom() {
        return speakersPerRoom - 1 + listenersPerRoom;
    }

    /**
     * Makes each room's extra speakers speakers (invited by the host), binds every listener, then every speaker, then
     * starts the speech.
     *
     * @throws IllegalStateException when a speaker is not one, or a binding is not made, within {@link AudioPeer#RETRY_FOR}
     */
    void start(ChaosWorkload workload) throws IOException, InterruptedException {
        Map<String, SpeechClip> clips = new HashMap<>();
        List<RtpSpeaker> all = new ArrayList<>();
        for (ChaosWorkload.Room room : workload.rooms()) {
            List<ChaosUser> passive = workload.passive(room);
            List<ChaosUser> speaking = new ArrayList<>(List.of(room.users().getFirst()));
            speaking.addAll(passive.subList(0, speakersPerRoom - 1));
            for (ChaosUser guest : speaking.subList(1, speaking.size())) {
                promote(room.users().getFirst(), guest);
            }
            List<RtpSpeaker> speakers = new ArrayList<>();
            List<AudioPeer> peers = new ArrayList<>();
            for (int i = 0; i < speaking.size(); i++) {
                String clip = "speaker" + (i % CLIPS + 1);
                AudioPeer peer = new AudioPeer(speaking.get(i), room.id(), gateways);
                JsonNode answer = peer.mediaToken();
                RtpSpeaker speaker = new RtpSpeaker(clips.computeIfAbsent(clip, this::load), ssrcs.nextInt(),
                    GatewayHttp.edgeAddress(answer), LOCAL);
                peer.bind(answer, (edge, token) -> speaker.moveTo(edge, token, timer, REPORT_PERIOD_MS));
                speakers.add(speaker);
                peers.add(peer);
            }
            FrameCheck check = new FrameCheck(speakers);
            List<FrameCheck.Receiver> receivers = new ArrayList<>();
            for (ChaosUser listening : passive.subList(speakersPerRoom - 1, passive.size())) {
                FrameCheck.Receiver receiver = check.receiver();
                AudioPeer peer = new AudioPeer(listening, room.id(), gateways);
                AtomicReference<SpeechListener> bound = new AtomicReference<>();
                peer.bind(peer.mediaToken(), (edge, token) -> {
                    SpeechListener next = new SpeechListener(ssrcs.nextInt(), edge, LOCAL, receiver);
                    sockets.add(next);
                    next.start(token, timer, REPORT_PERIOD_MS);
                    SpeechListener before = bound.getAndSet(next);
                    if (before != null) {
                        before.close(); // its BYE ends the old binding, if its edge lives
                    }
                });
                peers.add(peer);
                receivers.add(receiver);
            }
            peers.forEach(p -> p.user().onMediaMoved(frame -> moves.execute(() -> {
                try {
                    p.moved(frame);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    moveFailures.add(e.getMessage());
                }
            })));
            rooms.add(new RoomAudio(room.id(), speakers, peers, receivers, check));
            all.addAll(speakers);
        }
        pacer = new SpeakerPacer(all, Long.MAX_VALUE);
        out.printf("  audio: %d speakers and %d listeners bound in %d rooms, speaking%n", all.size(),
            rooms.stream().mapToInt(r -> r.receivers().size()).sum(), rooms.size());
    }

    /** The host invites {@code guest} to speak and the guest accepts, each command sent again until it is a speaker. */
    private static void promote(ChaosUser host, ChaosUser guest) throws InterruptedException {
        long deadline = System.nanoTime() + AudioPeer.RETRY_FOR.toNanos();
        while (true) {
            RoomFold.Member member = guest.view().members().get(guest.user());
            String role = member == null ? "" : member.role();
            if (role.equals("speaker")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chaos: " + guest.user() + " not a speaker within " + AudioPeer.RETRY_FOR);
            }
            if (role.equals("listener") && !host.awaitingAnswer()) {
                host.send("invite_speaker", guest.user());
            } else if (role.equals("invited_speaker") && !guest.awaitingAnswer()) {
                guest.send("accept_invite", null);
            }
            Thread.sleep(100); // polling the users' views, folded on their own threads
        }
    }

    private SpeechClip load(String name) {
        try {
            return SpeechClip.load(speechDir.resolve(name + ".opus"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Marks a media edge kill, now (call it once the edge's process is gone: until then it forwards, and a packet
     * it forwarded would end the gap early): which rooms have a binding on {@code edgeId}.
     */
    void edgeKilled(String edgeId) {
        long now = System.nanoTime();
        kills.add(new EdgeKill(edgeId, now, rooms.stream()
            .filter(r -> r.peers().stream().anyMatch(p -> p.at(edgeId))).toList()));
    }

    /** Stops the speech and, after the packets in flight arrived, every binding. */
    void stop() throws InterruptedException {
        if (pacer != null) {
            pacer.close();
        }
        Thread.sleep(500); // the last packets' way through the edges (loopback: well under 500 ms)
        sockets.forEach(SpeechListener::close);
        rooms.forEach(r -> r.speakers().forEach(RtpSpeaker::close));
    }

    /**
     * The audio check and figures, after {@link #stop()}: per listener and speaker of a room that had a binding on a
     * killed edge, the gap around each kill ({@code audio_gap_p50_ms}, {@code _p99_ms}, {@code _max_ms}, over
     * {@code audio_gaps} of them), failing when one exceeds {@code audio_gap_bound_ms} or the audio never came back
     * ({@code audio_never_back}) or a listener never heard a speaker ({@code audio_silent_streams});
     * FrameCheck's sums over the rooms; {@code audio_lost_outside_faults}: frames a listener missed that were sent
     * outside every edge kill's window (the kill to the bound after it).
     */
    void check(ChaosChecks.Result result) {
        List<Long> gaps = new ArrayList<>();
        List<AudioGaps.Window> windows = kills.stream()
            .map(k -> new AudioGaps.Window(k.atNanos(), k.atNanos() + gapBoundMs * 1_000_000L)).toList();
        long lostOutside = 0;
        int silent = 0;
        int neverBack = 0;
        // first: a failed move explains the gaps after it, and the run prints only the first failures; then the state
        // of every peer of the rooms a listener of which did not hear its speakers back in time, never-back ones first
        moveFailures.forEach(f -> result.fail("audio: " + f));
        Map<RoomAudio, Integer> lateness = new HashMap<>();
        rooms.forEach(r -> lateness.put(r, lateness(r)));
        rooms.stream().filter(r -> lateness.get(r) > 0).sorted(Comparator.comparing(lateness::get).reversed())
            .limit(DIAGNOSED_ROOMS)
            .forEach(room -> room.peers().forEach(p -> result.fail("audio: room " + room.id() + " peer " + p.describe())));
        for (RoomAudio room : rooms) {
            for (int l = 0; l < room.receivers().size(); l++) {
                FrameCheck.Receiver receiver = room.receivers().get(l);
                String listener = room.peers().get(room.speakers().size() + l).user().user();
                for (RtpSpeaker speaker : room.speakers()) {
                    long[] arrivals = receiver.arrivals(speaker.ssrc());
                    if (arrivals.length == 0) {
                        silent++;
                        result.fail("audio: " + listener + " never heard speaker " + Integer.toUnsignedString(speaker.ssrc()));
                    }
                    lostOutside += AudioGaps.outside(receiver.missedSentNanos(speaker.ssrc()), windows);
                    for (EdgeKill kill : kills) {
                        if (!kill.rooms().contains(room)) {
                            continue;
                        }
                        OptionalLong gap = AudioGaps.gapMs(arrivals, kill.atNanos());
                        if (gap.isEmpty() || gap.getAsLong() > gapBoundMs) {
                            result.fail("audio: " + listener + " after the kill of " + kill.edge() + ": "
                                + (gap.isEmpty() ? "never heard again" : "gap " + gap.getAsLong() + " ms > " + gapBoundMs));
                        }
                        gap.ifPresent(gaps::add);
                        neverBack += gap.isEmpty() ? 1 : 0;
                    }
                }
            }
        }
        Map<String, Object> f = result.figures;
        f.put("audio_speakers", rooms.stream().mapToInt(r -> r.speakers().size()).sum());
        f.put("audio_listeners", rooms.stream().mapToInt(r -> r.receivers().size()).sum());
        f.put("audio_moves", rooms.stream().flatMap(r -> r.peers().stream()).mapToInt(p -> p.moves().size()).sum());
        moveParts(f);
        f.put("audio_move_failures", moveFailures.size());
        f.put("audio_gaps", gaps.size());
        f.put("audio_gap_p50_ms", AudioGaps.percentile(gaps, 50));
        f.put("audio_gap_p99_ms", AudioGaps.percentile(gaps, 99));
        f.put("audio_gap_max_ms", AudioGaps.percentile(gaps, 100));
        f.put("audio_gap_bound_ms", gapBoundMs);
        f.put("audio_never_back", neverBack);
        f.put("audio_silent_streams", silent);
        List<Map<String, Object>> reports = rooms.parallelStream().map(r -> r.check().report()).toList();
        for (String key : List.of("audio_packets_sent", "audio_packets_expected", "audio_packets_received",
                "audio_duplicates", "audio_unknown_packets")) {
            f.put(key, reports.stream().mapToLong(r -> ((Number) r.get(key)).longValue()).sum());
        }
        f.put("audio_frames_identical_pct", reports.stream()
            .mapToDouble(r -> ((Number) r.get("audio_frames_identical_pct")).doubleValue()).min().orElse(0));
        f.put("audio_lost_outside_faults", lostOutside);
    }

    /**
     * The parts of the audio gap, over each peer's first move after each edge kill: {@code audio_move_notice_*_ms} from
     * the kill to its {@code media_moved}, {@code audio_move_token_*_ms} getting a media token, and
     * {@code audio_move_bind_*_ms} binding at the new edge; p50 and max.
     */
    private void moveParts(Map<String, Object> f) {
        List<Long> notice = new ArrayList<>();
        List<Long> token = new ArrayList<>();
        List<Long> bind = new ArrayList<>();
        for (EdgeKill kill : kills) {
            kill.rooms().forEach(r -> r.peers().forEach(p -> p.moves().stream()
                .filter(m -> m.noticedNanos() >= kill.atNanos()).findFirst().ifPresent(m -> {
                    notice.add((m.noticedNanos() - kill.atNanos()) / 1_000_000);
                    token.add(m.tokenMs());
                    bind.add(m.bindMs());
                })));
        }
        part(f, "notice", notice);
        part(f, "token", token);
        part(f, "bind", bind);
    }

    private static void part(Map<String, Object> f, String name, List<Long> ms) {
        f.put("audio_move_" + name + "_p50_ms", AudioGaps.percentile(ms, 50));
        f.put("audio_move_" + name + "_max_ms", AudioGaps.percentile(ms, 100));
    }

    /** 2 if a listener of the room never heard a speaker again after an edge kill, 1 if only later than the bound, 0 else. */
    private int lateness(RoomAudio room) {
        int worst = 0;
        for (EdgeKill kill : kills) {
            if (!kill.rooms().contains(room)) {
                continue;
            }
            for (FrameCheck.Receiver receiver : room.receivers()) {
                for (RtpSpeaker speaker : room.speakers()) {
                    OptionalLong gap = AudioGaps.gapMs(receiver.arrivals(speaker.ssrc()), kill.atNanos());
                    worst = Math.max(worst, gap.isEmpty() ? 2 : gap.getAsLong() > gapBoundMs ? 1 : 0);
                }
            }
        }
        return worst;
    }

    @Override
    public void close() {
        if (pacer != null) {
            pacer.close();
        }
        moves.shutdownNow();
        timer.shutdownNow();
        sockets.forEach(SpeechListener::close);
        rooms.forEach(r -> r.speakers().forEach(RtpSpeaker::close));
    }
}
