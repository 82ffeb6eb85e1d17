package io.roomcast.media.rtp;

/**
 * The client-to-mixer audio level of RFC 6464 (section 3): one byte, V bit (voice activity, 0x80) and
 * a 7-bit level 0..127 meaning 0 to -127 dBov (0 is loudest, 127 is silence or quieter). Carried as an
 * RFC 8285 header extension whose id is negotiated (SDP {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}).
 * Values are passed around as the raw byte in an int, -1 meaning "no level in this packet", so the
 * forwarding path allocates nothing.
 */
public final class AudioLevel {
    /** Raw value for "the packet carries no audio level". */
    public static final int ABSENT = -1;
    /** The quietest level, -127 dBov (RFC 6464 section 3: also used for digital silence). */
    public static final int SILENCE = 127;
    private static final int VOICE_BIT = 0x80;
    private static final int LEVEL_MASK = 0x7F;

    private AudioLevel() {
    }

    /** The raw byte for a level 0..127 (-dBov) and the V bit; levels outside 0..127 are clamped. */
    public static int of(int levelMinusDbov, boolean voice) {
        int level = Math.clamp(levelMinusDbov, 0, SILENCE);
        return voice ? level | VOICE_BIT : level;
    }

    /** Level 0..127 in -dBov of a raw value (not {@link #ABSENT}). */
    public static int level(int raw) {
        return raw & LEVEL_MASK;
    }

    /** The V bit of a raw value (not {@link #ABSENT}): the sender's voice activity detector said voice. */
    public static boolean voice(int raw) {
        return (raw & VOICE_BIT) != 0;
    }
}
