package io.roomcast.media.opus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusTocTest {
    @ParameterizedTest(name = "config {0}: {1} samples")
    @CsvSource({
        "0, 480", "1, 960", "2, 1920", "3, 2880",       // SILK NB 10/20/40/60 ms
        "11, 2880",                                      // SILK WB 60 ms
        "12, 480", "13, 960", "14, 480", "15, 960",      // Hybrid SWB, FB 10/20 ms
        "16, 120", "17, 240", "18, 480", "19, 960",      // CELT NB 2.5/5/10/20 ms
        "31, 960"                                        // CELT FB 20 ms
    })
    void frameSizesOfTheConfigTable(int config, int samples) {
        assertThat(OpusToc.frameSamples(config << 3)).isEqualTo(samples);
    }

    @Test
    void theFrameCountComesFromTheCode() {
        int fullband20ms = 31 << 3;
        assertThat(OpusToc.packetSamples(fullband20ms, 0, 10)).isEqualTo(960);
        assertThat(OpusToc.packetSamples(fullband20ms | 1, 0, 10)).isEqualTo(1920);
        assertThat(OpusToc.packetSamples(fullband20ms | 2, 0, 10)).isEqualTo(1920);
        assertThat(OpusToc.packetSamples(fullband20ms | 3, 0x85, 10)).isEqualTo(5 * 960);
    }

    @Test
    void durationsThatCannotBeKnownAreMalformed() {
        assertThat(OpusToc.packetSamples(new byte[0], 0, 0)).isEqualTo(OpusToc.MALFORMED);
        assertThat(OpusToc.packetSamples(new byte[] {(byte) (31 << 3 | 3)}, 0, 1)).isEqualTo(OpusToc.MALFORMED);
        assertThat(OpusToc.packetSamples(31 << 3 | 3, 0, 5)).isEqualTo(OpusToc.MALFORMED);
        // 7 frames of 20 ms = 140 ms, over the 120 ms limit.
        assertThat(OpusToc.packetSamples(31 << 3 | 3, 7, 5)).isEqualTo(OpusToc.MALFORMED);
        assertThat(OpusToc.packetSamples(3 << 3 | 3, 2, 5)).isEqualTo(5760);
    }

    @Test
    void readsFromArraysAndBuffersAlike() {
        byte[] packet = {(byte) 0xfc, (byte) 0xff, (byte) 0xfe};
        assertThat(OpusToc.packetSamples(packet, 0, 3)).isEqualTo(960);
        assertThat(OpusToc.packetSamples(ByteBuffer.wrap(packet), 0, 3)).isEqualTo(960);
        assertThat(OpusToc.packetSamples(ByteBuffer.wrap(packet), 2, 1)).isEqualTo(1920);
    }

    @Test
    void pacing() {
        assertThat(OpusToc.toNanos(OpusToc.SAMPLES_PER_20_MS)).isEqualTo(20_000_000L);
        assertThat(OpusToc.toNanos(120)).isEqualTo(2_500_000L);
    }
}
