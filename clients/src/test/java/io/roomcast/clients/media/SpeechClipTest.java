package io.roomcast.clients.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.rtp.AudioLevel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpeechClipTest {

    @Test
    void aFullScaleSquareWaveIs0DbovHalfOfItMinus6AndZerosAreSilence() {
        short[] square = new short[960];
        short[] half = new short[960];
        for (int i = 0; i < square.length; i++) {
            square[i] = (short) (i % 2 == 0 ? 32767 : -32767);
            half[i] = (short) (square[i] / 2);
        }
        assertThat(OpusFrames.audioLevel(square)).isEqualTo(AudioLevel.of(0, true));
        assertThat(OpusFrames.audioLevel(half)).isEqualTo(AudioLevel.of(6, true));
        assertThat(OpusFrames.audioLevel(new short[960])).isEqualTo(AudioLevel.of(AudioLevel.SILENCE, false));
    }

    @Test
    void aSpeechFileGives20msFramesWithVoiceLevelsAndSilence() throws Exception {
        Path dir = Path.of(System.getProperty("roomcast.speech.dir"));

        SpeechClip clip = SpeechClip.load(dir.resolve("speaker1.opus"));

        assertThat(clip.size()).as("21.7 s of 20 ms frames").isEqualTo(1084);
        assertThat(clip.samples()).containsOnly(960);
        assertThat(Arrays.stream(clip.decoded()).mapToInt(pcm -> pcm.length)).containsOnly(960);
        long voiced = Arrays.stream(clip.audioLevels()).filter(AudioLevel::voice).count();
        assertThat(voiced).as("most frames are speech").isGreaterThan(clip.size() / 2);
        assertThat(Arrays.stream(clip.audioLevels()).map(AudioLevel::level).min().getAsInt())
            .as("speech is louder than -30 dBov somewhere").isLessThan(30);
        assertThat(voiced).as("and the pauses are quiet").isLessThan(clip.size());
    }
}
