package io.roomcast.media.stun;

import static io.roomcast.media.wire.NetworkOrder.i32;
import static io.roomcast.media.wire.NetworkOrder.u16;
import static io.roomcast.media.wire.NetworkOrder.u32;
import static io.roomcast.media.wire.NetworkOrder.u8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The edge's answer to a binding request, as a client reads it (load generators, tests).
 *
 * @param success true for a Binding Success Response, false for an Error Response
 * @param transactionId the 12-byte transaction id, echoing the request's
 * @param errorCode ERROR-CODE (RFC 8489 section 14.8) as class × 100 + number, 0 on success
 * @param reason the error's reason phrase, "" on success
 * @param mappedPort the port of XOR-MAPPED-ADDRESS (section 14.2), -1 if absent
 * @param lifetimeSeconds {@link Stun#BINDING_LIFETIME}, -1 if absent
 */
public record BindingResponse(boolean success, byte[] transactionId, int errorCode, String reason, int mappedPort,
                              long lifetimeSeconds) {

    /**
     * Reads a binding response.
     *
     * @return the response, or null when the datagram is not a well-formed Binding Success or Error Response
     */
    public static BindingResponse parse(byte[] datagram, int length) {
        ByteBuffer buf = ByteBuffer.wrap(datagram, 0, length);
        if (length < Stun.HEADER_BYTES || i32(buf, 4) != Stun.MAGIC_COOKIE
            || u16(buf, 2) + Stun.HEADER_BYTES != length) {
            return null;
        }
        int type = u16(buf, 0);
        if (type != Stun.BINDING_SUCCESS && type != Stun.BINDING_ERROR) {
            return null;
        }
        byte[] transactionId = new byte[Stun.TRANSACTION_ID_BYTES];
        buf.get(8, transactionId);
        int errorCode = 0;
        String reason = "";
        int port = -1;
        long lifetime = -1;
        for (int at = Stun.HEADER_BYTES; at + 4 <= length; ) {
            int attribute = u16(buf, at);
            int valueLength = u16(buf, at + 2);
            int value = at + 4;
            if (value + valueLength > length) {
                return null;
            }
            if (attribute == Stun.ERROR_CODE && valueLength >= 4) {
                errorCode = (u8(buf, value + 2) & 0x07) * 100 + u8(buf, value + 3);
                reason = new String(datagram, value + 4, valueLength - 4, StandardCharsets.UTF_8);
            } else if (attribute == Stun.XOR_MAPPED_ADDRESS && valueLength >= 4) {
                port = u16(buf, value + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
            } else if (attribute == Stun.BINDING_LIFETIME && valueLength == 4) {
                lifetime = u32(buf, value);
            }
            at = value + Stun.padded(valueLength);
        }
        return new BindingResponse(type == Stun.BINDING_SUCCESS, transactionId, errorCode, reason, port, lifetime);
    }
}
