package io.roomcast.media.webrtc;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One WebRTC peer's SRTP and SRTCP (RFC 3711, RFC 7714) through jitsi-srtp: unprotects what the peer
 * sends with the client's keys, protects what the edge sends with the server's (the edge is the DTLS
 * server). One crypto context per SSRC, derived on first use (at most {@code maxSsrcs} per direction:
 * more is refused). Methods are synchronized: ingress runs on the peer's socket thread, egress on
 * whichever forwarding thread carries a speaker's packet.
 */
final class SrtpTransformer {
    /** Why unprotecting failed (negative results of the unprotect methods). */
    static final int AUTH_FAILED = -1;
    static final int REPLAYED = -2;

    private final SrtpContextFactory in;
    private final SrtpContextFactory out;
    private final Map<Integer, SrtpCryptoContext> inRtp = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> inRtcp = new HashMap<>();
    private final Map<Integer, SrtpCryptoContext> outRtp = new HashMap<>();
    private final int maxSsrcs;
    private final int tagBytes;

    SrtpTransformer(SrtpKeys keys, int maxSsrcs) {
        LoggerImpl logger = new LoggerImpl(SrtpTransformer.class.getName());
        this.in = new SrtpContextFactory(false, keys.clientKey(), keys.clientSalt(), keys.profile().policy(),
            keys.profile().policy(), logger);
        this.out = new SrtpContextFactory(true, keys.serverKey(), keys.serverSalt(), keys.profile().policy(),
            keys.profile().policy(), logger);
        this.maxSsrcs = maxSsrcs;
        this.tagBytes = keys.profile().policy().getAuthTagLength();
    }

    /**
     * Protects one packet with throwaway keys of every profile, so that jitsi-srtp picks its AES implementation
     * now. It benchmarks OpenSSL, SunJCE and Bouncy Castle on the first cipher of each kind it makes (about 2 s,
     * logged as "AES benchmark"); made by a listener's first copy, that stalled a forwarding thread 2,455 ms in
     * a demo and the browser listener concealed 4.7 % of its audio. Call once at start-up, before serving.
     */
    static void warmUp() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[] key = new byte[profile.keyBytes()];
            byte[] salt = new byte[profile.saltBytes()];
            SrtpTransformer t = new SrtpTransformer(new SrtpKeys(profile, key, salt, key, salt), 1);
            byte[] packet = new byte[12 + 20 + t.tagBytes()];
            packet[0] = (byte) 0x80;
            if (t.protectRtp(packet, packet.length - t.tagBytes()) < 0) {
                throw new IllegalStateException("SRTP (" + profile + ") cannot protect a packet");
            }
            t.close();
        }
    }

    /** Bytes SRTP adds to an RTP packet (the tag). */
    int tagBytes() {
        return tagBytes;
    }

    /**
     * Unprotects an SRTP packet in place.
     *
     * @return the plain packet's length, or {@link #AUTH_FAILED} / {@link #REPLAYED}
     */
    synchronized int unprotectRtp(byte[] packet, int length) {
        if (length < 12 + tagBytes) {
            return AUTH_FAILED;
        }
        int ssrc = int32(packet, 8);
        try {
            SrtpCryptoContext context = inRtp.get(ssrc);
            if (context == null) {
                if (inRtp.size() >= maxSsrcs) {
                    return AUTH_FAILED;
                }
                context = in.deriveContext(ssrc, 0);
                inRtp.put(ssrc, context);
            }
            PacketBytes bytes = new PacketBytes(packet, 0, length);
            return result(context.reverseTransformPacket(bytes, false), bytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return AUTH_FAILED;
        }
    }

    /**
     * Unprotects an SRTCP compound in place.
     *
     * @return the plain compound's length, or {@link #AUTH_FAILED} / {@link #REPLAYED}
     */
    synchronized int unprotectRtcp(byte[] packet, int length) {
        if (length < 8 + 4 + tagBytes) {
            return AUTH_FAILED;
        }
        int ssrc = int32(packet, 4);
        try {
            SrtcpCryptoContext context = inRtcp.get(ssrc);
            if (context == null) {
                if (inRtcp.size() >= maxSsrcs) {
                    return AUTH_FAILED;
                }
                context = in.deriveControlContext(ssrc);
                inRtcp.put(ssrc, context);
            }
            PacketBytes bytes = new PacketBytes(packet, 0, length);
            return result(context.reverseTransformPacket(bytes), bytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return AUTH_FAILED;
        }
    }

    /**
     * Protects a plain RTP packet: {@code packet} must have {@link #tagBytes()} spare bytes after {@code length}.
     *
     * @return the SRTP packet's length, or -1 when it could not be protected
     */
    synchronized int protectRtp(byte[] packet, int length) {
        int ssrc = int32(packet, 8);
        try {
            SrtpCryptoContext context = outRtp.get(ssrc);
            if (context == null) {
                if (outRtp.size() >= maxSsrcs) {
                    return -1;
                }
                context = out.deriveContext(ssrc, 0);
                outRtp.put(ssrc, context);
            }
            PacketBytes bytes = new PacketBytes(packet, 0, length);
            SrtpErrorStatus status = context.transformPacket(bytes);
            return status == SrtpErrorStatus.OK && bytes.getBuffer() == packet ? bytes.getLength() : -1;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }

    /** Ends the contexts (native cipher state). */
    synchronized void close() {
        in.close();
        out.close();
    }

    private static int result(SrtpErrorStatus status, PacketBytes bytes) {
        return switch (status) {
            case OK -> bytes.getBuffer().length >= bytes.getLength() ? bytes.getLength() : AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> REPLAYED;
            default -> AUTH_FAILED;
        };
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
