package io.roomcast.clients.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpWriter;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReceivedStreamTest {
    private static final int SSRC = 0x1234;
    private static final int FIRST_SEQUENCE = 65_533; // the sequence numbers wrap within the stream

    @Test
    void theFramesMissedAreTheSentOnesNotReceivedWithTheirSendTimesAndEveryArrivalIsKept() {
        SentLog log = new SentLog(SSRC, FIRST_SEQUENCE);
        for (int index = 0; index < 5; index++) {
            log.sent(log.sequenceNumber(index), 1_000L * (index + 1));
        }
        byte[] payload = {(byte) 0xF8, 1, 2};
        SpeechClip clip = new SpeechClip("test", List.of(payload), new int[] {960}, new int[] {127},
            new short[][] {new short[960]});
        ReceivedStream stream = new ReceivedStream(log, clip);
        Histogram latency = new Histogram(60_000_000L, 3);

        for (int index : new int[] {0, 2, 4, 2}) {
            stream.received(packet(log.sequenceNumber(index), payload), 10_000L + index, latency);
        }

        assertThat(stream.missedSentNanos()).containsExactly(2_000L, 4_000L);
        assertThat(stream.arrivals()).containsExactly(10_000L, 10_002L, 10_004L, 10_002L);
        assertThat(stream.frames).isEqualTo(3);
        assertThat(stream.duplicates).isEqualTo(1);
    }

    @Test
    void aSequenceNumberAndItsFrameIndexAreInverses() {
        SentLog log = new SentLog(SSRC, FIRST_SEQUENCE);
        assertThat(log.sequenceNumber(0)).isEqualTo(FIRST_SEQUENCE);
        assertThat(log.sequenceNumber(3)).isZero();
        for (int index : new int[] {0, 2, 3, 1_000, 65_535}) {
            assertThat(log.frameIndex(log.sequenceNumber(index))).isEqualTo(index);
        }
    }

    private static RtpPacket packet(int sequenceNumber, byte[] payload) {
        byte[] datagram = new byte[1500];
        int length = new RtpWriter(SSRC, RtpWriter.OPUS_PAYLOAD_TYPE, RtpSpeaker.AUDIO_LEVEL_ID)
            .write(datagram, 0, sequenceNumber, 0, false, 127, payload, 0, payload.length);
        RtpPacket packet = new RtpPacket();
        packet.parse(datagram, 0, length);
        return packet;
    }
}
