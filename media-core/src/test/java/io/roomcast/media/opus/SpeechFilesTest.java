package io.roomcast.media.opus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusDecoder;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's speech clips (speech/README.md: espeak-ng, sox to 48 kHz mono, opusenc at 32 kbit/s
 * with 20 ms frames): what the load generator, the demo and the tests send.
 */
class SpeechFilesTest {
    /** A 20 ms frame quieter than this RMS (about -50 dBFS) is a pause between words. */
    private static final double PAUSE_RMS = 100;

    @ParameterizedTest(name = "{0}: {1} packets, final granule {2}")
    @CsvSource({"speaker1, 1084, 1039772", "speaker2, 1156, 1109410", "speaker3, 1109, 1064558"})
    void packetsAndDurationsAddUp(String speaker, int packets, long finalGranule) throws IOException {
        OggOpusFile file = OggOpusFile.read(SpeechFiles.opus(speaker));

        assertThat(file.head().channels()).isEqualTo(1);
        assertThat(file.head().preSkip()).isEqualTo(312);
        assertThat(file.head().inputSampleRate()).isEqualTo(48_000);
        assertThat(file.packets()).hasSize(packets);
        for (int i = 0; i < packets; i++) {
            assertThat(file.packetSamples(i)).as("packet %d", i).isEqualTo(OpusToc.SAMPLES_PER_20_MS);
        }
        assertThat(file.startGranule()).isZero();
        assertThat(file.finalGranule()).isEqualTo(finalGranule);
        assertThat(file.totalPacketSamples()).isEqualTo(packets * 960L);
        // The encoder trimmed the last packet (RFC 7845 section 4.5): pre-skip plus less than one frame.
        assertThat(file.playableSamples()).isEqualTo(finalGranule - 312);
        assertThat(file.totalPacketSamples() - file.playableSamples()).isBetween(312L, 312L + 959);
    }

    /** Decoded in order, each clip is speech: mostly voiced frames, with pauses between phrases, never clipped. */
    @ParameterizedTest
    @ValueSource(strings = {"speaker1", "speaker2", "speaker3"})
    void decodedPacketsAreSpeechWithPauses(String speaker) throws Exception {
        OggOpusFile file = OggOpusFile.read(SpeechFiles.opus(speaker));
        OpusDecoder decoder = new OpusDecoder(OpusToc.RTP_CLOCK_RATE_HZ, 1);
        short[] pcm = new short[OpusToc.MAX_PACKET_SAMPLES];
        int voiced = 0;
        int pauses = 0;
        int peak = 0;
        for (byte[] packet : file.packets()) {
            int n = decoder.decode(packet, 0, packet.length, pcm, 0, OpusToc.MAX_PACKET_SAMPLES, false);
            assertThat(n).isEqualTo(OpusToc.SAMPLES_PER_20_MS);
            double energy = 0;
            for (int i = 0; i < n; i++) {
                energy += (double) pcm[i] * pcm[i];
                peak = Math.max(peak, Math.abs(pcm[i]));
            }
            if (Math.sqrt(energy / n) < PAUSE_RMS) {
                pauses++;
            } else {
                voiced++;
            }
        }
        int frames = file.packets().size();
        assertThat(voiced).as("voiced frames").isGreaterThan(frames / 2);
        assertThat(pauses).as("pauses between words and phrases").isGreaterThan(frames / 20);
        assertThat(peak).as("loud enough, not clipped").isBetween(4_000, Short.MAX_VALUE - 1);
    }
}
