package io.roomcast.media.stun;

/**
 * STUN constants (RFC 8489) and Roomcast's attributes. Roomcast's attribute types lie in the
 * comprehension-optional range 0x8000-0xFFFF (section 14: a STUN agent that does not know them
 * ignores them), in a block IANA has not assigned.
 */
public final class Stun {
    /** Bytes of the STUN header (section 5). */
    public static final int HEADER_BYTES = 20;
    /** The magic cookie, fixed (section 5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Bytes of the transaction id (section 5). */
    public static final int TRANSACTION_ID_BYTES = 12;
    /** Binding Request: method 0x001, class request (section 5, 18.2). */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding Success Response. */
    public static final int BINDING_SUCCESS = 0x0101;
    /** Binding Error Response. */
    public static final int BINDING_ERROR = 0x0111;
    /** ERROR-CODE attribute (section 14.8). */
    public static final int ERROR_CODE = 0x0009;
    /** XOR-MAPPED-ADDRESS attribute (section 14.2). */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** USERNAME (section 14.3), MESSAGE-INTEGRITY (14.5), MESSAGE-INTEGRITY-SHA256 (14.6), known and ignored. */
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    /** Roomcast: the media token, a compact JWT in UTF-8 (docs/media-protocol.md). */
    public static final int MEDIA_TOKEN = 0xC0A1;
    /** Roomcast: the SSRC the participant sends RTP and RTCP with, 4 bytes, network order. */
    public static final int SSRC = 0xC0A2;
    /** Roomcast, in success responses: seconds until the binding expires (the token's exp), 4 bytes. */
    public static final int BINDING_LIFETIME = 0xC0A3;
    /** Lowest comprehension-optional attribute type (section 14). */
    public static final int FIRST_OPTIONAL_ATTRIBUTE = 0x8000;
    /** The 420 Unknown Attribute, 400 Bad Request and 401 Unauthenticated error codes (section 14.8). */
    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHENTICATED = 401;
    public static final int UNKNOWN_ATTRIBUTE = 420;
    /** 403 Forbidden: a valid request refused by policy (RFC 8656 section 18; here a revoked media token). */
    public static final int FORBIDDEN = 403;

    private Stun() {
    }

    /**
     * Whether a datagram's first byte says STUN (RFC 7983 section 7: 0..3); 20..63 is DTLS, 128..191
     * RTP/RTCP.
     */
    public static boolean isStun(int firstByte) {
        return firstByte >= 0 && firstByte <= 3;
    }

    /** Whether a datagram's first byte says DTLS (RFC 7983 section 7: 20..63). */
    public static boolean isDtls(int firstByte) {
        return firstByte >= 20 && firstByte <= 63;
    }

    /** Attribute value length rounded up to the 4-byte boundary attributes are padded to (section 14). */
    static int padded(int length) {
        return (length + 3) & ~3;
    }
}
