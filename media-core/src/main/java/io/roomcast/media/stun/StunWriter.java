package io.roomcast.media.stun;

import static io.roomcast.media.wire.NetworkOrder.put16;
import static io.roomcast.media.wire.NetworkOrder.put32;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes STUN messages (RFC 8489): the edge's binding responses, and the binding request a client
 * sends (load generators, tests). Each method returns a new array: these are rare next to media packets.
 */
public final class StunWriter {
    private static final int ATTRIBUTE_HEADER_BYTES = 4;
    private static final int IPV4 = 0x01;
    private static final int IPV6 = 0x02;
    private static final int MAX_REASON_BYTES = 763;

    private StunWriter() {
    }

    /**
     * A Binding Request with the media token and SSRC attributes (docs/media-protocol.md).
     *
     * @param transactionId 12 random bytes (section 5), echoed by the response
     * @throws IllegalArgumentException for a transaction id that is not 12 bytes
     */
    public static byte[] bindingRequest(byte[] transactionId, String token, int ssrc) {
        byte[] text = token.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = message(Stun.BINDING_REQUEST, transactionId, attributeBytes(text.length) + attributeBytes(4));
        int at = attribute(buf, Stun.HEADER_BYTES, Stun.MEDIA_TOKEN, text);
        attribute(buf, at, Stun.SSRC, int32(ssrc));
        return buf.array();
    }

    /**
     * A Binding Success Response: XOR-MAPPED-ADDRESS (section 14.2: the participant's address as the
     * edge saw it, port XOR the cookie's top 16 bits, address XOR the cookie, and for IPv6 the
     * transaction id too) and {@link Stun#BINDING_LIFETIME} in seconds.
     *
     * @param address 4 (IPv4) or 16 (IPv6) bytes, network order
     * @param port UDP port, 0..65535
     * @param lifetimeSeconds seconds until the binding expires, 0 or more
     * @throws IllegalArgumentException for an address of another length or a bad transaction id
     */
    public static byte[] bindingSuccess(byte[] transactionId, byte[] address, int port, long lifetimeSeconds) {
        byte[] mapped = xorMapped(transactionId, address, port);
        byte[] lifetime = int32((int) Math.min(lifetimeSeconds, Integer.MAX_VALUE));
        ByteBuffer buf = message(Stun.BINDING_SUCCESS, transactionId, attributeBytes(mapped.length) + attributeBytes(4));
        int at = attribute(buf, Stun.HEADER_BYTES, Stun.XOR_MAPPED_ADDRESS, mapped);
        attribute(buf, at, Stun.BINDING_LIFETIME, lifetime);
        return buf.array();
    }

    /**
     * A Binding Error Response with ERROR-CODE (section 14.8: class = code / 100, number = code % 100,
     * then the reason phrase in UTF-8, at most 763 bytes).
     *
     * @param code 300..699, e.g. {@link Stun#UNAUTHENTICATED}
     * @throws IllegalArgumentException for a code out of range or a reason over 763 bytes
     */
    public static byte[] bindingError(byte[] transactionId, int code, String reason) {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code must be 300..699, was " + code);
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("reason phrase over 763 bytes");
        }
        byte[] value = new byte[4 + text.length];
        value[2] = (byte) (code / 100);
        value[3] = (byte) (code % 100);
        System.arraycopy(text, 0, value, 4, text.length);
        ByteBuffer buf = message(Stun.BINDING_ERROR, transactionId, attributeBytes(value.length));
        attribute(buf, Stun.HEADER_BYTES, Stun.ERROR_CODE, value);
        return buf.array();
    }

    /**
     * The value of XOR-MAPPED-ADDRESS (section 14.2) for {@code address}:{@code port}.
     *
     * @throws IllegalArgumentException for an address that is not 4 or 16 bytes
     */
    static byte[] xorMapped(byte[] transactionId, byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, was " + address.length);
        }
        byte[] mapped = new byte[4 + address.length];
        mapped[1] = (byte) (address.length == 4 ? IPV4 : IPV6);
        int xport = port ^ (Stun.MAGIC_COOKIE >>> 16);
        mapped[2] = (byte) (xport >>> 8);
        mapped[3] = (byte) xport;
        byte[] mask = int32(Stun.MAGIC_COOKIE);
        for (int i = 0; i < address.length; i++) {
            mapped[4 + i] = (byte) (address[i] ^ (i < 4 ? mask[i] : transactionId[i - 4]));
        }
        return mapped;
    }

    private static int attributeBytes(int valueLength) {
        return ATTRIBUTE_HEADER_BYTES + Stun.padded(valueLength);
    }

    private static ByteBuffer message(int type, byte[] transactionId, int bodyLength) {
        if (transactionId == null || transactionId.length != Stun.TRANSACTION_ID_BYTES) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(Stun.HEADER_BYTES + bodyLength);
        put16(buf, 0, type);
        put16(buf, 2, bodyLength);
        put32(buf, 4, Stun.MAGIC_COOKIE);
        buf.put(8, transactionId);
        return buf;
    }

    /** Writes one attribute at {@code at} (padding stays zero) and returns where the next one starts. */
    private static int attribute(ByteBuffer buf, int at, int type, byte[] value) {
        put16(buf, at, type);
        put16(buf, at + 2, value.length);
        buf.put(at + ATTRIBUTE_HEADER_BYTES, value);
        return at + attributeBytes(value.length);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
