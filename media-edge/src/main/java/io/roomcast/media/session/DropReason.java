package io.roomcast.media.session;

import io.roomcast.media.rtp.RtpStatus;
import java.util.Locale;

/**
 * Why the edge dropped a datagram (the {@code reason} tag of {@code roomcast_media_dropped_total}).
 * A dropped datagram changes nothing: no binding, no forwarding state, no reply (except binding errors).
 */
public enum DropReason {
    /** RTP shorter than a field it announces ({@link RtpStatus#TRUNCATED}). */
    TRUNCATED,
    /** RTP version other than 2, or a first byte no protocol on the port uses ({@link RtpStatus#WRONG_VERSION}). */
    WRONG_VERSION,
    /** RTP padding count 0 or past the header ({@link RtpStatus#BAD_PADDING}). */
    BAD_PADDING,
    /** RTP extension length past the packet or an RFC 8285 element past its block ({@link RtpStatus#BAD_EXTENSION_LENGTH}). */
    BAD_EXTENSION_LENGTH,
    /** Over the maximum packet size (bytes), RTP, RTCP or STUN. */
    OVERSIZED,
    /** RTCP compound that fails RFC 3550 appendix A.2's checks. */
    RTCP_MALFORMED,
    /** STUN that is not a well-formed binding request (responses and indications included). */
    STUN_MALFORMED,
    /** A protocol the socket does not take: DTLS on a relay uplink. */
    UNSUPPORTED_PROTOCOL,
    /** An ICE check (STUN with USERNAME and MESSAGE-INTEGRITY) naming no WebRTC session, or with a wrong password. */
    ICE_UNAUTHORIZED,
    /** DTLS from an address no ICE check of a WebRTC session came from. */
    DTLS_UNBOUND,
    /** A DTLS handshake that failed (no common SRTP profile, certificate not matching the SDP fingerprint, timeout). */
    DTLS_FAILED,
    /** SRTP or SRTCP from a WebRTC peer before its DTLS handshake gave keys. */
    SRTP_NOT_READY,
    /** SRTP or SRTCP whose authentication tag does not verify (RFC 3711 section 3.4), or that does not parse. */
    SRTP_AUTH_FAILED,
    /** SRTP or SRTCP with an index already received or too old for the replay window (RFC 3711 section 3.3.2). */
    SRTP_REPLAYED,
    /** From an address no participant bound, with an SSRC no one bound. */
    UNBOUND_SOURCE,
    /** From a bound address, with an SSRC no one bound. */
    UNKNOWN_SSRC,
    /** With a bound SSRC from an address other than the one it was bound from. */
    SPOOFED_ADDRESS,
    /** From a participant whose media token expired (unbound at the next sweep). */
    EXPIRED,
    /** Over the sender's packet-rate limit (packets/s). */
    RATE_LIMITED,
    /** A binding request over its source address's limit (requests/s), dropped before its token is checked. */
    BINDING_RATE_LIMITED,
    /** From a participant who is not a current unmuted speaker (listener, demoted, muted). */
    NOT_SPEAKER,
    /** From a speaker outside the N loudest of its room (RFC 6464 levels). */
    NOT_LOUDEST,
    /** RTP from a participant bound on a relay edge of its room: speakers publish to the room's origin edge. */
    NOT_ORIGIN,
    /** A datagram on a relay uplink from an address other than the room's origin edge. */
    NOT_FROM_ORIGIN,
    /** A copy for one listener not sent because the socket's send buffer was full. */
    BACKPRESSURE;

    /** Lower-case name, the metric tag value, e.g. {@code spoofed_address}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The drop reason of an RTP parse outcome other than VALID. */
    public static DropReason of(RtpStatus status) {
        return switch (status) {
            case TRUNCATED -> TRUNCATED;
            case WRONG_VERSION -> WRONG_VERSION;
            case BAD_PADDING -> BAD_PADDING;
            case BAD_EXTENSION_LENGTH -> BAD_EXTENSION_LENGTH;
            case OVERSIZED -> OVERSIZED;
            case VALID -> throw new IllegalArgumentException("a valid packet is not dropped for its format");
        };
    }
}
