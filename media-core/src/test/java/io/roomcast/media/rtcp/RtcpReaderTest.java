package io.roomcast.media.rtcp;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtcpReaderTest {
    private static final String SR = "81 c8 00 0c  11 22 33 44"
        + "e8 2f 1c 5a  80 00 00 00  00 01 e2 40  00 00 03 e8  00 01 86 a0"
        + "55 66 77 88  40 00 00 2a  00 01 00 05  00 00 00 50  1c 5a 80 00  00 01 80 00";
    private static final String SDES_CNAME = "81 ca 00 03  11 22 33 44  01 04 61 6e  6e 31 00 00";
    private static final String RR = "82 c9 00 0d  0a 0b 0c 0d"
        + "11 22 33 44  ff ff ff fe  00 00 ff ff  00 00 01 00  00 00 00 00  00 00 00 00"
        + "99 88 77 66  00 7f ff ff  00 03 00 00  ff ff ff ff  ab cd ef 01  00 00 00 01";
    private static final String BYE = "81 cb 00 03  0a 0b 0c 0d  05 6d 6f 76  65 64 00 00";
    private static final String RR_EMPTY = "80 c9 00 01  0a 0b 0c 0d";

    private final RtcpReader reader = new RtcpReader(1200);

    private RtcpStatus read(String hex) {
        byte[] packet = bytes(hex);
        return reader.reset(packet, 0, packet.length);
    }

    @Test
    void readsASenderReportAndSkipsItsSdesFieldByField() {
        assertThat(read(SR + SDES_CNAME)).isEqualTo(RtcpStatus.VALID);

        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(RtcpPacketType.SR);
        assertThat(reader.packetLength()).isEqualTo(52);
        assertThat(reader.senderSsrc()).isEqualTo(0x11223344);
        assertThat(reader.ntpTimestamp()).isEqualTo(0xe82f1c5a_80000000L);
        assertThat(reader.ntpMiddle32()).isEqualTo(0x1c5a8000L);
        assertThat(reader.rtpTimestamp()).isEqualTo(123_456);
        assertThat(reader.senderPacketCount()).isEqualTo(1000);
        assertThat(reader.senderOctetCount()).isEqualTo(100_000);
        assertThat(reader.reportBlockCount()).isEqualTo(1);
        assertThat(reader.reportBlock(0)).isEqualTo(
            new ReportBlock(0x55667788, 64, 42, 65_541, 80, 0x1c5a8000L, 98_304));

        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(RtcpPacketType.SDES);
        assertThat(reader.count()).isEqualTo(1);
        assertThat(reader.packetOffset()).isEqualTo(52);
        assertThat(reader.reportBlockCount()).isZero();

        assertThat(reader.next()).isFalse();
    }

    @Test
    void readsAReceiverReportAndABye() {
        assertThat(read(RR + BYE)).isEqualTo(RtcpStatus.VALID);

        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(RtcpPacketType.RR);
        assertThat(reader.senderSsrc()).isEqualTo(0x0a0b0c0d);
        assertThat(reader.reportBlockCount()).isEqualTo(2);
        assertThat(reader.reportSsrc(0)).isEqualTo(0x11223344);
        assertThat(reader.fractionLost(0)).isEqualTo(255);
        assertThat(reader.cumulativeLost(0)).isEqualTo(-2);
        assertThat(reader.extendedHighestSequence(0)).isEqualTo(65_535);
        assertThat(reader.jitter(0)).isEqualTo(256);
        assertThat(reader.lastSr(0)).isZero();
        assertThat(reader.delaySinceLastSr(0)).isZero();
        assertThat(reader.reportSsrc(1)).isEqualTo(0x99887766);
        assertThat(reader.fractionLost(1)).isZero();
        assertThat(reader.cumulativeLost(1)).isEqualTo(8_388_607);
        assertThat(reader.extendedHighestSequence(1)).isEqualTo(3 * 65_536);
        assertThat(reader.jitter(1)).isEqualTo(0xFFFF_FFFFL);
        assertThat(reader.lastSr(1)).isEqualTo(0xabcdef01L);
        assertThat(reader.delaySinceLastSr(1)).isEqualTo(1);

        assertThat(reader.next()).isTrue();
        assertThat(reader.packetType()).isEqualTo(RtcpPacketType.BYE);
        assertThat(reader.count()).isEqualTo(1);
        assertThat(reader.byeSsrc(0)).isEqualTo(0x0a0b0c0d);
        assertThat(reader.byeReason()).isEqualTo("moved");
        assertThat(reader.next()).isFalse();
    }

    @Test
    void aPaddedByeWithoutReasonHasNone() {
        // P bit on the last packet; the padding bytes are not a reason.
        assertThat(read(RR_EMPTY + "a1 cb 00 02  0a 0b 0c 0d  09 00 00 04")).isEqualTo(RtcpStatus.VALID);
        reader.next();
        reader.next();
        assertThat(reader.byeReason()).isNull();
    }

    @Test
    void stepsOverPacketTypesItDoesNotRead() {
        // An APP packet and an RTPFB generic NACK (RFC 4585 section 6.2.1) after the RR.
        assertThat(read(RR_EMPTY + "80 cc 00 02  0a 0b 0c 0d  61 62 63 64" + "81 cd 00 03  0a 0b 0c 0d  11 22 33 44  00 10 00 00"))
            .isEqualTo(RtcpStatus.VALID);
        int[] types = new int[3];
        for (int i = 0; reader.next(); i++) {
            types[i] = reader.packetType();
        }
        assertThat(types).containsExactly(RtcpPacketType.RR, RtcpPacketType.APP, RtcpPacketType.RTPFB);
    }

    @Test
    void truncatedCompounds() {
        assertThat(read("")).isEqualTo(RtcpStatus.TRUNCATED);
        assertThat(read("80 c9 00")).isEqualTo(RtcpStatus.TRUNCATED);
        assertThat(read(RR_EMPTY + "81")).isEqualTo(RtcpStatus.TRUNCATED);
    }

    @Test
    void aVersionOtherThanTwoInAnyPacketIsRefused() {
        assertThat(read("40 c9 00 01  0a 0b 0c 0d")).isEqualTo(RtcpStatus.WRONG_VERSION);
        assertThat(read(RR_EMPTY + "c1 cb 00 01  0a 0b 0c 0d")).isEqualTo(RtcpStatus.WRONG_VERSION);
    }

    @Test
    void lengthsThatDoNotAddUpAreRefused() {
        assertThat(read("80 c9 00 02  0a 0b 0c 0d")).isEqualTo(RtcpStatus.BAD_LENGTH);
        // One report block announced, none carried.
        assertThat(read("81 c9 00 01  0a 0b 0c 0d")).isEqualTo(RtcpStatus.BAD_LENGTH);
        // An SR too short for its sender info.
        assertThat(read("80 c8 00 01  0a 0b 0c 0d")).isEqualTo(RtcpStatus.BAD_LENGTH);
        // Two BYE SSRCs announced, one carried.
        assertThat(read(RR_EMPTY + "82 cb 00 01  0a 0b 0c 0d")).isEqualTo(RtcpStatus.BAD_LENGTH);
        // A BYE reason of 9 bytes in a 3-byte space.
        assertThat(read(RR_EMPTY + "81 cb 00 02  0a 0b 0c 0d  09 6d 6f 76")).isEqualTo(RtcpStatus.BAD_LENGTH);
    }

    @Test
    void paddingOnlyOnTheLastPacketAndWithASaneCount() {
        assertThat(read("a0 c9 00 02  0a 0b 0c 0d  00 00 00 04" + SDES_CNAME)).isEqualTo(RtcpStatus.BAD_PADDING);
        assertThat(read("a0 c9 00 02  0a 0b 0c 0d  00 00 00 00")).isEqualTo(RtcpStatus.BAD_PADDING);
        assertThat(read("a0 c9 00 02  0a 0b 0c 0d  00 00 00 0d")).isEqualTo(RtcpStatus.BAD_PADDING);
        // Padding that eats into the sender SSRC leaves the RR too short.
        assertThat(read("a0 c9 00 02  0a 0b 0c 0d  00 00 00 06")).isEqualTo(RtcpStatus.BAD_LENGTH);
        assertThat(read("a0 c9 00 02  0a 0b 0c 0d  00 00 00 04")).isEqualTo(RtcpStatus.VALID);
    }

    @Test
    void theFirstPacketMustBeAReport() {
        assertThat(read(SDES_CNAME + RR_EMPTY)).isEqualTo(RtcpStatus.NOT_REPORT_FIRST);
        assertThat(read(BYE)).isEqualTo(RtcpStatus.NOT_REPORT_FIRST);
    }

    @Test
    void aCompoundOverTheLimitIsOversized() {
        byte[] packet = bytes(SR + SDES_CNAME);
        assertThat(new RtcpReader(packet.length - 1).reset(packet, 0, packet.length)).isEqualTo(RtcpStatus.OVERSIZED);
    }

    @Test
    void anInvalidCompoundYieldsNoPacket() {
        read("81 c9 00 01  0a 0b 0c 0d");
        assertThat(reader.next()).isFalse();
    }
}
