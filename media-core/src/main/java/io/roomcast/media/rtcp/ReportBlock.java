package io.roomcast.media.rtcp;

/**
 * One reception report block of an SR or RR (RFC 3550 section 6.4.1), 24 bytes on the wire.
 *
 * @param ssrc the source this block reports on, raw 32 bits
 * @param fractionLost packets lost since the previous report / expected, times 256 (0..255)
 * @param cumulativeLost packets lost since reception began, signed 24 bits (-8388608..8388607;
 *     negative with duplicates)
 * @param extendedHighestSequence cycles × 65536 + highest sequence number received, unsigned 32 bits
 * @param jitter interarrival jitter in RTP timestamp units (48 kHz for Opus), unsigned 32 bits
 * @param lastSr LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none received
 * @param delaySinceLastSr DLSR: time since that SR in units of 1/65536 s, 0 if none received
 */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence, long jitter,
                          long lastSr, long delaySinceLastSr) {
    /** Bytes of a block on the wire. */
    public static final int BYTES = 24;
}
