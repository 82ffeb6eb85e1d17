package io.roomcast.media.rtcp;

/** RTCP packet type numbers (the PT field). */
public final class RtcpPacketType {
    /** Sender Report, RFC 3550 section 6.4.1. */
    public static final int SR = 200;
    /** Receiver Report, RFC 3550 section 6.4.2. */
    public static final int RR = 201;
    /** Source Description, RFC 3550 section 6.5. */
    public static final int SDES = 202;
    /** Goodbye, RFC 3550 section 6.6. */
    public static final int BYE = 203;
    /** Application-defined, RFC 3550 section 6.7. */
    public static final int APP = 204;
    /** Transport-layer feedback (e.g. NACK), RFC 4585 section 6.2. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 section 6.3. */
    public static final int PSFB = 206;

    private RtcpPacketType() {
    }
}
