package io.roomcast.media.rtp;

import static io.roomcast.media.wire.NetworkOrder.i32;
import static io.roomcast.media.wire.NetworkOrder.u16;
import static io.roomcast.media.wire.NetworkOrder.u8;

import io.roomcast.media.wire.ArrayWrapper;
import java.nio.ByteBuffer;

/**
 * A reusable, allocation-free view of one RTP packet (RFC 3550 section 5.1) inside a larger buffer.
 * {@link #parse} validates the datagram and records where its parts are; the accessors then read
 * the fields, and are meaningful only after a parse that returned {@link RtpStatus#VALID}. The view
 * keeps a reference to the buffer: it must not change while the view is used. Not thread-safe: one
 * view per forwarding thread.
 *
 * <p>Checks, in order (each failure has its own {@link RtpStatus}): size against the configured
 * maximum; version 2; 12-byte fixed header; CSRC list (4 bytes each); padding count (P bit, last
 * octet, 1..bytes after the CSRCs); extension header (4 bytes) and its length in 32-bit words, which
 * must end before the padding (RFC 3550 section 5.3.1), and for RFC 8285 profiles each element's
 * length. What remains is the payload, 0 bytes or more: the payload's own format (e.g. the Opus TOC)
 * is not checked here.
 */
public final class RtpPacket {
    /** Default maximum datagram size in bytes: stays under a 1,280-byte IPv6 minimum MTU with headers. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 1200;
    /** RTP version (RFC 3550 section 5.1). */
    public static final int VERSION = 2;
    /** Size of the fixed header in bytes. */
    public static final int FIXED_HEADER_BYTES = 12;
    private static final int CSRC_BYTES = 4;
    private static final int EXTENSION_HEADER_BYTES = 4;
    private static final int WORD_BYTES = 4;

    private final int maxPacketBytes;
    private final ArrayWrapper arrays = new ArrayWrapper();
    private ByteBuffer buf;
    private int offset;
    private int length;
    private int csrcCount;
    private boolean hasExtension;
    private int extensionProfile;
    private int extensionStart;
    private int extensionEnd;
    private int payloadOffset;
    private int payloadLength;
    private int paddingLength;

    /** A view that rejects datagrams over {@code maxPacketBytes} bytes as {@link RtpStatus#OVERSIZED}. */
    public RtpPacket(int maxPacketBytes) {
        if (maxPacketBytes < FIXED_HEADER_BYTES) {
            throw new IllegalArgumentException("maxPacketBytes must be at least " + FIXED_HEADER_BYTES);
        }
        this.maxPacketBytes = maxPacketBytes;
    }

    /** A view with the {@link #DEFAULT_MAX_PACKET_BYTES} limit. */
    public RtpPacket() {
        this(DEFAULT_MAX_PACKET_BYTES);
    }

    /** {@link #parse(ByteBuffer, int, int)} over a byte array (the wrapper is kept while the array is reused). */
    public RtpStatus parse(byte[] array, int offset, int length) {
        return parse(arrays.wrap(array), offset, length);
    }

