package io.roomcast.media.rtcp;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {
    private static final ReportBlock BLOCK = new ReportBlock(0x11223344, 255, -2, 65_535, 256, 0, 0);

    @Test
    void writesAReceiverReportByteForByte() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeReceiverReport(out, 0, 0x0a0b0c0d, List.of(BLOCK));
        assertThat(Arrays.copyOf(out.array(), length)).isEqualTo(bytes("81 c9 00 07  0a 0b 0c 0d"
            + "11 22 33 44  ff ff ff fe  00 00 ff ff  00 00 01 00  00 00 00 00  00 00 00 00"));
    }

    @Test
    void writesAnSdesCnameEndedAndPaddedWithNulls() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeSdesCname(out, 0, 0x11223344, "ann1");
        assertThat(Arrays.copyOf(out.array(), length)).isEqualTo(bytes("81 ca 00 03  11 22 33 44  01 04 61 6e  6e 31 00 00"));
        // A chunk that ends on a word boundary still gets a whole word of nulls.
        assertThat(RtcpWriter.writeSdesCname(out, 0, 1, "ab")).isEqualTo(16);
        assertThat(out.getInt(12)).isZero();
    }

    @Test
    void aCompoundOfRrSdesAndByeReadsBack() {
        ByteBuffer out = ByteBuffer.allocateDirect(200);
        int at = 4;
        at += RtcpWriter.writeReceiverReport(out, at, 77, List.of(BLOCK, new ReportBlock(9, 1, 8_388_607, 1L << 31,
            0xFFFF_FFFFL, 0xabcdef01L, 65_536)));
        at += RtcpWriter.writeSdesCname(out, at, 77, "listener-77@roomcast");
        at += RtcpWriter.writeBye(out, at, new int[] {77}, "left the room");

        RtcpReader reader = new RtcpReader(1200);
        assertThat(reader.reset(out, 4, at - 4)).isEqualTo(RtcpStatus.VALID);
        assertThat(reader.next()).isTrue();
        assertThat(reader.senderSsrc()).isEqualTo(77);
        assertThat(reader.reportBlock(0)).isEqualTo(BLOCK);
        assertThat(reader.reportBlock(1)).isEqualTo(new ReportBlock(9, 1, 8_388_607, 1L << 31, 0xFFFF_FFFFL,
            0xabcdef01L, 65_536));
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(RtcpPacketType.SDES);
        assertThat(reader.next()).isTrue();
        assertThat(reader.byeSsrc(0)).isEqualTo(77);
        assertThat(reader.byeReason()).isEqualTo("left the room");
        assertThat(reader.next()).isFalse();
    }

    @Test
    void aLeaveIsAValidCompoundOfAnEmptyRrAndABye() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeLeave(out, 0, 0x0a0b0c0d, "bye");

        assertThat(Arrays.copyOf(out.array(), length)).isEqualTo(bytes("80 c9 00 01  0a 0b 0c 0d"
            + "81 cb 00 02  0a 0b 0c 0d  03 62 79 65"));
        RtcpReader reader = new RtcpReader(1200);
        assertThat(reader.reset(out, 0, length)).isEqualTo(RtcpStatus.VALID);
    }

    @Test
    void aByeWithoutReasonIsOneWordPerSsrc() {
        ByteBuffer out = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeBye(out, 0, new int[] {1, 2}, null);
        assertThat(Arrays.copyOf(out.array(), length)).isEqualTo(bytes("82 cb 00 02  00 00 00 01  00 00 00 02"));
    }

    @Test
    void refusesWhatTheFormatCannotCarry() {
        ByteBuffer out = ByteBuffer.allocate(2000);
        assertThatThrownBy(() -> RtcpWriter.writeReceiverReport(out, 0, 1, Collections.nCopies(32, BLOCK)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtcpWriter.writeSdesCname(out, 0, 1, "x".repeat(256)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtcpWriter.writeReceiverReport(ByteBuffer.allocate(7), 0, 1, List.of()))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
