package io.roomcast.media.rtcp;

import static io.roomcast.media.wire.NetworkOrder.i32;
import static io.roomcast.media.wire.NetworkOrder.u16;
import static io.roomcast.media.wire.NetworkOrder.u24;
import static io.roomcast.media.wire.NetworkOrder.u32;
import static io.roomcast.media.wire.NetworkOrder.u8;

import io.roomcast.media.wire.ArrayWrapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable, allocation-free reader of compound RTCP packets (RFC 3550 section 6.1). {@link #reset}
 * validates the whole datagram as appendix A.2 does (version 2 everywhere, padding only on the last
 * packet, lengths adding up to the datagram, the first packet an SR or RR) and checks that SR, RR and
 * BYE contents fit their length; then {@link #next()} steps through the packets and the accessors read
 * the current one in place. Reduced-size RTCP (RFC 5506) is not accepted. Not thread-safe.
 *
 * <p>Units: SSRCs and RTP timestamps are raw 32 bits in an int; counters, jitter (RTP timestamp
 * units), LSR and DLSR (1/65536 s) are unsigned 32 bits in a long; the NTP timestamp is the raw 64 bits
 * (seconds since 1900 in the high half, fraction in the low half).
 */
public final class RtcpReader {
    private static final int HEADER_BYTES = 4;
    private static final int WORD_BYTES = 4;
    private static final int SENDER_INFO_BYTES = 24;
    private static final int SSRC_BYTES = 4;
    private static final int VERSION = 2;

    private final int maxPacketBytes;
    private final ArrayWrapper arrays = new ArrayWrapper();
    private ByteBuffer buf;
    private int end;
    private int current;
    private int nextStart;

    /** A reader that refuses datagrams over {@code maxPacketBytes} bytes as {@link RtcpStatus#OVERSIZED}. */
    public RtcpReader(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    /** {@link #reset(ByteBuffer, int, int)} over a byte array. */
    public RtcpStatus reset(byte[] array, int offset, int length) {
        return reset(arrays.wrap(array), offset, length);
    }

    /**
     * Validates the compound packet of {@code length} bytes at absolute index {@code offset}; never throws
     * for any content. When {@link RtcpStatus#VALID}, {@link #next()} then yields its packets in order;
     * otherwise {@link #next()} yields none.
     */
    public RtcpStatus reset(ByteBuffer buffer, int offset, int length) {
        this.buf = buffer;
        this.current = -1;
        this.nextStart = offset;
        this.end = offset;
        RtcpStatus status = validate(buffer, offset, length);
        if (status == RtcpStatus.VALID) {
            this.end = offset + length;
        }
        return status;
    }

    private RtcpStatus validate(ByteBuffer buffer, int offset, int length) {
        if (length > maxPacketBytes) {
            return RtcpStatus.OVERSIZED;
        }
        int limit = offset + length;
        int at = offset;
        do {
            if (at + HEADER_BYTES > limit) {
                return RtcpStatus.TRUNCATED;
            }
            int first = u8(buffer, at);
            if (first >>> 6 != VERSION) {
                return RtcpStatus.WRONG_VERSION;
            }
            int type = u8(buffer, at + 1);
            if (at == offset && type != RtcpPacketType.SR && type != RtcpPacketType.RR) {
                return RtcpStatus.NOT_REPORT_FIRST;
            }
            int packetEnd = at + (u16(buffer, at + 2) + 1) * WORD_BYTES;
            if (packetEnd > limit) {
                return RtcpStatus.BAD_LENGTH;
            }
            int contentEnd = packetEnd;
            if ((first & 0x20) != 0) {
                int padding = u8(buffer, packetEnd - 1);
                if (packetEnd != limit || padding == 0 || padding > packetEnd - at - HEADER_BYTES) {
                    return RtcpStatus.BAD_PADDING;
                }
                contentEnd -= padding;
            }
            if (minimumLength(buffer, at, type, first & 0x1F, contentEnd) > contentEnd - at) {
                return RtcpStatus.BAD_LENGTH;
            }
            at = packetEnd;
        } while (at < limit);
        return RtcpStatus.VALID;
    }

    /** Bytes a packet needs for what its header announces (0 for types not read here). */
    private static int minimumLength(ByteBuffer buffer, int at, int type, int count, int contentEnd) {
        return switch (type) {
            case RtcpPacketType.SR -> HEADER_BYTES + SENDER_INFO_BYTES + count * ReportBlock.BYTES;
            case RtcpPacketType.RR -> HEADER_BYTES + SSRC_BYTES + count * ReportBlock.BYTES;
            case RtcpPacketType.BYE -> {
                int ssrcEnd = at + HEADER_BYTES + count * SSRC_BYTES;
                int reasonBytes = ssrcEnd < contentEnd ? 1 + u8(buffer, ssrcEnd) : 0;
                yield ssrcEnd - at + reasonBytes;
            }
            default -> HEADER_BYTES;
        };
    }

    /** Moves to the next packet of the compound; false when there is none (or the last reset was not valid). */
    public boolean next() {
        if (nextStart >= end) {
            return false;
        }
        current = nextStart;
        nextStart = current + (u16(buf, current + 2) + 1) * WORD_BYTES;
        return true;
    }

    /** PT of the current packet (see {@link RtcpPacketType}). */
    public int packetType() {
        return u8(buf, current + 1);
    }

    /** The 5-bit count field: report blocks (SR, RR), sources (SDES, BYE), or a subtype (APP, feedback). */
    public int count() {
        return u8(buf, current) & 0x1F;
    }

    /** Length of the current packet in bytes, header and padding included. */
    public int packetLength() {
        return nextStart - current;
    }

    /** Absolute index just past the current packet's content, padding excluded. */
    private int contentEnd() {
        return (u8(buf, current) & 0x20) != 0 ? nextStart - u8(buf, nextStart - 1) : nextStart;
    }

    /** Absolute index of the current packet's first byte. */
    public int packetOffset() {
        return current;
    }

    /** SR, RR: SSRC of the packet's sender. */
    public int senderSsrc() {
        return i32(buf, current + HEADER_BYTES);
    }

    /** SR: the NTP timestamp (raw 64 bits) of the sender info. */
    public long ntpTimestamp() {
        return (u32(buf, current + 8) << 32) | u32(buf, current + 12);
    }

    /** SR: the middle 32 bits of the NTP timestamp, which a receiver echoes as LSR. */
    public long ntpMiddle32() {
        return (ntpTimestamp() >>> 16) & 0xFFFF_FFFFL;
    }

    /** SR: RTP timestamp of the same instant as the NTP timestamp, raw 32 bits. */
    public int rtpTimestamp() {
        return i32(buf, current + 16);
    }

    /** SR: packets sent since the sender started, unsigned 32 bits. */
    public long senderPacketCount() {
        return u32(buf, current + 20);
    }

    /** SR: payload octets sent since the sender started, unsigned 32 bits. */
    public long senderOctetCount() {
        return u32(buf, current + 24);
    }

    /** SR, RR: number of report blocks (the count field); 0 for other types. */
    public int reportBlockCount() {
        int type = packetType();
        return type == RtcpPacketType.SR || type == RtcpPacketType.RR ? count() : 0;
    }

    private int block(int index) {
        int first = current + HEADER_BYTES + (packetType() == RtcpPacketType.SR ? SENDER_INFO_BYTES : SSRC_BYTES);
        return first + index * ReportBlock.BYTES;
    }

    /** Report block {@code index}: SSRC of the source reported on. */
    public int reportSsrc(int index) {
        return i32(buf, block(index));
    }

    /** Report block {@code index}: fraction lost, 0..255 (lost/expected × 256). */
    public int fractionLost(int index) {
        return u8(buf, block(index) + 4);
    }

    /** Report block {@code index}: cumulative packets lost, signed 24 bits. */
    public int cumulativeLost(int index) {
        return (u24(buf, block(index) + 5) << 8) >> 8;
    }

    /** Report block {@code index}: extended highest sequence number received, unsigned 32 bits. */
    public long extendedHighestSequence(int index) {
        return u32(buf, block(index) + 8);
    }

    /** Report block {@code index}: interarrival jitter in RTP timestamp units, unsigned 32 bits. */
    public long jitter(int index) {
        return u32(buf, block(index) + 12);
    }

    /** Report block {@code index}: LSR, middle 32 bits of the last SR's NTP timestamp (0: none). */
    public long lastSr(int index) {
        return u32(buf, block(index) + 16);
    }

    /** Report block {@code index}: DLSR, delay since that SR in 1/65536 s (0: none). */
    public long delaySinceLastSr(int index) {
        return u32(buf, block(index) + 20);
    }

    /** Report block {@code index} as a record (allocates; for tests and slow paths). */
    public ReportBlock reportBlock(int index) {
        return new ReportBlock(reportSsrc(index), fractionLost(index), cumulativeLost(index),
            extendedHighestSequence(index), jitter(index), lastSr(index), delaySinceLastSr(index));
    }

    /** BYE: SSRC {@code index} (below {@link #count()}) of the sources leaving. */
    public int byeSsrc(int index) {
        return i32(buf, current + HEADER_BYTES + index * SSRC_BYTES);
    }

    /** BYE: the reason for leaving (UTF-8, RFC 3550 section 6.6), or null when the packet has none (allocates). */
    public String byeReason() {
        int at = current + HEADER_BYTES + count() * SSRC_BYTES;
        int reasonLength = at < contentEnd() ? u8(buf, at) : 0;
        if (reasonLength == 0) {
            return null;
        }
        byte[] text = new byte[reasonLength];
        buf.get(at + 1, text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
