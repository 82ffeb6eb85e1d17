package io.roomcast.clients.media;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.roomcast.media.opus.OpusToc;
import io.roomcast.media.rtp.AudioLevel;
import java.util.Arrays;

/**
 * Opus decoding with concentus (pure-Java libopus, RFC 6716) at 48 kHz mono, and the RFC 6464 audio
 * level of decoded PCM. A decoder is stateful: frames must be decoded in order, and a lost frame is
 * replaced by {@link #conceal} (the decoder's packet loss concealment) to keep the state a real
 * client would have.
 */
public final class OpusFrames {
    /** RFC 6464 level (-dBov) at or above which a frame counts as no voice (V bit 0). */
    public static final int VOICE_THRESHOLD_DBOV = 50;
    /** RMS of a full-scale square wave, the 0 dBov reference (RFC 6465 appendix A). */
    private static final double FULL_SCALE = 32767.0;

    private OpusFrames() {
    }

    /** A new mono decoder at 48 kHz. */
    public static OpusDecoder decoder() {
        try {
            return new OpusDecoder(OpusToc.RTP_CLOCK_RATE_HZ, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("concentus refused 48 kHz mono", e);
        }
    }

    /**
     * Decodes one Opus packet.
     *
     * @return the PCM samples (48 kHz, 16-bit), as many as the packet's TOC says (960 for 20 ms)
     * @throws IllegalArgumentException when the packet is malformed (concentus' OpusException)
     */
    public static short[] decode(OpusDecoder decoder, byte[] packet, int offset, int length) {
        short[] pcm = new short[OpusToc.MAX_PACKET_SAMPLES];
        try {
            int samples = decoder.decode(packet, offset, length, pcm, 0, OpusToc.MAX_PACKET_SAMPLES, false);
            return Arrays.copyOf(pcm, samples);
        } catch (OpusException e) {
            throw new IllegalArgumentException("Opus packet not decodable: " + e.getMessage(), e);
        }
    }

    /** Packet loss concealment for one missing frame of {@code samples} samples (48 kHz). */
    public static short[] conceal(OpusDecoder decoder, int samples) {
        short[] pcm = new short[samples];
        try {
            decoder.decode(null, 0, 0, pcm, 0, samples, false);
        } catch (OpusException e) {
            throw new IllegalStateException("concealment failed: " + e.getMessage(), e);
        }
        return pcm;
    }

    /**
     * The RFC 6464 audio level of a frame (section 3): its RMS in -dBov (0 loudest, 127 silence),
     * 0 dBov being the RMS of a full-scale square wave (RFC 6465 appendix A), with the V bit set when
     * the level is under {@link #VOICE_THRESHOLD_DBOV} (a simple energy voice detector).
     *
     * @return the raw byte for {@link io.roomcast.media.rtp.RtpWriter}
     */
    public static int audioLevel(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        double rms = pcm.length == 0 ? 0 : Math.sqrt(sum / pcm.length);
        int level = rms <= 0 ? AudioLevel.SILENCE : (int) Math.round(-20 * Math.log10(rms / FULL_SCALE));
        level = Math.clamp(level, 0, AudioLevel.SILENCE);
        return AudioLevel.of(level, level < VOICE_THRESHOLD_DBOV);
    }
}
