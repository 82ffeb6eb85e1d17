package io.roomcast.media.opus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The identification header of an Ogg Opus stream (RFC 7845 section 5.1), the stream's first packet.
 *
 * @param version encapsulation version; the major part (upper 4 bits) must be 0
 * @param channels output channel count, 1 or more
 * @param preSkip samples at 48 kHz to discard from the decoder output at the start
 * @param inputSampleRate sample rate of the original input in Hz (informational; Opus decodes at 48 kHz)
 * @param outputGainQ8 gain to apply, in dB as Q7.8 fixed point (256 = +1 dB)
 * @param mappingFamily channel mapping family (0: mono or stereo, one stream)
 */
public record OpusHead(int version, int channels, int preSkip, long inputSampleRate, int outputGainQ8,
                       int mappingFamily) {
    private static final byte[] MAGIC = "OpusHead".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_BYTES = 19;

    /**
     * Parses the header packet.
     *
     * @throws OggFormatException when the packet is shorter than 19 bytes, lacks the "OpusHead" magic,
     *     has an unsupported major version, no channels, or family 0 with more than 2 channels
     */
    public static OpusHead parse(byte[] packet) throws OggFormatException {
        if (packet.length < MIN_BYTES || !startsWith(packet, MAGIC)) {
            throw new OggFormatException("first packet is not an OpusHead (RFC 7845 section 5.1)");
        }
        int version = packet[8] & 0xFF;
        int channels = packet[9] & 0xFF;
        int family = packet[18] & 0xFF;
        if (version >>> 4 != 0) {
            throw new OggFormatException("OpusHead version " + version + ": major version not 0");
        }
        if (channels == 0 || (family == 0 && channels > 2)) {
            throw new OggFormatException("OpusHead: " + channels + " channels with mapping family " + family);
        }
        return new OpusHead(version, channels, (int) OggPacketReader.le(packet, 10, 2),
            OggPacketReader.le(packet, 12, 4), (short) OggPacketReader.le(packet, 16, 2), family);
    }

    static boolean startsWith(byte[] packet, byte[] magic) {
        return packet.length >= magic.length && Arrays.equals(packet, 0, magic.length, magic, 0, magic.length);
    }
}
