package io.roomcast.media.rtcp;

/** The outcome of {@link RtcpReader#reset}: {@link #VALID}, or why the compound packet is refused. */
public enum RtcpStatus {
    /** Every packet of the compound is well-formed; iterate with {@link RtcpReader#next()}. */
    VALID,
    /** Shorter than a 4-byte common header, or than the 8 bytes that name the sender. */
    TRUNCATED,
    /** A packet whose version field is not 2 (RFC 3550 section 6.4.1, appendix A.2). */
    WRONG_VERSION,
    /**
     * A packet's length field (32-bit words minus one) runs past the end of the datagram, or its
     * contents do not fit it: report blocks (24 bytes each) of SR/RR, SSRCs of BYE (section 6.4, 6.6).
     */
    BAD_LENGTH,
    /** P bit on a packet other than the last, or a padding count of 0 or past the packet (A.2). */
    BAD_PADDING,
    /** The first packet is neither SR nor RR (section 6.1, appendix A.2). */
    NOT_REPORT_FIRST,
    /** Longer than the configured maximum packet size (bytes). */
    OVERSIZED
}
