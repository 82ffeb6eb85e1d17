package io.roomcast.media.rtp;

/**
 * The outcome of {@link RtpPacket#parse}: {@link #VALID}, or why the datagram is not an RTP packet
 * the edge accepts. The edge drops and counts every packet that is not valid (one counter per reason).
 */
public enum RtpStatus {
    /** A well-formed RTP packet; the view's accessors describe it. */
    VALID,
    /**
     * Shorter than a field it announces: below the 12-byte fixed header, CSRC count past the end,
     * or an extension bit without the 4-byte extension header (RFC 3550 section 5.1, 5.3.1).
     */
    TRUNCATED,
    /** Version field other than 2 (RFC 3550 section 5.1; appendix A.1 checks it first). */
    WRONG_VERSION,
    /**
     * P bit set but the last octet's padding count is 0 or larger than what follows the header
     * (RFC 3550 section 5.1: the count includes itself; appendix A.1).
     */
    BAD_PADDING,
    /**
     * The extension's length (32-bit words) runs past the end of the packet or into the padding
     * (RFC 3550 section 5.3.1), or an RFC 8285 element's length runs past the extension block.
     */
    BAD_EXTENSION_LENGTH,
    /** Longer than the configured maximum packet size (bytes), checked before anything else. */
    OVERSIZED
}
