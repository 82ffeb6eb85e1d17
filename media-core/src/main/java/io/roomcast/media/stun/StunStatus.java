package io.roomcast.media.stun;

/** The outcome of {@link BindingRequest#parse}: {@link #VALID}, or why the datagram is not a binding request the edge accepts. */
public enum StunStatus {
    /** A well-formed Binding Request with a media token and an SSRC. */
    VALID,
    /**
     * Not STUN at all (RFC 8489 section 5): shorter than the 20-byte header, top two bits not zero,
     * wrong magic cookie, or a length field that is not a multiple of 4 or disagrees with the datagram.
     */
    MALFORMED,
    /** An attribute's length runs past the message (section 14). */
    BAD_ATTRIBUTE_LENGTH,
    /** STUN, but not a Binding Request (an indication or response, or another method): ignored. */
    NOT_BINDING_REQUEST,
    /**
     * A comprehension-required attribute (type below 0x8000, section 14) the edge does not know;
     * answered with error 420 (section 15).
     */
    UNKNOWN_ATTRIBUTE,
    /** No MEDIA-TOKEN or no SSRC attribute, or an SSRC attribute that is not 4 bytes. */
    MISSING_ATTRIBUTE,
    /** Longer than the configured maximum packet size (bytes). */
    OVERSIZED
}
