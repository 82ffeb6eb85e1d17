package io.roomcast.media.rtcp;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtcpMuxTest {
    private static boolean isRtcp(String hex) {
        byte[] datagram = bytes(hex);
        return RtcpMux.isRtcp(ByteBuffer.wrap(datagram), 0, datagram.length);
    }

    @Test
    void reportsAndFeedbackAreRtcp() {
        assertThat(isRtcp("80 c8 00 06")).isTrue();
        assertThat(isRtcp("81 c9 00 07")).isTrue();
        assertThat(isRtcp("81 cd 00 03")).isTrue();
    }

    @Test
    void opusRtpWithOrWithoutMarkerIsNot() {
        assertThat(isRtcp("80 6f 00 01")).isFalse();
        assertThat(isRtcp("80 ef 00 01")).isFalse();
        assertThat(isRtcp("80")).isFalse();
    }
}
