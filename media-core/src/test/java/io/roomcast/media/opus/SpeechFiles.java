package io.roomcast.media.opus;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's speech clips are: system property {@code roomcast.speech.dir}, which the build
 * sets to {@code speech/} of the repository (or to {@code ROOMCAST_SPEECH_DIR} when that is set).
 */
final class SpeechFiles {
    private SpeechFiles() {
    }

    /** @throws IllegalStateException when the property is unset or names no folder (the clips are committed) */
    static Path opus(String speaker) {
        String configured = System.getProperty("roomcast.speech.dir");
        if (configured == null || !Files.isDirectory(Path.of(configured))) {
            throw new IllegalStateException("speech clips not found (roomcast.speech.dir=" + configured
                + "); run the tests through ./mvnw, which points it at speech/");
        }
        return Path.of(configured).resolve(speaker + ".opus");
    }
}
