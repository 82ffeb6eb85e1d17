package io.roomcast.media.opus;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared speech samples are: system property {@code roomcast.speech.dir} (the build sets it
 * to {@code ../shared/data/speech} beside the repository). Tests that need them are skipped, saying
 * so, on a machine without them.
 */
final class SpeechFiles {
    private SpeechFiles() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("roomcast.speech.dir", "../../shared/data/speech"));
        assumeTrue(Files.isDirectory(dir), "speech samples not found at " + dir.toAbsolutePath());
        return dir;
    }

    static Path opus(String speaker) {
        return dir().resolve(speaker + ".opus");
    }

    static Path wav(String speaker) {
        return dir().resolve(speaker + "-48k-mono.wav");
    }
}
