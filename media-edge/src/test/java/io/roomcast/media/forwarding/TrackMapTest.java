package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A WebRTC listener's fixed tracks: streams mapped onto N SSRCs, numbering continued across switches. */
class TrackMapTest {
    private static final long MS = 1_000_000L;

    @Test
    void eachStreamKeepsItsTrackAndNumbersPassThroughUntilASwitch() {
        TrackMap map = new TrackMap(new int[] {100, 200});
        byte[] a1 = packet(0xA, 10, 1000);
        assertThat(map.rewrite(a1, 0, 111, 0)).isZero();
        assertThat(ssrc(a1)).isEqualTo(100);
        assertThat(seq(a1)).isEqualTo(10);
        assertThat(ts(a1)).isEqualTo(1000);
        assertThat(a1[1] & 0x7F).isEqualTo(111);
        assertThat(a1[1] & 0x80).as("marker on a new stream").isNotZero();
        byte[] b1 = packet(0xB, 500, 77);
        assertThat(map.rewrite(b1, 0, 111, MS)).isEqualTo(1);
        byte[] a2 = packet(0xA, 11, 1960);
        assertThat(map.rewrite(a2, 0, 111, 20 * MS)).isZero();
        assertThat(seq(a2)).isEqualTo(11);
        assertThat(a2[1] & 0x80).isZero();
    }

    @Test
    void aThirdStreamTakesTheTrackIdleLongestAndContinuesItsNumbering() {
        TrackMap map = new TrackMap(new int[] {100, 200});
        map.rewrite(packet(0xA, 10, 1000), 0, 111, 0);
        map.rewrite(packet(0xB, 500, 77), 0, 111, 10 * MS);
        byte[] b2 = packet(0xB, 501, 1037);
        map.rewrite(b2, 0, 111, 30 * MS);
        byte[] c = packet(0xC, 40_000, 123_456);
        assertThat(map.rewrite(c, 0, 96, 1_000 * MS)).as("A's track, idle longest").isZero();
        assertThat(ssrc(c)).isEqualTo(100);
        assertThat(seq(c)).as("continues A's numbering").isEqualTo(11);
        assertThat(ts(c)).as("A's last timestamp + the real gap (1000 ms at 48 kHz)").isEqualTo(1000 + 48_000);
        byte[] c2 = packet(0xC, 40_001, 123_456 + 960);
        map.rewrite(c2, 0, 96, 1_020 * MS);
        assertThat(seq(c2)).isEqualTo(12);
        assertThat(ts(c2)).isEqualTo(1000 + 48_000 + 960);
    }

    private static byte[] packet(int ssrc, int seq, int ts) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put(0, (byte) 0x80).put(1, (byte) 111).putShort(2, (short) seq).putInt(4, ts).putInt(8, ssrc);
        return b.array();
    }

    private static int ssrc(byte[] p) {
        return ByteBuffer.wrap(p).getInt(8);
    }

    private static int seq(byte[] p) {
        return ByteBuffer.wrap(p).getShort(2) & 0xFFFF;
    }

    private static int ts(byte[] p) {
        return ByteBuffer.wrap(p).getInt(4);
    }
}