    /**
     * Parses the {@code length} bytes at absolute index {@code offset} of {@code buffer}; never throws
     * for any content (the range itself must lie inside the buffer).
     *
     * @return {@link RtpStatus#VALID} or the first rule the datagram breaks
     */
    public RtpStatus parse(ByteBuffer buffer, int offset, int length) {
        this.buf = buffer;
        this.offset = offset;
        this.length = length;
        if (length > maxPacketBytes) {
            return RtpStatus.OVERSIZED;
        }
        if (length < 1) {
            return RtpStatus.TRUNCATED;
        }
        int first = u8(buffer, offset);
        if (first >>> 6 != VERSION) {
            return RtpStatus.WRONG_VERSION;
        }
        if (length < FIXED_HEADER_BYTES) {
            return RtpStatus.TRUNCATED;
        }
        csrcCount = first & 0x0F;
        int end = offset + length;
        int at = offset + FIXED_HEADER_BYTES + csrcCount * CSRC_BYTES;
        if (at > end) {
            return RtpStatus.TRUNCATED;
        }
        hasExtension = (first & 0x10) != 0;
        paddingLength = 0;
        if ((first & 0x20) != 0) {
            paddingLength = u8(buffer, end - 1);
            if (paddingLength == 0 || paddingLength > end - at) {
                return RtpStatus.BAD_PADDING;
            }
        }
        int contentEnd = end - paddingLength;
        if (hasExtension) {
            if (at + EXTENSION_HEADER_BYTES > end) {
                return RtpStatus.TRUNCATED;
            }
            extensionProfile = u16(buffer, at);
            extensionStart = at + EXTENSION_HEADER_BYTES;
            extensionEnd = extensionStart + u16(buffer, at + 2) * WORD_BYTES;
            if (extensionEnd > contentEnd
                || !HeaderExtensions.wellFormed(buffer, extensionProfile, extensionStart, extensionEnd)) {
                return RtpStatus.BAD_EXTENSION_LENGTH;
            }
            at = extensionEnd;
        }
        payloadOffset = at;
        payloadLength = contentEnd - at;
        return RtpStatus.VALID;
    }

    /** The buffer of the last parse. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Absolute index of the packet's first byte. */
    public int offset() {
        return offset;
    }

    /** Datagram length in bytes, header, payload and padding included. */
    public int length() {
        return length;
    }

    /** P bit. */
    public boolean hasPadding() {
        return paddingLength > 0;
    }

    /** X bit. */
    public boolean hasExtension() {
        return hasExtension;
    }

    /** CC field: number of CSRC identifiers, 0..15. */
    public int csrcCount() {
        return csrcCount;
    }

    /** CSRC identifier {@code index} (0-based, below {@link #csrcCount()}), raw 32 bits. */
    public int csrc(int index) {
        return i32(buf, offset + FIXED_HEADER_BYTES + index * CSRC_BYTES);
    }

    /** M bit (for audio: first packet after a silence period, RFC 3551 section 4.1). */
    public boolean marker() {
        return (u8(buf, offset + 1) & 0x80) != 0;
    }

    /** PT field, 0..127. */
    public int payloadType() {
        return u8(buf, offset + 1) & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return u16(buf, offset + 2);
    }

    /** Timestamp in RTP clock units (48 kHz for Opus, RFC 7587 section 4.1), raw 32 bits. */
    public int timestamp() {
        return i32(buf, offset + 4);
    }

    /** SSRC identifier, raw 32 bits. */
    public int ssrc() {
        return i32(buf, offset + 8);
    }

    /** Extension block's "defined by profile" field (0xBEDE, 0x100x, or other); valid if {@link #hasExtension()}. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Header length in bytes: fixed header, CSRCs and the whole extension block. */
    public int headerLength() {
        return payloadOffset - offset;
    }

    /** Absolute index of the payload's first byte. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length in bytes, padding excluded (0 or more). */
    public int payloadLength() {
        return payloadLength;
    }

    /** Padding length in bytes (the count in the last octet), 0 without the P bit. */
    public int paddingLength() {
        return paddingLength;
    }

    /**
     * Finds RFC 8285 element {@code id} (see {@link HeaderExtensions#find}).
     *
     * @return packed absolute data offset and length, decoded with {@link HeaderExtensions#dataOffset}
     *     and {@link HeaderExtensions#dataLength}, or -1 when the packet has no such element
     */
    public long findExtension(int id) {
        if (!hasExtension) {
            return -1;
        }
        return HeaderExtensions.find(buf, extensionProfile, extensionStart, extensionEnd, id);
    }

    /**
     * The RFC 6464 audio level carried in element {@code id}: the raw byte (see {@link AudioLevel}),
     * or {@link AudioLevel#ABSENT} when there is no such element or it has no data byte.
     */
    public int audioLevel(int id) {
        long found = findExtension(id);
        if (found < 0 || HeaderExtensions.dataLength(found) < 1) {
            return AudioLevel.ABSENT;
        }
        return u8(buf, HeaderExtensions.dataOffset(found));
    }
}
