package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The speaker named in a WebRTC copy: its contributing-source id as the packet's only CSRC (RFC 3550 section 5.1). */
class ContributingSourceTest {
    @Test
    void theIdIsFnv1aOfTheUserIdsUtf8Bytes() {
        assertThat(ContributingSource.of("")).isEqualTo(0x811C9DC5);
        assertThat(ContributingSource.of("a")).isEqualTo(0xE40C292C);
        assertThat(ContributingSource.of("alice")).isEqualTo(0x872213E7);
        assertThat(ContributingSource.of("ünï")).as("UTF-8, not UTF-16").isEqualTo(0x1B521A56);
    }

    @Test
    void aPacketWithoutCsrcGetsOneAndKeepsItsExtensionPayloadAndPadding() {
        // V=2, P=1, X=1, CC=0; PT 111; a one-byte-header extension (RFC 8285) of 1 word; payload; 2 bytes of padding
        byte[] rtp = {(byte) 0xB0, 111, 0, 9, 0, 0, 0, 5, 0, 0, 0, 1,
            (byte) 0xBE, (byte) 0xDE, 0, 1, 0x10, (byte) 0x85, 0, 0,
            1, 2, 3, 4, 5, 0, 2};
        byte[] out = copy(rtp, 0x0A0B0C0D, 10);

        assertThat(out).hasSize(rtp.length + 4 + 10);
        assertThat(ContributingSource.copiedLength(rtp[0], rtp.length)).isEqualTo(rtp.length + 4);
        assertThat(out[0] & 0xFF).as("V, P, X kept; CC 1").isEqualTo(0xB1);
        assertThat(Arrays.copyOfRange(out, 1, 12)).isEqualTo(Arrays.copyOfRange(rtp, 1, 12));
        assertThat(ByteBuffer.wrap(out).getInt(12)).isEqualTo(0x0A0B0C0D);
        assertThat(Arrays.copyOfRange(out, 16, rtp.length + 4)).isEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));
        assertThat(Arrays.copyOfRange(out, rtp.length + 4, out.length)).as("spare").containsOnly(0);
    }

    @Test
    void theSendersOwnCsrcsAreReplacedNotKept() {
        // CC=2: a sender cannot name someone else as the speaker of its packets
        byte[] rtp = {(byte) 0x82, 111, 0, 9, 0, 0, 0, 5, 0, 0, 0, 1,
            0, 0, 0, 7, 0, 0, 0, 8, 42, 43};
        byte[] out = copy(rtp, 99, 0);

        assertThat(out).hasSize(12 + 4 + 2);
        assertThat(ContributingSource.copiedLength(rtp[0], rtp.length)).isEqualTo(out.length);
        assertThat(out[0] & 0x0F).isEqualTo(1);
        assertThat(ByteBuffer.wrap(out).getInt(12)).isEqualTo(99);
        assertThat(Arrays.copyOfRange(out, 16, 18)).containsExactly(42, 43);
    }

    /** Through a buffer holding other bytes around the packet, as the received datagram's may. */
    private static byte[] copy(byte[] rtp, int csrc, int spare) {
        ByteBuffer buffer = ByteBuffer.allocate(rtp.length + 8);
        buffer.put(3, rtp);
        return ContributingSource.copyWith(buffer, 3, rtp.length, csrc, spare);
    }
}
