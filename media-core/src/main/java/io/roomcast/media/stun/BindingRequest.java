package io.roomcast.media.stun;

import static io.roomcast.media.wire.NetworkOrder.i32;
import static io.roomcast.media.wire.NetworkOrder.u16;
import static io.roomcast.media.wire.NetworkOrder.u8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Roomcast binding request (docs/media-protocol.md): a STUN Binding Request (RFC 8489 section 5)
 * with a {@link Stun#MEDIA_TOKEN} and an {@link Stun#SSRC} attribute. {@link #parse} checks the header
 * (two zero bits, magic cookie, length a multiple of 4 matching the datagram), walks the attributes
 * (each must fit; padding to 4 bytes), and takes the first token and SSRC. Binding requests are rare
 * next to media packets: parsing allocates the token string and the transaction id. Not thread-safe.
 */
public final class BindingRequest {
    private static final int ATTRIBUTE_HEADER_BYTES = 4;
    private static final int SSRC_BYTES = 4;

    private final int maxPacketBytes;
    private byte[] transactionId;
    private String token;
    private int ssrc;

    /** A parser that refuses datagrams over {@code maxPacketBytes} bytes as {@link StunStatus#OVERSIZED}. */
    public BindingRequest(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /**
     * Parses the {@code length} bytes at absolute index {@code offset}; never throws for any content.
     *
     * @return {@link StunStatus#VALID}, or the first rule the datagram breaks; {@link #transactionId()}
     *     is set whenever the header is well-formed, so errors can be answered
     */
    public StunStatus parse(ByteBuffer buf, int offset, int length) {
        transactionId = null;
        token = null;
        if (length > maxPacketBytes) {
            return StunStatus.OVERSIZED;
        }
        if (length < Stun.HEADER_BYTES || (u8(buf, offset) & 0xC0) != 0 || i32(buf, offset + 4) != Stun.MAGIC_COOKIE) {
            return StunStatus.MALFORMED;
        }
        int bodyLength = u16(buf, offset + 2);
        if ((bodyLength & 3) != 0 || bodyLength + Stun.HEADER_BYTES != length) {
            return StunStatus.MALFORMED;
        }
        transactionId = new byte[Stun.TRANSACTION_ID_BYTES];
        buf.get(offset + 8, transactionId);
        if (u16(buf, offset) != Stun.BINDING_REQUEST) {
            return StunStatus.NOT_BINDING_REQUEST;
        }
        boolean ssrcSeen = false;
        int end = offset + length;
        for (int at = offset + Stun.HEADER_BYTES; at < end; ) {
            if (at + ATTRIBUTE_HEADER_BYTES > end) {
                return StunStatus.BAD_ATTRIBUTE_LENGTH;
            }
            int type = u16(buf, at);
            int valueLength = u16(buf, at + 2);
            int value = at + ATTRIBUTE_HEADER_BYTES;
            if (value + valueLength > end) {
                return StunStatus.BAD_ATTRIBUTE_LENGTH;
            }
            if (type == Stun.MEDIA_TOKEN && token == null) {
                byte[] text = new byte[valueLength];
                buf.get(value, text);
                token = new String(text, StandardCharsets.UTF_8);
            } else if (type == Stun.SSRC && !ssrcSeen) {
                if (valueLength != SSRC_BYTES) {
                    return StunStatus.MISSING_ATTRIBUTE;
                }
                ssrc = i32(buf, value);
                ssrcSeen = true;
            } else if (type < Stun.FIRST_OPTIONAL_ATTRIBUTE && !knownRequired(type)) {
                return StunStatus.UNKNOWN_ATTRIBUTE;
            }
            at = value + Stun.padded(valueLength);
        }
        return token != null && ssrcSeen ? StunStatus.VALID : StunStatus.MISSING_ATTRIBUTE;
    }

    /** Comprehension-required attributes a binding request may carry that the edge knows (and ignores). */
    private static boolean knownRequired(int type) {
        return type == Stun.USERNAME || type == Stun.MESSAGE_INTEGRITY || type == Stun.MESSAGE_INTEGRITY_SHA256;
    }

    /** The 12-byte transaction id (a copy), or null when the header was not well-formed. */
    public byte[] transactionId() {
        return transactionId;
    }

    /** The media token (compact JWT); valid after {@link StunStatus#VALID}. */
    public String token() {
        return token;
    }

    /** The SSRC the participant sends with, raw 32 bits; valid after {@link StunStatus#VALID}. */
    public int ssrc() {
        return ssrc;
    }
}
