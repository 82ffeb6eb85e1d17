package io.roomcast.clients.media;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.roomcast.media.opus.OpusToc;
import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtp.JitterEstimator;
import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.SequenceTracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * One speaker's stream as one listener receives it: keeps each new frame, and on {@link #verify} decodes
 * the kept frames in arrival order with its own decoder (a lost frame is concealed first, as a client's
 * decoder would), compares the decoding
 * with the speaker's reference decoding of that frame ({@link SpeechClip#decoded()}, matched by the
 * RTP sequence number's index in the speaker's stream, {@link SentLog#frameIndex}), counts duplicates,
 * and records the added latency (send → receive, µs) in the caller's histogram. Also keeps the RFC 3550
 * receiver statistics of an RR block (appendix A.1, A.3, A.8), and every packet's arrival time
 * ({@link System#nanoTime()}, 8 bytes per packet) for {@link #lastArrival} and {@link #arrivals}. Not thread-safe.
 */
final class ReceivedStream {
    private final SentLog sent;
    private final SpeechClip clip;
    private final OpusDecoder decoder = OpusFrames.decoder();
    private final BitSet seen = new BitSet();
    private final SequenceTracker sequences = new SequenceTracker(1);
    private final JitterEstimator jitter = new JitterEstimator();
    private long[] arrivals = new long[1024];
    private int arrivalCount;
    private int nextIndex;
    private final List<Frame> undecoded = new ArrayList<>();
    long frames;
    long identical;
    long compared;
    long duplicates;

    ReceivedStream(SentLog sent, SpeechClip clip) {
        this.sent = sent;
        this.clip = clip;
    }

    /** Accounts one packet of this stream (a valid parse of {@code packet}), arrived at {@code nanos}. */
    void received(RtpPacket packet, long nanos, Histogram latencyMicros) {
        if (arrivalCount == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, arrivalCount * 2);
        }
        arrivals[arrivalCount++] = nanos;
        int index = sent.frameIndex(packet.sequenceNumber());
        sequences.update(packet.sequenceNumber());
        jitter.update(JitterEstimator.toRtpUnits(nanos, OpusToc.RTP_CLOCK_RATE_HZ), packet.timestamp());
        if (seen.get(index)) {
            duplicates++;
            return;
        }
        seen.set(index);
        frames++;
        long sentAt = sent.sentNanos(packet.sequenceNumber());
        if (sentAt != 0 && nanos >= sentAt) {
            latencyMicros.recordValue((nanos - sentAt) / 1_000);
        }
        byte[] data = new byte[packet.payloadLength()];
        packet.buffer().get(packet.payloadOffset(), data);
        undecoded.add(new Frame(index, data));
    }

    /**
     * Decodes the frames received since the last call, in arrival order, and compares each with the
     * reference ({@link #identical}, {@link #compared}). Kept off {@link #received} so that a listener's
     * receiving thread only copies bytes and takes the time: decoding inline (about 4,000 frames/s in the
     * demo, in pure Java) made the thread fall seconds behind when the machine was saturated, so arrival
     * times came late and the socket buffer overflowed (frames lost), which is not what the edge did.
     */
    void verify() {
        for (Frame frame : undecoded) {
            for (; nextIndex < frame.index(); nextIndex++) {
                OpusFrames.conceal(decoder, clip.samples()[nextIndex % clip.size()]);
            }
            nextIndex = Math.max(nextIndex, frame.index() + 1);
            short[] pcm = OpusFrames.decode(decoder, frame.payload(), 0, frame.payload().length);
            if (frame.index() < clip.size()) {
                compared++;
                if (Arrays.equals(pcm, clip.decoded()[frame.index()])) {
                    identical++;
                }
            }
        }
        undecoded.clear();
    }

    /** A new frame's place in the speaker's stream and its Opus payload, waiting for {@link #verify}. */
    private record Frame(int index, byte[] payload) {}

    /** Arrival of the last packet of this stream (duplicates included), {@link System#nanoTime()}; empty if none. */
    OptionalLong lastArrival() {
        long last = Long.MIN_VALUE;
        for (int i = 0; i < arrivalCount; i++) {
            last = Math.max(last, arrivals[i]);
        }
        return arrivalCount == 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** Arrival times of every packet of this stream (duplicates included), in arrival order, {@link System#nanoTime()}. */
    long[] arrivals() {
        return Arrays.copyOf(arrivals, arrivalCount);
    }

    /**
     * Send times ({@link System#nanoTime()}) of the frames the speaker has sent that this stream has not received,
     * in sending order (the last 65,536 frames only: {@link SentLog}).
     */
    long[] missedSentNanos() {
        long count = sent.count();
        long[] missed = new long[(int) Math.max(0, count - frames)];
        int n = 0;
        for (int index = 0; index < count && n < missed.length; index++) {
            if (!seen.get(index)) {
                missed[n++] = sent.sentNanos(sent.sequenceNumber(index));
            }
        }
        return Arrays.copyOf(missed, n);
    }

    /** An RR block on this stream (no SR is ever received: LSR and DLSR 0). */
    ReportBlock reportBlock() {
        return new ReportBlock(sent.ssrc(), sequences.takeFractionLost(), sequences.cumulativeLost(),
            sequences.extendedHighestSequence(), jitter.jitter(), 0, 0);
    }
}
