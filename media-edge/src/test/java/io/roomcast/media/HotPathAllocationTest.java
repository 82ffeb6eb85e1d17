package io.roomcast.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.forwarding.Binding;
import io.roomcast.media.forwarding.ForwardingTable;
import io.roomcast.media.forwarding.LoudestSpeakers;
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
 * The per-packet path allocates nothing: over 100,000 packets, writing RTP, parsing it and its audio
 * level, looking up the sender's binding, choosing the loudest speakers, tracking sequence numbers
 * and jitter and reading an RTCP compound together allocate less than one byte per packet (what
 * remains is the measurement's own overhead). Counts bytes, not time.
 */
class HotPathAllocationTest {
    private static final int PACKETS = 100_000;
    private static final int LEVEL_ID = 1;
    private static final int SPEAKERS = 4;

    @Test
    void thePerPacketPathAllocatesNothing() {
        Pipeline pipeline = new Pipeline();
        pipeline.run(PACKETS);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long checksum = pipeline.run(PACKETS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(checksum).isPositive();
        assertThat(allocated).isLessThan(PACKETS);
    }

    /** Everything a forwarding thread and a load generator do per packet, set up once. */
    private static final class Pipeline {
        final byte[] payload = new byte[80];
        final ByteBuffer rtp = ByteBuffer.allocateDirect(1200);
        final byte[] heap = new byte[1200];
        final ByteBuffer rtcp = ByteBuffer.allocateDirect(200);
        final int rtcpLength = RtcpWriter.writeReceiverReport(rtcp, 0, 9, List.of(new ReportBlock(7, 1, 2, 3, 4, 5, 6)));
        final RtpWriter[] writers = new RtpWriter[SPEAKERS];
        final RtpPacket view = new RtpPacket();
        final RtcpReader reader = new RtcpReader(1200);
        final SequenceTracker sequence = new SequenceTracker();
        final JitterEstimator jitter = new JitterEstimator();
        final ForwardingTable forwarding = new ForwardingTable();
        final LoudestSpeakers loudest = new LoudestSpeakers(3, 20, 500_000_000L, 3);

        Pipeline() {
            for (int s = 0; s < SPEAKERS; s++) {
                writers[s] = new RtpWriter(1000 + s, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID);
                forwarding.bind(1000 + s, "room", "user" + s);
                forwarding.speakerAdded("room", "user" + s);
            }
        }

        long run(int packets) {
            long checksum = 0;
            for (int i = 0; i < packets; i++) {
                RtpWriter writer = writers[i % SPEAKERS];
                int length = writer.write(rtp, 0, i, i * 960, false, AudioLevel.of(i % 128, true), payload, 0, payload.length);
                writer.write(heap, 0, i, i * 960, false, AudioLevel.ABSENT, payload, 0, payload.length);
                if (view.parse(heap, 0, length - RtpWriter.AUDIO_LEVEL_BLOCK_BYTES) == RtpStatus.VALID
                    && view.parse(rtp, 0, length) == RtpStatus.VALID) {
                    Binding binding = forwarding.binding(view.ssrc());
                    int level = view.audioLevel(LEVEL_ID);
                    if (binding != null && binding.forwarded() && loudest.admit(view.ssrc(), level, i * 20_000_000L)) {
                        checksum += AudioLevel.level(level) + view.payloadLength();
                    }
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
}
