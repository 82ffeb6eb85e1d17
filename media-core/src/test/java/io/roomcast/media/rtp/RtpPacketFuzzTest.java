package io.roomcast.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the RTP parser (Jazzer): any datagram is refused with a status or parsed
 * with every part inside its bounds; nothing throws. {@code ./mvnw verify} fuzzes 20 s; docs/reliability.md
 * gives the long run. Crashes found are kept as regression inputs under src/test/resources.
 */
class RtpPacketFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyDatagramIsRefusedOrParsedWithinItsBounds(byte[] datagram) {
        RtpPacket packet = new RtpPacket();
        if (packet.parse(datagram, 0, datagram.length) == RtpStatus.VALID) {
            assertThat(packet.headerLength()).isBetween(RtpPacket.FIXED_HEADER_BYTES, datagram.length);
            assertThat(packet.payloadOffset() + packet.payloadLength() + packet.paddingLength())
                .isEqualTo(datagram.length);
            for (int id = 1; id <= 14; id++) {
                assertThat(packet.audioLevel(id)).as("the raw byte: V bit and level").isBetween(-1, 255);
            }
            for (int i = 0; i < packet.csrcCount(); i++) {
                packet.csrc(i);
            }
        }
    }
}
