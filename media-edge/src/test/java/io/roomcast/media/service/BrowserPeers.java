package io.roomcast.media.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Headless Debian Chromium driven by playwright-core ({@code src/test/browser/peers.mjs}), one page per
 * WebRTC peer, commanded over JSON lines. {@link #start} first runs {@code ensure-browser.sh} (installs
 * Chromium with apt-get and playwright-core with npm ci where missing) and skips the calling test, with
 * the script's reason, when that is impossible.
 */
final class BrowserPeers implements AutoCloseable {
    static final Path DIR = Path.of("src/test/browser");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final AtomicInteger ids = new AtomicInteger();

    private BrowserPeers(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Makes sure Chromium and playwright-core are there (or skips the test), then starts the browser.
     *
     * @param fakeAudio the WAV the fake microphone plays, or null for Chromium's beep
     */
    static BrowserPeers start(Path fakeAudio) throws IOException, InterruptedException {
        String why = run(List.of("bash", DIR.resolve("ensure-browser.sh").toString()), 600);
        assumeTrue(why == null, () -> "browser tests skipped: " + why);
        ProcessBuilder builder = new ProcessBuilder("node", DIR.resolve("peers.mjs").toString())
            .redirectError(ProcessBuilder.Redirect.appendTo(Path.of("target/browser-peers.log").toFile()));
        if (fakeAudio != null) {
            builder.environment().put("ROOMCAST_FAKE_AUDIO", fakeAudio.toAbsolutePath().toString());
        }
        BrowserPeers peers = new BrowserPeers(builder.start());
        JsonNode ready = JSON.readTree(peers.out.readLine());
        if (!ready.path("ready").asBoolean()) {
            throw new IllegalStateException("browser did not start: " + ready);
        }
        return peers;
    }

    /**
     * Makes the fake microphone's WAV from a project speech clip ({@code capture-wav.sh}) into target/,
     * skipping the test when the clips are absent or the tools cannot be had.
     */
    /** The project's speech clips: {@code roomcast.speech.dir}, which the build points at {@code speech/}. */
    static Path speechDir() {
        return Path.of(System.getProperty("roomcast.speech.dir"));
    }

    static Path captureWav(String clip) throws IOException, InterruptedException {
        Path dir = speechDir();
        Path wav = Path.of("target/browser-audio/" + clip + ".wav");
        if (!Files.exists(wav)) {
            String why = run(List.of("bash", DIR.resolve("capture-wav.sh").toString(), dir.toString(), clip,
                wav.toString()), 300);
            assumeTrue(why == null, () -> "browser speech skipped: " + why);
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

    /** Sends one command and waits for its answer; fails on {@code ok: false}. */
    synchronized JsonNode call(String cmd, String peer, Map<String, Object> more) throws IOException {
        JsonNode answer = tryCall(cmd, peer, more);
        if (!answer.path("ok").asBoolean()) {
            throw new AssertionError(cmd + " " + peer + " failed: " + answer.path("error").asText());
        }
        return answer;
    }

    /** Sends one command and returns its answer, ok or not. */
    synchronized JsonNode tryCall(String cmd, String peer, Map<String, Object> more) throws IOException {
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
                throw new IOException("browser peers exited (see target/browser-peers.log)");
            }
            JsonNode answer = JSON.readTree(line);
            if (answer.path("id").asInt(-1) == id) {
                return answer;
            }
        }
    }

    JsonNode stats(String peer) throws IOException {
        return call("stats", peer, Map.of());
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
