package io.roomcast.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the RTCP compound-packet reader (Jazzer): any datagram is refused with a
 * status, or every packet in it reads inside its bounds; nothing throws.
 */
class RtcpReaderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyCompoundPacketIsRefusedOrReadWithinItsBounds(byte[] datagram) {
        RtcpReader reader = new RtcpReader(2048);
        if (reader.reset(datagram, 0, datagram.length) != RtcpStatus.VALID) {
            return;
        }
        while (reader.next()) {
            assertThat(reader.packetOffset() + reader.packetLength()).isLessThanOrEqualTo(datagram.length);
            if (reader.packetType() == RtcpPacketType.SR) {
                reader.ntpTimestamp();
                reader.senderPacketCount();
            }
            for (int i = 0; i < reader.reportBlockCount(); i++) {
                reader.reportBlock(i);
            }
            if (reader.packetType() == RtcpPacketType.BYE) {
                for (int i = 0; i < reader.count(); i++) {
                    reader.byeSsrc(i);
                }
                reader.byeReason();
            }
        }
    }
}
