package io.roomcast.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class RtcpPropertyTest {
    @Property(tries = 5000)
    void theReaderNeverThrowsAndItsPacketsCoverTheDatagram(@ForAll @Size(max = 300) byte[] datagram,
                                                           @ForAll boolean looksLikeAReport) {
        if (looksLikeAReport && datagram.length > 1) {
            datagram[0] = (byte) (0x80 | (datagram[0] & 0x3F));
            datagram[1] = (byte) RtcpPacketType.RR;
        }
        RtcpReader reader = new RtcpReader(1200);
        if (reader.reset(datagram, 0, datagram.length) != RtcpStatus.VALID) {
            assertThat(reader.next()).isFalse();
            return;
        }
        int covered = 0;
        while (reader.next()) {
            covered += reader.packetLength();
            for (int i = 0; i < reader.reportBlockCount(); i++) {
                reader.reportBlock(i);
            }
            if (reader.packetType() == RtcpPacketType.BYE) {
                reader.byeReason();
            }
        }
        assertThat(covered).isEqualTo(datagram.length);
    }
}
