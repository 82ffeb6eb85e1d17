package io.roomcast.media.forwarding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Who is speaking in a copy a WebRTC listener receives (docs/media-protocol.md, "Tracks"): the edge lists the
 * speaker as the packet's only CSRC (RFC 3550 section 5.1, "contributing source"), so a browser reads it with
 * {@code RTCRtpReceiver.getContributingSources()} and knows whose voice each of its fixed tracks carries now. The
 * identifier is the speaker's <em>contributing-source id</em>: FNV-1a (32 bits) of the user id's UTF-8 bytes, which
 * the browser computes for each person on the stage, so no message has to map it. Not the speaker's own SSRC
 * (random, RFC 3550 section 8.1, and unknown to other clients). Pure.
 */
public final class ContributingSource {
    /** Bytes of one CSRC entry. */
    public static final int CSRC_BYTES = 4;
    private static final int HEADER_BYTES = 12;
    private static final int FNV_OFFSET_BASIS = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private ContributingSource() {
    }

    /** The contributing-source id of {@code user}: 32-bit FNV-1a of its UTF-8 bytes (raw 32 bits). */
    public static int of(String user) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }

    /**
     * A copy of one plain RTP packet (already parsed as valid: 12+ bytes, version 2, its CSRC list inside it) whose
     * CSRC list is exactly {@code csrc}: CC set to 1, the sender's own CSRC entries (if any) left out, the header
     * extension and payload after it unchanged (padding and its P bit too).
     *
     * @param plain the packet at absolute {@code offset}, {@code length} bytes; not modified
     * @param spare bytes left free after the packet (room for an SRTP tag)
     * @return a new array: the packet ({@link #copiedLength} bytes), then {@code spare} zero bytes
     */
    public static byte[] copyWith(ByteBuffer plain, int offset, int length, int csrc, int spare) {
        int listed = (plain.get(offset) & 0x0F) * CSRC_BYTES;
        int rest = length - HEADER_BYTES - listed;
        byte[] packet = new byte[HEADER_BYTES + CSRC_BYTES + rest + spare];
        plain.get(offset, packet, 0, HEADER_BYTES);
        packet[0] = (byte) ((packet[0] & 0xF0) | 1);
        packet[12] = (byte) (csrc >>> 24);
        packet[13] = (byte) (csrc >>> 16);
        packet[14] = (byte) (csrc >>> 8);
        packet[15] = (byte) csrc;
        plain.get(offset + HEADER_BYTES + listed, packet, HEADER_BYTES + CSRC_BYTES, rest);
        return packet;
    }

    /** The length of {@link #copyWith}'s packet for a {@code length}-byte packet whose first byte is {@code first}. */
    public static int copiedLength(int first, int length) {
        return length - (first & 0x0F) * CSRC_BYTES + CSRC_BYTES;
    }
}
