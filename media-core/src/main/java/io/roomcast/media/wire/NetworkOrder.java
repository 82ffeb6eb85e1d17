package io.roomcast.media.wire;

import java.nio.ByteBuffer;

/**
 * Big-endian ("network byte order", RFC 791 appendix B) reads and writes at absolute indexes of a
 * {@link ByteBuffer}, independent of the buffer's own {@link ByteBuffer#order()} and position, so one
 * receive buffer can be parsed in place without slicing. Works on heap and direct buffers alike.
 * Indexes are not checked beyond what {@link ByteBuffer#get(int)} checks: callers check lengths first.
 */
public final class NetworkOrder {
    private NetworkOrder() {
    }

    /** The unsigned byte at {@code index}, 0..255. */
    public static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    /** The unsigned 16-bit value at {@code index}, 0..65535. */
    public static int u16(ByteBuffer buf, int index) {
        return (u8(buf, index) << 8) | u8(buf, index + 1);
    }

    /** The unsigned 24-bit value at {@code index}, 0..16777215. */
    public static int u24(ByteBuffer buf, int index) {
        return (u8(buf, index) << 16) | u16(buf, index + 1);
    }

    /** The 32 bits at {@code index} as an int (raw bits: SSRCs, RTP timestamps). */
    public static int i32(ByteBuffer buf, int index) {
        return (u16(buf, index) << 16) | u16(buf, index + 2);
    }

    /** The unsigned 32-bit value at {@code index}, 0..2^32-1 (counters, NTP halves). */
    public static long u32(ByteBuffer buf, int index) {
        return i32(buf, index) & 0xFFFF_FFFFL;
    }

    /** Writes the low 16 bits of {@code value} at {@code index}. */
    public static void put16(ByteBuffer buf, int index, int value) {
        buf.put(index, (byte) (value >>> 8));
        buf.put(index + 1, (byte) value);
    }

    /** Writes the low 24 bits of {@code value} at {@code index}. */
    public static void put24(ByteBuffer buf, int index, int value) {
        buf.put(index, (byte) (value >>> 16));
        put16(buf, index + 1, value);
    }

    /** Writes the low 32 bits of {@code value} at {@code index}. */
    public static void put32(ByteBuffer buf, int index, long value) {
        put16(buf, index, (int) (value >>> 16));
        put16(buf, index + 2, (int) value);
    }
}
