package io.roomcast.clients.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Debian Chromium driven by playwright-core ({@code clients/src/main/browser/peers.mjs}), one
 * page per WebRTC peer (a WHIP speaker or a WHEP listener), commanded over JSON lines; used by the media
 * edge's browser tests and by the demo's audio scenario. {@link #start} first runs
 * {@code ensure-browser.sh} (installs Chromium with apt-get and playwright-core with npm ci where
 * missing) and throws {@link Unavailable} with the script's reason when that is impossible.
 */
public final class BrowserPeers implements AutoCloseable {
    /** Where the scripts are when the working directory is the repository's root. */
    public static final Path DIR_IN_REPOSITORY = Path.of("clients/src/main/browser");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ENSURE_TIMEOUT_SECONDS = 600;
    private static final long WAV_TIMEOUT_SECONDS = 300;

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final AtomicInteger ids = new AtomicInteger();

    /** Chromium, node, playwright-core or the speech tools are missing and cannot be installed here; the message says why. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    private BrowserPeers(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Makes sure Chromium and playwright-core are there, then starts the browser.
     *
     * @param dir       the scripts' folder ({@code clients/src/main/browser})
     * @param fakeAudio the WAV the fake microphone plays (see {@link #captureWav}), or null for Chromium's beep
     * @param log       file the driver's and Chromium's stderr is appended to
     * @throws Unavailable when the browser cannot be had on this machine (the reason in the message)
     * @throws IOException when the driver does not start or says it is not ready
     */
    public static BrowserPeers start(Path dir, Path fakeAudio, Path log)
        throws IOException, InterruptedException, Unavailable {
        ensure(dir);
        return launch(dir, fakeAudio, log);
    }

    /**
     * Makes sure Chromium, node and playwright-core are there ({@code ensure-browser.sh}: apt-get and npm ci
     * where missing, the first time about a minute).
     *
     * @throws Unavailable when they cannot be had on this machine (the reason in the message)
     */
    public static void ensure(Path dir) throws IOException, InterruptedException, Unavailable {
        String why = run(List.of("bash", dir.resolve("ensure-browser.sh").toString()), ENSURE_TIMEOUT_SECONDS);
        if (why != null) {
            throw new Unavailable(why);
        }
    }

    /** Starts the browser, once {@link #ensure} succeeded; as {@link #start}. */
    public static BrowserPeers launch(Path dir, Path fakeAudio, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder("node", dir.resolve("peers.mjs").toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (fakeAudio != null) {
            builder.environment().put("ROOMCAST_FAKE_AUDIO", fakeAudio.toAbsolutePath().toString());
        }
        BrowserPeers peers = new BrowserPeers(builder.start());
        String first = peers.out.readLine();
        if (first == null || !JSON.readTree(first).path("ready").asBoolean()) {
            peers.close();
            throw new IOException("browser did not start: " + first + " (see " + log + ")");
        }
        return peers;
    }

    /**
     * Makes the fake microphone's WAV (48 kHz mono 16-bit) from a project speech clip with
     * {@code capture-wav.sh}, unless {@code wav} exists already.
     *
     * @param speechDir the speech clips' folder ({@code speech/})
     * @param clip      the clip's name, e.g. {@code speaker1}
     * @throws Unavailable when the clip is absent or sox / opus-tools cannot be had
     */
    public static Path captureWav(Path dir, Path speechDir, String clip, Path wav)
        throws IOException, InterruptedException, Unavailable {
        if (!Files.exists(wav)) {
            String why = run(List.of("bash", dir.resolve("capture-wav.sh").toString(), speechDir.toString(), clip,
                wav.toString()), WAV_TIMEOUT_SECONDS);
            if (why != null) {
                throw new Unavailable("speech for the browser: " + why);
            }
        }
        return wav;
    }

    /** Runs a script; null when it exited 0, else what it printed (its reason). */
    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + command;
        }
        return p.exitValue() == 0 ? null : (output.isEmpty() ? "exit " + p.exitValue() : output);
    }

    /**
     * Sends one command ({@code speak}, {@code listen}, {@code stats}, {@code close}, {@code delete}: peers.mjs)
     * and waits for its answer.
     *
     * @throws IOException when the answer is {@code ok: false} (its error in the message) or the driver exited
     */
    public synchronized JsonNode call(String cmd, String peer, Map<String, Object> more) throws IOException {
        JsonNode answer = tryCall(cmd, peer, more);
        if (!answer.path("ok").asBoolean()) {
            throw new IOException(cmd + " " + peer + " failed: " + answer.path("error").asText());
        }
        return answer;
    }

    /** Sends one command and returns its answer, ok or not. */
    public synchronized JsonNode tryCall(String cmd, String peer, Map<String, Object> more) throws IOException {
        int id = ids.incrementAndGet();
        Map<String, Object> command = new HashMap<>(more);
        command.put("id", id);
        command.put("cmd", cmd);
        command.put("peer", peer);
        in.write(JSON.writeValueAsString(command));
        in.newLine();
        in.flush();
        while (true) {
            String line = out.readLine();
            if (line == null) {
                throw new IOException("browser peers exited (see the browser log)");
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.path("id").asInt(-1) == id) {
                return answer;
            }
        }
    }

    /**
     * A peer's {@code getStats()}: {@code connectionState}, {@code inbound} (per audio track:
     * {@code ssrc}, {@code packetsReceived}, {@code concealedSamples}, {@code totalSamplesReceived},
     * {@code audioLevel}, ...), {@code outbound} ({@code ssrc}, {@code packetsSent}) and {@code selected}
     * (the selected candidate pair: {@code localType}, {@code remoteType}, ...).
     */
    public JsonNode stats(String peer) throws IOException {
        return call("stats", peer, Map.of());
    }

    /** A field of {@link #stats}' {@code inbound} summed over the tracks (0 when there is none yet). */
    public static long inbound(JsonNode stats, String field) {
        long total = 0;
        for (JsonNode track : stats.path("inbound")) {
            total += track.path(field).asLong();
        }
        return total;
    }

    /** The highest {@code audioLevel} (0..1) of {@link #stats}' inbound tracks. */
    public static double loudestLevel(JsonNode stats) {
        double max = 0;
        for (JsonNode track : stats.path("inbound")) {
            max = Math.max(max, track.path("audioLevel").asDouble());
        }
        return max;
    }

    @Override
    public void close() {
        try {
            tryCall("quit", "", Map.of());
        } catch (IOException | RuntimeException ignored) {
            // exiting anyway
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
