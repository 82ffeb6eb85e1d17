package io.roomcast.media.rtp;

import static io.roomcast.media.wire.NetworkOrder.u8;

import java.nio.ByteBuffer;

/**
 * RFC 8285 header extension elements inside an RTP extension block (RFC 3550 section 5.3.1).
 * Two forms: one-byte ({@link #ONE_BYTE_PROFILE} 0xBEDE, section 4.2: 4-bit id 1..14, 4-bit length
 * minus one, so 1..16 data bytes; id 0 is a padding byte; id 15 ends processing) and two-byte
 * (profile 0x100 followed by 4 "appbits", section 4.3: 8-bit id 1..255, 8-bit length 0..255; id 0 is
 * a padding byte). Blocks of any other profile are opaque: no element is found in them.
 *
 * <p>Both methods walk the block in place and allocate nothing. Offsets are absolute indexes into the
 * buffer; {@code start}/{@code end} bound the block's data (after its 4-byte header).
 */
public final class HeaderExtensions {
    /** "defined by profile" value of the one-byte form (RFC 8285 section 4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The two-byte form's profile, upper 12 bits (RFC 8285 section 4.3); low 4 bits are appbits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    private static final int ONE_BYTE_STOP_ID = 15;
    private static final int NOT_FOUND = -1;
    private static final int MALFORMED = -2;

    private HeaderExtensions() {
    }

    /** True when {@code profile} is an RFC 8285 form whose elements can be looked up. */
    public static boolean isRfc8285(int profile) {
        return profile == ONE_BYTE_PROFILE || (profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
    }

    /**
     * Whether every element of the block fits inside it (RFC 8285 sections 4.2, 4.3).
     * Opaque profiles are always well-formed here.
     */
    public static boolean wellFormed(ByteBuffer buf, int profile, int start, int end) {
        return !isRfc8285(profile) || locate(buf, profile, start, end, 0) != MALFORMED;
    }

    /**
     * Finds element {@code id} in a well-formed block.
     *
     * @return {@code (dataOffset << 8) | dataLength} of the first element with that id (data length
     *     0..255 bytes, absolute offset), or -1 when absent, the profile is opaque, or the id is out of
     *     range for the form
     */
    public static long find(ByteBuffer buf, int profile, int start, int end, int id) {
        if (id <= 0 || !isRfc8285(profile) || (profile == ONE_BYTE_PROFILE && id >= ONE_BYTE_STOP_ID)) {
            return NOT_FOUND;
        }
        long found = locate(buf, profile, start, end, id);
        return found == MALFORMED ? NOT_FOUND : found;
    }

    /** Data offset of a {@link #find} result. */
    public static int dataOffset(long found) {
        return (int) (found >>> 8);
    }

    /** Data length (bytes) of a {@link #find} result. */
    public static int dataLength(long found) {
        return (int) (found & 0xFF);
    }

    /** Walks the block; with {@code id} 0 it only validates (returns NOT_FOUND or MALFORMED). */
    private static long locate(ByteBuffer buf, int profile, int start, int end, int id) {
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        int at = start;
        while (at < end) {
            int first = u8(buf, at);
            if (first == 0) {
                at++;
                continue;
            }
            int elementId;
            int length;
            int dataStart;
            if (oneByte) {
                elementId = first >>> 4;
                if (elementId == ONE_BYTE_STOP_ID) {
                    return NOT_FOUND;
                }
                length = (first & 0x0F) + 1;
                dataStart = at + 1;
            } else {
                if (at + 2 > end) {
                    return MALFORMED;
                }
                elementId = first;
                length = u8(buf, at + 1);
                dataStart = at + 2;
            }
            if (dataStart + length > end) {
                return MALFORMED;
            }
            if (elementId == id) {
                return ((long) dataStart << 8) | length;
            }
            at = dataStart + length;
        }
        return NOT_FOUND;
    }
}
