package io.roomcast.media.opus;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusDecoder;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real speech files of ../shared/data/speech: what the load generator will send. Their README
 * says opusenc wrote 20 ms frames of 48 kHz mono speech; the WAV files are the reference PCM.
 */
class SpeechFilesTest {
    /**
     * Lowest accepted correlation between the decoded packets and the reference PCM. Measured with
     * concentus 1.0.2: 0.975 to 0.988 at the best lag (SNR 13 to 16 dB; 32 kbit/s hybrid mode does not
     * keep the exact waveform). The same signal 1 ms or one packet (20 ms) off correlates below 0.4
     * and near 0, so 0.9 tells the right audio in the right place from any misplaced packet, with room
     * for another decoder version.
     */
    private static final double MIN_CORRELATION = 0.9;
    /** Lags searched around the pre-skip, samples at 48 kHz (1 ms either way). */
    private static final int LAG_WINDOW = 48;
    /** The best lag must lie this close to the pre-skip: measured -2 (concentus vs libopus delay). */
    private static final int MAX_LAG = 4;

    @ParameterizedTest(name = "{0}: {1} packets, final granule {2}")
    @CsvSource({"speaker1, 935, 896856", "speaker2, 1054, 1011699", "speaker3, 982, 942207"})
    void packetsAndDurationsAddUpToTheReference(String speaker, int packets, long finalGranule) throws IOException {
        OggOpusFile file = OggOpusFile.read(SpeechFiles.opus(speaker));
        short[] reference = Wav.monoPcm16(SpeechFiles.wav(speaker));

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
        // The encoder trimmed the last packet (RFC 7845 section 4.5): what plays is exactly the reference.
        assertThat(file.playableSamples()).isEqualTo(reference.length);
        assertThat(file.totalPacketSamples() - file.playableSamples()).isBetween(312L, 312L + 959);
    }

    @ParameterizedTest
    @ValueSource(strings = {"speaker1", "speaker2", "speaker3"})
    void decodedPacketsMatchTheReferenceSpeech(String speaker) throws Exception {
        OggOpusFile file = OggOpusFile.read(SpeechFiles.opus(speaker));
        short[] reference = Wav.monoPcm16(SpeechFiles.wav(speaker));
        short[] decoded = decode(file);
        int preSkip = file.head().preSkip();

        int bestLag = 0;
        double best = -1;
        for (int lag = -LAG_WINDOW; lag <= LAG_WINDOW; lag++) {
            double r = correlation(reference, decoded, preSkip + lag);
            if (r > best) {
                best = r;
                bestLag = lag;
            }
        }
        assertThat(best).isGreaterThan(MIN_CORRELATION);
        assertThat(Math.abs(bestLag)).isLessThanOrEqualTo(MAX_LAG);
        assertThat(correlation(reference, decoded, preSkip + bestLag + OpusToc.SAMPLES_PER_20_MS)).isLessThan(0.2);
    }

    private static short[] decode(OggOpusFile file) throws Exception {
        OpusDecoder decoder = new OpusDecoder(OpusToc.RTP_CLOCK_RATE_HZ, 1);
        short[] pcm = new short[(int) file.totalPacketSamples()];
        int at = 0;
        for (byte[] packet : file.packets()) {
            at += decoder.decode(packet, 0, packet.length, pcm, at, OpusToc.MAX_PACKET_SAMPLES, false);
        }
        assertThat(at).isEqualTo(pcm.length);
        return pcm;
    }

    /** Normalized cross-correlation of reference[i] with decoded[i + offset] over the reference. */
    private static double correlation(short[] reference, short[] decoded, int offset) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < reference.length; i++) {
            int j = i + offset;
            double x = reference[i];
            double y = j >= 0 && j < decoded.length ? decoded[j] : 0;
            xy += x * y;
            xx += x * x;
            yy += y * y;
        }
        return xy / Math.sqrt(xx * yy);
    }
}
