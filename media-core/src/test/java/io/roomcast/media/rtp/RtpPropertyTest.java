package io.roomcast.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RtpPropertyTest {
    @Property(tries = 2000)
    void whatTheWriterWritesTheParserReadsBack(@ForAll int ssrc, @ForAll @IntRange(max = 127) int payloadType,
                                               @ForAll @IntRange(min = 1, max = 14) int levelId,
                                               @ForAll @IntRange(max = 65535) int sequenceNumber,
                                               @ForAll int timestamp, @ForAll boolean marker,
                                               @ForAll @IntRange(min = -1, max = 255) int audioLevel,
                                               @ForAll @Size(max = 1000) byte[] payload,
                                               @ForAll @IntRange(max = 100) int offset) {
        byte[] out = new byte[offset + 1200];
        int written = new RtpWriter(ssrc, payloadType, levelId)
            .write(out, offset, sequenceNumber, timestamp, marker, audioLevel, payload, 0, payload.length);

        RtpPacket view = new RtpPacket();
        assertThat(view.parse(out, offset, written)).isEqualTo(RtpStatus.VALID);
        assertThat(view.ssrc()).isEqualTo(ssrc);
        assertThat(view.payloadType()).isEqualTo(payloadType);
        assertThat(view.sequenceNumber()).isEqualTo(sequenceNumber);
        assertThat(view.timestamp()).isEqualTo(timestamp);
        assertThat(view.marker()).isEqualTo(marker);
        assertThat(view.audioLevel(levelId)).isEqualTo(audioLevel);
        assertThat(view.payloadLength()).isEqualTo(payload.length);
        for (int i = 0; i < payload.length; i++) {
            assertThat(out[view.payloadOffset() + i]).isEqualTo(payload[i]);
        }
    }

    @Property(tries = 5000)
    void theParserNeverThrowsOnRandomBytes(@ForAll @Size(max = 1300) byte[] datagram,
                                           @ForAll @IntRange(max = 14) int probeId) {
        RtpPacket view = new RtpPacket();
        RtpStatus status = view.parse(datagram, 0, datagram.length);
        assertThat(status).isNotNull();
        if (status == RtpStatus.VALID) {
            assertThat(view.payloadOffset() + view.payloadLength() + view.paddingLength()).isEqualTo(datagram.length);
            view.audioLevel(probeId);
        }
    }

    @Property(tries = 5000)
    void theParserNeverThrowsOnRtpLookingBytes(@ForAll @Size(min = 12, max = 300) byte[] datagram,
                                               @ForAll("profiles") int profile,
                                               @ForAll @IntRange(max = 255) int probeId) {
        // Version 2 and the X bit, random P and CC, an RFC 8285 profile where the extension starts:
        // the paths past the version check, with random element ids and lengths.
        datagram[0] = (byte) (0x90 | (datagram[0] & 0x2F));
        int extension = RtpPacket.FIXED_HEADER_BYTES + (datagram[0] & 0x0F) * 4;
        if (extension + 2 <= datagram.length) {
            datagram[extension] = (byte) (profile >>> 8);
            datagram[extension + 1] = (byte) profile;
        }
        RtpPacket view = new RtpPacket();
        RtpStatus status = view.parse(datagram, 0, datagram.length);
        assertThat(status).isNotEqualTo(RtpStatus.WRONG_VERSION);
        if (status == RtpStatus.VALID) {
            assertThat(view.payloadLength()).isNotNegative();
            view.findExtension(probeId);
            view.audioLevel(probeId);
        }
    }

    @Provide
    Arbitrary<Integer> profiles() {
        return Arbitraries.of(HeaderExtensions.ONE_BYTE_PROFILE, 0x1000, 0x100F, 0xABCD);
    }
}
