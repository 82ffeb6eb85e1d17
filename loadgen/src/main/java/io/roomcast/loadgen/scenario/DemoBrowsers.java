package io.roomcast.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.clients.webrtc.BrowserPeers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browsers of the demo's audio scenario: one headless Chromium ({@link BrowserPeers}) with a WHIP
 * speaker, whose fake microphone plays a project speech clip ({@link #CLIP}, the WAV made by
 * {@code capture-wav.sh}), and a WHEP listener forced to relay through the platform's coturn
 * ({@code iceTransportPolicy: 'relay'}). Either ready, or unavailable with the reason (Chromium, node or
 * the speech tools missing and not installable here), in which case the scenario runs without them.
 */
public final class DemoBrowsers implements AutoCloseable {
    /** The speech clip the browser speaker speaks ({@code speech/<clip>.opus}). */
    public static final String CLIP = "speaker3";
    /**
     * The browser listener's jitter buffer ({@code RTCRtpReceiver.jitterBufferTarget}), ms: a listen-only
     * page may trade half a second of latency for smoothness. The demo runs the whole platform, its own
     * RTP speakers and listeners and Chromium on one 2-core machine, where a process is at times held up
     * for tens to hundreds of ms (the demo's {@code audio_added_latency_max_ms}); the browser's default
     * buffer, sized by the jitter seen so far, conceals such a gap on every track it crosses (measured up
     * to ~85 ms on all 4 tracks at once, 1.2 % of a phase). Loss, or a packet the edge rewrote wrongly, is
     * concealed and counted all the same. Below the 2 s a track receives before its window starts, so a
     * switched track's silence is played out before the window.
     */
    static final int LISTENER_JITTER_BUFFER_MS = 500;
    private static final Pattern SSRC = Pattern.compile("^a=ssrc:(\\d+) ", Pattern.MULTILINE);

    private final Path scripts;
    private final Path wav;
    private final Path log;
    private final String unavailable;
    private volatile BrowserPeers peers;

    private DemoBrowsers(Path scripts, Path wav, Path log, String unavailable) {
        this.scripts = scripts;
        this.wav = wav;
        this.log = log;
        this.unavailable = unavailable;
    }

    /**
     * Installs what is missing where it can (apt-get, npm ci: about a minute the first time) and makes the
     * speech WAV; {@link #launch} then starts Chromium.
     *
     * @param scripts   the browser scripts' folder ({@link BrowserPeers#DIR_IN_REPOSITORY} under the repository)
     * @param speechDir the speech clips' folder
     * @param work      folder for the WAV and the browser's log ({@code browser-peers.log})
     * @return browsers ready to launch, or {@link #unavailable()} with the reason
     */
    public static DemoBrowsers install(Path scripts, Path speechDir, Path work) throws IOException, InterruptedException {
        try {
            BrowserPeers.ensure(scripts);
            Path wav = BrowserPeers.captureWav(scripts, speechDir, CLIP, work.resolve("browser-audio").resolve(CLIP + ".wav"));
            return new DemoBrowsers(scripts, wav, work.resolve("browser-peers.log"), null);
        } catch (BrowserPeers.Unavailable e) {
            return none(e.getMessage());
        }
    }

    /** Browsers that were not installed (the demo without WebRTC), with why. */
    public static DemoBrowsers none(String reason) {
        return new DemoBrowsers(null, null, null, reason);
    }

    /**
     * Starts Chromium (unless {@link #unavailable()}).
     *
     * @return this
     * @throws IOException when the browser was installed but did not start (a failure, not a skip)
     */
    public DemoBrowsers launch() throws IOException {
        if (unavailable == null) {
            peers = BrowserPeers.launch(scripts, wav, log);
        }
        return this;
    }

    /** Null when the browsers are ready, else why they are not. */
    public String unavailable() {
        return unavailable;
    }

    /**
     * Publishes the speaker page over WHIP with a speaker's media-token answer.
     *
     * @return the SSRC of the browser's audio (its offer's {@code a=ssrc})
     * @throws IOException when the offer is refused or the connection does not come up
     */
    int speak(String peer, JsonNode mediaToken) throws IOException {
        JsonNode answer = open("speak", peer, mediaToken, Map.of());
        Matcher m = SSRC.matcher(answer.path("offer").asText());
        if (!m.find()) {
            throw new IOException("the browser's offer has no a=ssrc");
        }
        return (int) Long.parseLong(m.group(1));
    }

    /**
     * Subscribes the listener page over WHEP with {@code tracks} receive tracks, relay-only through TURN,
     * each track's jitter buffer holding {@link #LISTENER_JITTER_BUFFER_MS}.
     */
    void listenRelayed(String peer, JsonNode mediaToken, int tracks) throws IOException {
        if (mediaToken.path("ice_servers").isEmpty()) {
            throw new IOException("the media-token answer has no ice_servers: coturn is not running (see the "
                + "platform's summary line for turn), so the relay-only browser cannot connect");
        }
        open("listen", peer, mediaToken, Map.of("tracks", tracks, "relay", true,
            "jitterBufferTargetMs", LISTENER_JITTER_BUFFER_MS));
    }

    private JsonNode open(String cmd, String peer, JsonNode token, Map<String, Object> more) throws IOException {
        String url = token.path(cmd.equals("speak") ? "whip_url" : "whep_url").asText(null);
        if (url == null) {
            throw new IOException("the media-token answer has no " + (cmd.equals("speak") ? "whip_url" : "whep_url")
                + ": " + token);
        }
        Map<String, Object> command = new java.util.HashMap<>(more);
        command.put("url", url);
        command.put("token", token.path("token").asText());
        command.put("iceServers", token.path("ice_servers"));
        JsonNode answer = peers.call(cmd, peer, command);
        if (!answer.path("connectionState").asText().equals("connected")) {
            throw new IOException(cmd + " " + peer + ": connection " + answer.path("connectionState").asText());
        }
        return answer;
    }

    /** {@link BrowserPeers#stats} of a peer. */
    JsonNode stats(String peer) throws IOException {
        return peers.stats(peer);
    }

    @Override
    public void close() {
        if (peers != null) {
            peers.close();
        }
    }
}
