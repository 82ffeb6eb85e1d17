package io.roomcast.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtcp.RtcpReader;
import io.roomcast.media.rtcp.RtcpStatus;
import io.roomcast.media.rtcp.RtcpWriter;
import io.roomcast.media.rtp.AudioLevel;
import io.roomcast.media.rtp.JitterEstimator;
import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpStatus;
import io.roomcast.media.rtp.RtpWriter;
import io.roomcast.media.rtp.SequenceTracker;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-packet path allocates nothing: over 100,000 packets, parsing RTP and its audio level,
 * reading an RTCP compound, tracking sequence numbers and jitter and writing RTP together allocate
 * less than one byte per packet (what remains is the measurement's own overhead). Counts bytes, not time.
 */
class HotPathAllocationTest {
    private static final int PACKETS = 100_000;
    private static final int LEVEL_ID = 1;

    @Test
    void parsingAndWritingPacketsAllocatesNothingPerPacket() {
        byte[] payload = new byte[80];
        ByteBuffer rtp = ByteBuffer.allocateDirect(1200);
        ByteBuffer rtcp = ByteBuffer.allocateDirect(200);
        int rtcpLength = RtcpWriter.writeReceiverReport(rtcp, 0, 9, List.of(new ReportBlock(7, 1, 2, 3, 4, 5, 6)));
        RtpWriter writer = new RtpWriter(7, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID);
        byte[] written = new byte[1200];
        RtpPacket view = new RtpPacket();
        RtcpReader reader = new RtcpReader(1200);
        SequenceTracker sequence = new SequenceTracker();
        JitterEstimator jitter = new JitterEstimator();

        run(PACKETS, payload, rtp, rtcp, rtcpLength, writer, written, view, reader, sequence, jitter);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long checksum = run(PACKETS, payload, rtp, rtcp, rtcpLength, writer, written, view, reader, sequence, jitter);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(checksum).isPositive();
        assertThat(allocated).isLessThan(PACKETS);
    }

    private static long run(int packets, byte[] payload, ByteBuffer rtp, ByteBuffer rtcp, int rtcpLength,
                            RtpWriter writer, byte[] written, RtpPacket view, RtcpReader reader,
                            SequenceTracker sequence, JitterEstimator jitter) {
        long checksum = 0;
        for (int i = 0; i < packets; i++) {
            int length = writer.write(rtp, 0, i, i * 960, false, AudioLevel.of(i % 128, true), payload, 0, payload.length);
            writer.write(written, 0, i, i * 960, false, AudioLevel.ABSENT, payload, 0, payload.length);
            if (view.parse(rtp, 0, length) == RtpStatus.VALID && view.parse(written, 0, length - 8) == RtpStatus.VALID) {
                view.parse(rtp, 0, length);
                checksum += AudioLevel.level(view.audioLevel(LEVEL_ID)) + view.payloadLength();
                sequence.update(view.sequenceNumber());
                jitter.update(view.timestamp() + (i & 7), view.timestamp());
            }
            if (reader.reset(rtcp, 0, rtcpLength) == RtcpStatus.VALID && reader.next()) {
                checksum += reader.jitter(0) + reader.cumulativeLost(0);
            }
        }
        return checksum + sequence.received() + jitter.jitter();
    }
}
