package io.roomcast.media.rtcp;

import java.nio.ByteBuffer;

/**
 * Tells RTCP from RTP on one port (rtcp-mux, RFC 5761 section 4): an RTCP packet's second byte is its
 * packet type, 192..223 in practice (SR 200 to PSFB 206 and neighbours), which as an RTP M bit plus
 * payload type would be 64..95, a range RTP senders that multiplex must not use.
 */
public final class RtcpMux {
    private static final int FIRST_RTCP_TYPE = 192;
    private static final int LAST_RTCP_TYPE = 223;

    private RtcpMux() {
    }

    /** Whether the datagram of {@code length} bytes at absolute index {@code offset} is RTCP rather than RTP. */
    public static boolean isRtcp(ByteBuffer datagram, int offset, int length) {
        if (length < 2) {
            return false;
        }
        int type = datagram.get(offset + 1) & 0xFF;
        return type >= FIRST_RTCP_TYPE && type <= LAST_RTCP_TYPE;
    }
}
