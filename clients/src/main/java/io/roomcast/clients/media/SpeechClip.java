package io.roomcast.clients.media;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.roomcast.media.opus.OggOpusFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Opus packets of an Ogg Opus speech file (RFC 7845), as RTP payloads (RFC 7587), with for each
 * packet its duration, its RFC 6464 audio level computed from its decoded PCM, and that decoding (the
 * reference a listener's decoding is compared with). The decoding runs once over the whole clip in
 * order, as a listener's decoder does.
 *
 * @param name the file's name without {@code .opus}
 * @param packets the audio packets in file order, each a whole Opus packet
 * @param samples each packet's duration in samples at 48 kHz (RTP timestamp units; 960 for 20 ms)
 * @param audioLevels each packet's raw RFC 6464 byte ({@link OpusFrames#audioLevel})
 * @param decoded each packet's decoding (48 kHz mono PCM), decoded in order from the first packet
 */
public record SpeechClip(String name, List<byte[]> packets, int[] samples, int[] audioLevels, short[][] decoded) {
    /** Environment variable naming another folder of speech clips ({@code speakerN.opus}) than the project's. */
    public static final String DIRECTORY_ENV = "ROOMCAST_SPEECH_DIR";

    /**
     * The folder of speech clips: {@value #DIRECTORY_ENV} when set, else the project's own clips,
     * {@code speech/} of the repository (speech/README.md says how they were made).
     *
     * @param env        the environment (e.g. {@code System.getenv()})
     * @param repository the repository's root folder
     */
    public static Path directory(Map<String, String> env, Path repository) {
        String configured = env.get(DIRECTORY_ENV);
        return configured == null || configured.isBlank() ? repository.resolve("speech") : Path.of(configured);
    }

    /**
     * Reads and decodes an Ogg Opus file.
     *
     * @throws IOException when the file cannot be read or is not a well-formed Ogg Opus stream
     *     ({@link io.roomcast.media.opus.OggFormatException})
     */
    public static SpeechClip load(Path file) throws IOException {
        OggOpusFile ogg = OggOpusFile.read(file);
        if (ogg.head().channels() != 1) {
            throw new IOException(file + ": " + ogg.head().channels() + " channels; speech clips are mono");
        }
        int count = ogg.packets().size();
        int[] samples = new int[count];
        int[] levels = new int[count];
        short[][] decoded = new short[count][];
        OpusDecoder decoder = OpusFrames.decoder();
        for (int i = 0; i < count; i++) {
            byte[] packet = ogg.packets().get(i);
            samples[i] = ogg.packetSamples(i);
            decoded[i] = OpusFrames.decode(decoder, packet, 0, packet.length);
            levels[i] = OpusFrames.audioLevel(decoded[i]);
        }
        String name = file.getFileName().toString().replaceFirst("\\.opus$", "");
        return new SpeechClip(name, ogg.packets(), samples, levels, decoded);
    }

    /** Number of packets (frames). */
    public int size() {
        return packets.size();
    }
}
