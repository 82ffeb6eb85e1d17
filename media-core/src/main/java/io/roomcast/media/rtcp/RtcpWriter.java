package io.roomcast.media.rtcp;

import static io.roomcast.media.wire.NetworkOrder.put16;
import static io.roomcast.media.wire.NetworkOrder.put24;
import static io.roomcast.media.wire.NetworkOrder.put32;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the RTCP packets a receive-only participant sends (RFC 3550 section 6): a Receiver Report,
 * the SDES CNAME every compound packet must carry (section 6.1), and a BYE. Each method writes one
 * packet at an absolute index and returns its length in bytes (a multiple of 4); concatenate them for
 * a compound packet, RR first. Indexes past the buffer's limit throw {@link IndexOutOfBoundsException}.
 */
public final class RtcpWriter {
    /** Most report blocks, SSRCs or chunks one packet's 5-bit count can announce. */
    public static final int MAX_COUNT = 31;
    private static final int VERSION_BITS = 2 << 6;
    private static final int HEADER_BYTES = 4;
    private static final int WORD_BYTES = 4;
    private static final int SDES_CNAME = 1;
    private static final int MAX_TEXT_BYTES = 255;

    private RtcpWriter() {
    }

    /**
     * A Receiver Report (section 6.4.2) from {@code senderSsrc} with up to {@link #MAX_COUNT} blocks.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_COUNT} blocks
     */
    public static int writeReceiverReport(ByteBuffer dst, int offset, int senderSsrc, List<ReportBlock> blocks) {
        checkCount(blocks.size());
        int length = HEADER_BYTES + WORD_BYTES + blocks.size() * ReportBlock.BYTES;
        header(dst, offset, blocks.size(), RtcpPacketType.RR, length);
        put32(dst, offset + HEADER_BYTES, senderSsrc);
        int at = offset + HEADER_BYTES + WORD_BYTES;
        for (ReportBlock block : blocks) {
            put32(dst, at, block.ssrc());
            dst.put(at + 4, (byte) block.fractionLost());
            put24(dst, at + 5, block.cumulativeLost());
            put32(dst, at + 8, block.extendedHighestSequence());
            put32(dst, at + 12, block.jitter());
            put32(dst, at + 16, block.lastSr());
            put32(dst, at + 20, block.delaySinceLastSr());
            at += ReportBlock.BYTES;
        }
        return length;
    }

    /**
     * An SDES packet (section 6.5) with one chunk: {@code ssrc} and its CNAME item (UTF-8, up to 255 bytes),
     * ended by a null item and padded with nulls to a 32-bit boundary.
     *
     * @throws IllegalArgumentException for a CNAME over 255 bytes in UTF-8
     */
    public static int writeSdesCname(ByteBuffer dst, int offset, int ssrc, String cname) {
        byte[] text = utf8(cname);
        int chunk = WORD_BYTES + 2 + text.length;
        int length = HEADER_BYTES + (chunk / WORD_BYTES + 1) * WORD_BYTES;
        header(dst, offset, 1, RtcpPacketType.SDES, length);
        put32(dst, offset + HEADER_BYTES, ssrc);
        int at = offset + HEADER_BYTES + WORD_BYTES;
        dst.put(at, (byte) SDES_CNAME);
        dst.put(at + 1, (byte) text.length);
        dst.put(at + 2, text);
        zero(dst, at + 2 + text.length, offset + length);
        return length;
    }

    /**
     * A BYE packet (section 6.6) for {@code ssrcs}, with an optional reason (UTF-8, up to 255 bytes; null
     * for none), padded with nulls to a 32-bit boundary.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_COUNT} SSRCs or a reason over 255 bytes
     */
    public static int writeBye(ByteBuffer dst, int offset, int[] ssrcs, String reason) {
        checkCount(ssrcs.length);
        byte[] text = reason == null ? new byte[0] : utf8(reason);
        int reasonBytes = reason == null ? 0 : 1 + text.length;
        int body = ssrcs.length * WORD_BYTES + reasonBytes;
        int length = HEADER_BYTES + (body + WORD_BYTES - 1) / WORD_BYTES * WORD_BYTES;
        header(dst, offset, ssrcs.length, RtcpPacketType.BYE, length);
        int at = offset + HEADER_BYTES;
        for (int ssrc : ssrcs) {
            put32(dst, at, ssrc);
            at += WORD_BYTES;
        }
        if (reason != null) {
            dst.put(at, (byte) text.length);
            dst.put(at + 1, text);
            at += reasonBytes;
        }
        zero(dst, at, offset + length);
        return length;
    }

    /**
     * The compound a participant sends when it leaves (RFC 3550 section 6.6; a compound starts with an
     * SR or RR, section 6.1): an RR without blocks from {@code ssrc}, then a BYE for it.
     *
     * @return bytes written
     * @throws IllegalArgumentException for a reason over 255 bytes in UTF-8
     */
    public static int writeLeave(ByteBuffer dst, int offset, int ssrc, String reason) {
        int rr = writeReceiverReport(dst, offset, ssrc, List.of());
        return rr + writeBye(dst, offset + rr, new int[] {ssrc}, reason);
    }

    private static void header(ByteBuffer dst, int offset, int count, int type, int lengthBytes) {
        if (offset < 0 || offset + lengthBytes > dst.limit()) {
            throw new IndexOutOfBoundsException("RTCP packet of " + lengthBytes + " bytes does not fit at " + offset);
        }
        dst.put(offset, (byte) (VERSION_BITS | count));
        dst.put(offset + 1, (byte) type);
        put16(dst, offset + 2, lengthBytes / WORD_BYTES - 1);
    }

    private static void checkCount(int count) {
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_COUNT + " entries per RTCP packet, got " + count);
        }
    }

    private static byte[] utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("RTCP text over 255 bytes: " + bytes.length);
        }
        return bytes;
    }

    private static void zero(ByteBuffer dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst.put(i, (byte) 0);
        }
    }
}
