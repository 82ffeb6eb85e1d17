package io.roomcast.media.rtp;

import static io.roomcast.media.wire.NetworkOrder.put16;
import static io.roomcast.media.wire.NetworkOrder.put32;

import io.roomcast.media.wire.ArrayWrapper;
import java.nio.ByteBuffer;

/**
 * Writes RTP packets (RFC 3550 section 5.1) of one sender, for load generators and tests: version 2,
 * no padding, no CSRC, and when an audio level is given an RFC 8285 one-byte extension block (0xBEDE,
 * one 32-bit word) holding the RFC 6464 element. Writes into a caller's buffer and allocates nothing
 * per packet. Not thread-safe.
 */
public final class RtpWriter {
    /** Payload type commonly negotiated for Opus (dynamic range, RFC 7587 section 7; WebRTC's default). */
    public static final int OPUS_PAYLOAD_TYPE = 111;
    /** Bytes of the audio-level extension block: 4-byte header + one word (element + 2 padding bytes). */
    public static final int AUDIO_LEVEL_BLOCK_BYTES = 8;
    private static final int HIGHEST_ONE_BYTE_ID = 14;

    private final int ssrc;
    private final int payloadType;
    private final int audioLevelId;
    private final ArrayWrapper arrays = new ArrayWrapper();

    /**
     * @param ssrc SSRC identifier, raw 32 bits
     * @param payloadType PT, 0..127 (e.g. {@link #OPUS_PAYLOAD_TYPE})
     * @param audioLevelId RFC 8285 one-byte id 1..14 for the RFC 6464 element
     * @throws IllegalArgumentException for a payload type or id out of range
     */
    public RtpWriter(int ssrc, int payloadType, int audioLevelId) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127, was " + payloadType);
        }
        if (audioLevelId < 1 || audioLevelId > HIGHEST_ONE_BYTE_ID) {
            throw new IllegalArgumentException("one-byte extension id must be 1..14, was " + audioLevelId);
        }
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.audioLevelId = audioLevelId;
    }

    /** Bytes a packet with {@code payloadLength} payload bytes takes, with or without an audio level. */
    public static int packetLength(int payloadLength, boolean withAudioLevel) {
        return RtpPacket.FIXED_HEADER_BYTES + (withAudioLevel ? AUDIO_LEVEL_BLOCK_BYTES : 0) + payloadLength;
    }

    /** {@link #write(ByteBuffer, int, int, int, boolean, int, byte[], int, int)} into a byte array. */
    public int write(byte[] dst, int dstOffset, int sequenceNumber, int timestamp, boolean marker, int audioLevel,
                     byte[] payload, int payloadOffset, int payloadLength) {
        return write(arrays.wrap(dst), dstOffset, sequenceNumber, timestamp, marker, audioLevel, payload,
            payloadOffset, payloadLength);
    }

    /**
     * Writes one packet at absolute index {@code dstOffset} of {@code dst}.
     *
     * @param sequenceNumber low 16 bits are written
     * @param timestamp RTP timestamp (48 kHz units for Opus), raw 32 bits
     * @param audioLevel raw RFC 6464 byte ({@link AudioLevel#of}), or {@link AudioLevel#ABSENT} for no extension
     * @return bytes written ({@link #packetLength})
     * @throws IndexOutOfBoundsException when the packet does not fit in {@code dst}
     */
    public int write(ByteBuffer dst, int dstOffset, int sequenceNumber, int timestamp, boolean marker, int audioLevel,
                     byte[] payload, int payloadOffset, int payloadLength) {
        boolean withLevel = audioLevel != AudioLevel.ABSENT;
        int total = packetLength(payloadLength, withLevel);
        if (dstOffset < 0 || dstOffset + total > dst.limit()) {
            throw new IndexOutOfBoundsException("packet of " + total + " bytes does not fit at " + dstOffset);
        }
        dst.put(dstOffset, (byte) ((RtpPacket.VERSION << 6) | (withLevel ? 0x10 : 0)));
        dst.put(dstOffset + 1, (byte) ((marker ? 0x80 : 0) | payloadType));
        put16(dst, dstOffset + 2, sequenceNumber);
        put32(dst, dstOffset + 4, timestamp);
        put32(dst, dstOffset + 8, ssrc);
        int at = dstOffset + RtpPacket.FIXED_HEADER_BYTES;
        if (withLevel) {
            put16(dst, at, HeaderExtensions.ONE_BYTE_PROFILE);
            put16(dst, at + 2, 1);
            dst.put(at + 4, (byte) (audioLevelId << 4));
            dst.put(at + 5, (byte) audioLevel);
            put16(dst, at + 6, 0);
            at += AUDIO_LEVEL_BLOCK_BYTES;
        }
        dst.put(at, payload, payloadOffset, payloadLength);
        return total;
    }
}
