package io.roomcast.media.opus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the packets of the first logical bitstream of an Ogg file held in memory (RFC 3533). Each page:
 * capture pattern "OggS", version 0, header type flags (0x01 continued packet, 0x02 first page, 0x04
 * last page), granule position (64-bit little-endian), serial number, page sequence number, CRC-32
 * (polynomial 0x04C11DB7, computed with the CRC field zeroed), segment count and lacing values.
 * A lacing value of 255 continues the packet into the next segment, possibly on the next page; any
 * smaller value ends it (section 5 and 6). Pages of other serial numbers (multiplexed streams) are
 * skipped; reading stops at the page flagged last. Loads whole files: meant for test data, not streaming.
 */
public final class OggPacketReader {
    private static final int HEADER_BYTES = 27;
    private static final int FLAG_CONTINUED = 0x01;
    private static final int FLAG_FIRST = 0x02;
    private static final int FLAG_LAST = 0x04;
    private static final int LACING_CONTINUES = 255;
    private static final int CRC_OFFSET = 22;
    private static final int[] CRC_TABLE = crcTable();

    private OggPacketReader() {
    }

    /**
     * The packets of the first logical bitstream, in order.
     *
     * @throws OggFormatException for a bad capture pattern, version, CRC or page sequence, a page cut
     *     short, a continuation flag that does not match the previous page, or a stream without a last page
     */
    public static List<OggPacket> read(byte[] file) throws OggFormatException {
        List<OggPacket> packets = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        boolean pending = false;
        long serial = 0;
        long expectedSequence = 0;
        int at = 0;
        while (at < file.length) {
            int pageEnd = checkPage(file, at);
            int flags = file[at + 5] & 0xFF;
            long pageSerial = le(file, at + 14, 4);
            if (at == 0) {
                if ((flags & FLAG_FIRST) == 0) {
                    throw new OggFormatException("first page at 0 lacks the beginning-of-stream flag");
                }
                serial = pageSerial;
            }
            if (pageSerial != serial) {
                at = pageEnd;
                continue;
            }
            long sequence = le(file, at + 18, 4);
            if (sequence != expectedSequence) {
                throw new OggFormatException("page at " + at + ": sequence " + sequence + ", expected " + expectedSequence);
            }
            expectedSequence++;
            if (((flags & FLAG_CONTINUED) != 0) != pending) {
                throw new OggFormatException("page at " + at + ": continuation flag does not match the previous page");
            }
            long granule = le(file, at + 6, 8);
            int segments = file[at + 26] & 0xFF;
            int data = at + HEADER_BYTES + segments;
            int lastEnding = lastPacketEnd(file, at, segments);
            for (int i = 0; i < segments; i++) {
                int lacing = file[at + HEADER_BYTES + i] & 0xFF;
                partial.write(file, data, lacing);
                data += lacing;
                pending = lacing == LACING_CONTINUES;
                if (!pending) {
                    packets.add(new OggPacket(partial.toByteArray(), granule, i == lastEnding, sequence));
                    partial.reset();
                }
            }
            if ((flags & FLAG_LAST) != 0) {
                return packets;
            }
            at = pageEnd;
        }
        throw new OggFormatException("no end-of-stream page after " + packets.size() + " packets");
    }

    /** Index of the last lacing value that ends a packet on this page, or -1. */
    private static int lastPacketEnd(byte[] file, int at, int segments) {
        for (int i = segments - 1; i >= 0; i--) {
            if ((file[at + HEADER_BYTES + i] & 0xFF) != LACING_CONTINUES) {
                return i;
            }
        }
        return -1;
    }

    /** Checks one page's framing and CRC; returns the index just past it. */
    private static int checkPage(byte[] file, int at) throws OggFormatException {
        if (at + HEADER_BYTES > file.length) {
            throw new OggFormatException("page header at " + at + " cut short");
        }
        if (file[at] != 'O' || file[at + 1] != 'g' || file[at + 2] != 'g' || file[at + 3] != 'S') {
            throw new OggFormatException("no capture pattern OggS at " + at);
        }
        if (file[at + 4] != 0) {
            throw new OggFormatException("page at " + at + ": stream structure version " + file[at + 4] + ", expected 0");
        }
        int segments = file[at + 26] & 0xFF;
        int end = at + HEADER_BYTES + segments;
        if (end > file.length) {
            throw new OggFormatException("lacing values of page at " + at + " cut short");
        }
        for (int i = 0; i < segments; i++) {
            end += file[at + HEADER_BYTES + i] & 0xFF;
        }
        if (end > file.length) {
            throw new OggFormatException("page at " + at + " cut short: needs " + (end - at) + " bytes");
        }
        long stored = le(file, at + CRC_OFFSET, 4);
        if (crc(file, at, end) != stored) {
            throw new OggFormatException("page at " + at + ": CRC mismatch");
        }
        return end;
    }

    /** Ogg's CRC-32 of bytes [from, to), the CRC field read as zeros (RFC 3533 section 6). */
    static long crc(byte[] file, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            boolean inCrcField = i >= from + CRC_OFFSET && i < from + CRC_OFFSET + 4;
            int b = inCrcField ? 0 : file[i] & 0xFF;
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc & 0xFFFF_FFFFL;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
            }
            table[i] = r;
        }
        return table;
    }

    /** Unsigned little-endian value of {@code bytes} bytes at {@code at} (Ogg and Opus headers are little-endian). */
    static long le(byte[] data, int at, int bytes) {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (data[at + i] & 0xFF);
        }
        return value;
    }
}
