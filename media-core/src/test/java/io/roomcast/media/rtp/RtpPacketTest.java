package io.roomcast.media.rtp;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtpPacketTest {
    /** V=2, X=1, CC=1; M=1 PT=111; seq 0x1234; ts 0xdeadbeef; SSRC 0x01020304; CSRC 0x0a0b0c0d. */
    private static final String FIXED_AND_CSRC = "91 ef 12 34  de ad be ef  01 02 03 04  0a 0b 0c 0d";
    /** One-byte extension block, 2 words: id 1 audio level (V, 42), id 3 two bytes, one padding byte. */
    private static final String ONE_BYTE_BLOCK = "be de 00 02  10 aa 31 77  88 00 00 00";
    private static final String PAYLOAD = "fc ff fe";
    private static final byte[] FULL = bytes(FIXED_AND_CSRC + ONE_BYTE_BLOCK + PAYLOAD);

    private final RtpPacket view = new RtpPacket();

    @Test
    void readsEveryFieldOfAWellFormedPacket() {
        assertThat(view.parse(FULL, 0, FULL.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.marker()).isTrue();
        assertThat(view.payloadType()).isEqualTo(111);
        assertThat(view.sequenceNumber()).isEqualTo(0x1234);
        assertThat(view.timestamp()).isEqualTo(0xdeadbeef);
        assertThat(view.ssrc()).isEqualTo(0x01020304);
        assertThat(view.csrcCount()).isEqualTo(1);
        assertThat(view.csrc(0)).isEqualTo(0x0a0b0c0d);
        assertThat(view.hasExtension()).isTrue();
        assertThat(view.extensionProfile()).isEqualTo(HeaderExtensions.ONE_BYTE_PROFILE);
        assertThat(view.headerLength()).isEqualTo(16 + 12);
        assertThat(view.payloadOffset()).isEqualTo(28);
        assertThat(view.payloadLength()).isEqualTo(3);
        assertThat(view.hasPadding()).isFalse();
    }

    @Test
    void findsOneByteExtensionElementsAndTheAudioLevel() {
        view.parse(FULL, 0, FULL.length);
        int level = view.audioLevel(1);
        assertThat(AudioLevel.voice(level)).isTrue();
        assertThat(AudioLevel.level(level)).isEqualTo(42);
        long three = view.findExtension(3);
        assertThat(HeaderExtensions.dataOffset(three)).isEqualTo(16 + 4 + 3);
        assertThat(HeaderExtensions.dataLength(three)).isEqualTo(2);
        assertThat(view.findExtension(2)).isEqualTo(-1);
        assertThat(view.audioLevel(2)).isEqualTo(AudioLevel.ABSENT);
    }

    @Test
    void oneByteIdFifteenEndsTheBlock() {
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  be de 00 02  f0 10 2a 00  00 00 00 00");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void findsTwoByteExtensionElementsIncludingEmptyOnes() {
        // Profile 0x1005 (appbits 5): id 7 empty, padding byte, id 1 audio level (no V, 127), id 200 3 bytes.
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  10 05 00 03"
            + "07 00 00 01  01 7f c8 03  aa bb cc 00  99");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.VALID);
        assertThat(HeaderExtensions.dataLength(view.findExtension(7))).isZero();
        assertThat(view.audioLevel(7)).isEqualTo(AudioLevel.ABSENT);
        assertThat(view.audioLevel(1)).isEqualTo(AudioLevel.of(127, false));
        long big = view.findExtension(200);
        assertThat(HeaderExtensions.dataOffset(big)).isEqualTo(24);
        assertThat(HeaderExtensions.dataLength(big)).isEqualTo(3);
        assertThat(view.payloadLength()).isEqualTo(1);
    }

    @Test
    void anOpaqueExtensionProfileIsSkippedButHasNoElements() {
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  ab cd 00 01  10 2a 00 00  99 98");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.findExtension(1)).isEqualTo(-1);
        assertThat(view.payloadOffset()).isEqualTo(20);
        assertThat(view.payloadLength()).isEqualTo(2);
    }

    @Test
    void paddingIsExcludedFromThePayload() {
        byte[] packet = bytes("a0 6f 00 01  00 00 00 01  00 00 00 07  aa bb cc  00 00 03");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.hasPadding()).isTrue();
        assertThat(view.paddingLength()).isEqualTo(3);
        assertThat(view.payloadLength()).isEqualTo(3);
    }

    @Test
    void paddingMayTakeEverythingAfterTheHeader() {
        byte[] packet = bytes("a0 6f 00 01  00 00 00 01  00 00 00 07  00 00 00 04");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.payloadLength()).isZero();
    }

    @Test
    void parsesInPlaceAtAnOffsetOfADirectBuffer() {
        ByteBuffer direct = ByteBuffer.allocateDirect(FULL.length + 10);
        direct.put(5, FULL);
        assertThat(view.parse(direct, 5, FULL.length)).isEqualTo(RtpStatus.VALID);
        assertThat(view.payloadOffset()).isEqualTo(5 + 28);
        assertThat(AudioLevel.level(view.audioLevel(1))).isEqualTo(42);
    }

    @Test
    void anEmptyDatagramIsTruncated() {
        assertThat(view.parse(FULL, 0, 0)).isEqualTo(RtpStatus.TRUNCATED);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {1, 2, 4, 8, 11})
    void truncatedInTheFixedHeader(int length) {
        assertThat(view.parse(FULL, 0, length)).isEqualTo(RtpStatus.TRUNCATED);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {12, 13, 15})
    void truncatedInTheCsrcList(int length) {
        assertThat(view.parse(FULL, 0, length)).isEqualTo(RtpStatus.TRUNCATED);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {16, 17, 19})
    void truncatedInTheExtensionHeader(int length) {
        assertThat(view.parse(FULL, 0, length)).isEqualTo(RtpStatus.TRUNCATED);
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {20, 24, 27})
    void truncatedInTheExtensionDataBreaksItsLength(int length) {
        assertThat(view.parse(FULL, 0, length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void cutRightAfterTheHeaderIsAValidEmptyPayload() {
        assertThat(view.parse(FULL, 0, 28)).isEqualTo(RtpStatus.VALID);
        assertThat(view.payloadLength()).isZero();
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {0, 1, 3})
    void aVersionOtherThanTwoIsRefused(int version) {
        byte[] packet = FULL.clone();
        packet[0] = (byte) ((packet[0] & 0x3F) | (version << 6));
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.WRONG_VERSION);
    }

    @Test
    void aCsrcCountPastTheEndIsTruncated() {
        byte[] packet = bytes("8f 6f 00 01  00 00 00 01  00 00 00 07  aa bb cc dd  ee ff");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.TRUNCATED);
    }

    @Test
    void anExtensionLengthPastTheEndIsRefused() {
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  be de 00 03  10 2a 00 00  99");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void aOneByteElementLongerThanItsBlockIsRefused() {
        // id 1 announces 16 bytes in a 4-byte block.
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  be de 00 01  1f 2a 00 00  99 98 97 96");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void aTwoByteElementLongerThanItsBlockIsRefused() {
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  10 00 00 01  05 04 2a 00  99 98 97 96");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void aTwoByteElementCutAfterItsIdIsRefused() {
        byte[] packet = bytes("90 6f 00 01  00 00 00 01  00 00 00 07  10 00 00 01  00 00 00 05  99");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void anExtensionRunningIntoThePaddingIsRefused() {
        byte[] packet = bytes("b0 6f 00 01  00 00 00 01  00 00 00 07  be de 00 01  10 2a 00 02");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_EXTENSION_LENGTH);
    }

    @Test
    void aPaddingCountOfZeroIsRefused() {
        byte[] packet = bytes("a0 6f 00 01  00 00 00 01  00 00 00 07  aa bb cc 00");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_PADDING);
    }

    @Test
    void aPaddingCountLargerThanWhatFollowsTheHeaderIsRefused() {
        byte[] packet = bytes("a0 6f 00 01  00 00 00 01  00 00 00 07  aa bb cc 05");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_PADDING);
    }

    @Test
    void aPaddedPacketWithNothingAfterTheHeaderIsRefused() {
        byte[] packet = bytes("a0 6f 00 01  00 00 00 01  00 00 00 07");
        assertThat(view.parse(packet, 0, packet.length)).isEqualTo(RtpStatus.BAD_PADDING);
    }

    @Test
    void aPacketOverTheLimitIsOversizedWhateverItHolds() {
        byte[] big = Arrays.copyOf(FULL, RtpPacket.DEFAULT_MAX_PACKET_BYTES + 1);
        assertThat(view.parse(big, 0, big.length)).isEqualTo(RtpStatus.OVERSIZED);
        assertThat(view.parse(big, 0, big.length - 1)).isEqualTo(RtpStatus.VALID);
        assertThat(new RtpPacket(100).parse(big, 0, 101)).isEqualTo(RtpStatus.OVERSIZED);
        assertThat(view.parse(new byte[2000], 0, 2000)).isEqualTo(RtpStatus.OVERSIZED);
    }
}
