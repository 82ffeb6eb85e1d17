package io.roomcast.media.rtp;

import static io.roomcast.media.wire.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpWriterTest {
    private static final byte[] OPUS = bytes("fc ff fe");

    @Test
    void writesTheHeaderTheAudioLevelAndThePayloadByteForByte() {
        RtpWriter writer = new RtpWriter(0x01020304, RtpWriter.OPUS_PAYLOAD_TYPE, 1);
        byte[] out = new byte[64];
        int written = writer.write(out, 0, 0xfffe, 960, true, AudioLevel.of(30, true), OPUS, 0, OPUS.length);
        assertThat(written).isEqualTo(12 + 8 + 3);
        assertThat(Arrays.copyOf(out, written)).isEqualTo(bytes(
            "90 ef ff fe  00 00 03 c0  01 02 03 04  be de 00 01  10 9e 00 00  fc ff fe"));
    }

    @Test
    void withoutAnAudioLevelThereIsNoExtension() {
        RtpWriter writer = new RtpWriter(7, RtpWriter.OPUS_PAYLOAD_TYPE, 1);
        byte[] out = new byte[64];
        int written = writer.write(out, 3, 1, 2, false, AudioLevel.ABSENT, OPUS, 1, 2);
        assertThat(Arrays.copyOfRange(out, 3, 3 + written)).isEqualTo(bytes(
            "80 6f 00 01  00 00 00 02  00 00 00 07  ff fe"));
    }

    @Test
    void whatItWritesParsesBack() {
        RtpWriter writer = new RtpWriter(-5, 96, 14);
        byte[] out = new byte[64];
        int written = writer.write(out, 10, 65535, -1, false, AudioLevel.of(127, false), OPUS, 0, OPUS.length);
        RtpPacket view = new RtpPacket();
        assertThat(view.parse(out, 10, written)).isEqualTo(RtpStatus.VALID);
        assertThat(view.ssrc()).isEqualTo(-5);
        assertThat(view.payloadType()).isEqualTo(96);
        assertThat(view.sequenceNumber()).isEqualTo(65535);
        assertThat(view.timestamp()).isEqualTo(-1);
        assertThat(AudioLevel.level(view.audioLevel(14))).isEqualTo(AudioLevel.SILENCE);
        assertThat(view.payloadOffset()).isEqualTo(10 + 20);
    }

    @Test
    void refusesWhatDoesNotFit() {
        RtpWriter writer = new RtpWriter(7, RtpWriter.OPUS_PAYLOAD_TYPE, 1);
        assertThatThrownBy(() -> writer.write(new byte[20], 0, 1, 2, false, AudioLevel.of(1, true), OPUS, 0, 3))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RtpWriter(1, 128, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpWriter(1, 111, 15)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void audioLevelsAreClampedToTheSevenBitRange() {
        assertThat(AudioLevel.level(AudioLevel.of(200, false))).isEqualTo(127);
        assertThat(AudioLevel.level(AudioLevel.of(-3, true))).isZero();
        assertThat(AudioLevel.voice(AudioLevel.of(-3, true))).isTrue();
    }
}
