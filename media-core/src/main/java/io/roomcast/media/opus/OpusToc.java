package io.roomcast.media.opus;

import java.nio.ByteBuffer;

/**
 * Durations of Opus packets from their table-of-contents byte (RFC 6716 section 3.1): the config
 * (top 5 bits) gives the frame size (SILK 10/20/40/60 ms, Hybrid 10/20 ms, CELT 2.5/5/10/20 ms) and
 * the code (low 2 bits) the frame count: 0 one frame, 1 and 2 two frames, 3 the count M in the low 6
 * bits of the second byte. Durations are in samples at 48 kHz, which is also the RTP clock of Opus
 * whatever the coded bandwidth (RFC 7587 section 4.1): a sender advances the RTP timestamp by the
 * packet's samples (960 per 20 ms frame) and paces one packet per {@link #toNanos duration}.
 */
public final class OpusToc {
    /** RTP clock rate of Opus in Hz (RFC 7587 section 4.1). */
    public static final int RTP_CLOCK_RATE_HZ = 48_000;
    /** Samples (RTP timestamp units) in a 20 ms frame. */
    public static final int SAMPLES_PER_20_MS = 960;
    /** Longest packet allowed, 120 ms (RFC 6716 section 3.2.5, rule R5). */
    public static final int MAX_PACKET_SAMPLES = 5760;
    /** Returned for a packet whose duration cannot be known (empty, code 3 without count, over 120 ms). */
    public static final int MALFORMED = -1;
    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};
    private static final int[] HYBRID_SAMPLES = {480, 960};
    private static final int[] CELT_SAMPLES = {120, 240, 480, 960};
    private static final int FIRST_HYBRID_CONFIG = 12;
    private static final int FIRST_CELT_CONFIG = 16;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private OpusToc() {
    }

    /** Samples at 48 kHz of one frame of the TOC byte's config: 120 (2.5 ms) to 2880 (60 ms). */
    public static int frameSamples(int toc) {
        int config = (toc & 0xFF) >>> 3;
        if (config < FIRST_HYBRID_CONFIG) {
            return SILK_SAMPLES[config & 3];
        }
        if (config < FIRST_CELT_CONFIG) {
            return HYBRID_SAMPLES[config & 1];
        }
        return CELT_SAMPLES[config & 3];
    }

    /**
     * Samples at 48 kHz of a whole packet, from its first two bytes and its length.
     *
     * @param toc the first byte
     * @param second the second byte, read only for code 3 (any value when the packet has one byte)
     * @param length the packet's length in bytes
     * @return frames × frame samples, or {@link #MALFORMED}
     */
    public static int packetSamples(int toc, int second, int length) {
        if (length < 1) {
            return MALFORMED;
        }
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> length < 2 ? 0 : second & 0x3F;
        };
        int samples = frames * frameSamples(toc);
        return frames == 0 || samples > MAX_PACKET_SAMPLES ? MALFORMED : samples;
    }

    /** {@link #packetSamples(int, int, int)} of the {@code length} bytes at {@code offset} of an array. */
    public static int packetSamples(byte[] packet, int offset, int length) {
        return length < 1 ? MALFORMED
            : packetSamples(packet[offset], length > 1 ? packet[offset + 1] : 0, length);
    }

    /** {@link #packetSamples(int, int, int)} of the {@code length} bytes at absolute index {@code offset}. */
    public static int packetSamples(ByteBuffer packet, int offset, int length) {
        return length < 1 ? MALFORMED
            : packetSamples(packet.get(offset), length > 1 ? packet.get(offset + 1) : 0, length);
    }

    /** Duration in nanoseconds of {@code samples} at 48 kHz (960 samples = 20,000,000 ns). */
    public static long toNanos(long samples) {
        return samples * NANOS_PER_SECOND / RTP_CLOCK_RATE_HZ;
    }
}
