package io.roomcast.clients.media;

import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;

/**
 * Checks what listeners decode against what speakers sent (all in this process, one clock): every
 * received frame, matched by SSRC and RTP sequence number, is decoded in order per listener and
 * speaker and compared sample for sample with the decoding of the frame sent; loss, duplicates and
 * added latency (send → receive, {@link System#nanoTime()}) are counted over all listeners.
 * {@link #receiver()} gives each listener its own state; {@link #report} sums them.
 */
public final class FrameCheck {
    private static final long HIGHEST_MICROS = 60_000_000L;

    private final List<RtpSpeaker> speakers;
    private final Set<Integer> countedOnly;
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    /** @param speakers the speakers whose streams the listeners receive */
    public FrameCheck(List<RtpSpeaker> speakers) {
        this(speakers, Set.of());
    }

    /**
     * @param speakers    the speakers whose streams the listeners receive
     * @param countedOnly SSRCs of other senders (e.g. a browser speaker, whose frames this process did not
     *                    encode): their packets are counted per listener ({@link Receiver#counted}), neither
     *                    compared nor {@code audio_unknown_packets}
     */
    public FrameCheck(List<RtpSpeaker> speakers, Set<Integer> countedOnly) {
        this.speakers = List.copyOf(speakers);
        this.countedOnly = Set.copyOf(countedOnly);
    }

    /** A new listener's state. */
    public Receiver receiver() {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    /**
     * The figures so far, as the demo's and benchmark's JSON names them: {@code audio_packets_sent},
     * {@code audio_packets_expected} (sent × listeners: every listener bound before the speakers
     * started), {@code audio_packets_received} (distinct frames), {@code audio_loss_pct},
     * {@code audio_duplicates}, {@code audio_frames_compared}, {@code audio_frames_identical_pct},
     * {@code audio_unknown_packets} (from an SSRC no speaker has, or not RTP),
     * {@code audio_added_latency_p50_ms} / {@code _p99_ms} / {@code _max_ms}.
     */
    public Map<String, Object> report() {
        return report(Set.of());
    }

    /**
     * As {@link #report()}, for a room where the edge stopped forwarding some speakers while they went on
     * sending (kicked, muted, demoted): each listener is expected to receive, of a speaker in {@code cut},
     * the frames of the longest prefix any listener received (the frames the edge forwarded before the
     * stop), and of any other speaker all its frames; every listener bound before any speaker started.
     *
     * @param cut SSRCs (raw 32 bits) whose stream the edge stopped
     */
    public Map<String, Object> report(Set<Integer> cut) {
        long sent = speakers.stream().mapToLong(RtpSpeaker::sent).sum();
        long expected = 0;
        for (RtpSpeaker speaker : speakers) {
            long each = cut.contains(speaker.ssrc())
                ? receivers.stream().mapToLong(r -> r.frames(speaker.ssrc())).max().orElse(0) : speaker.sent();
            expected += each * receivers.size();
        }
        long frames = 0;
        long identical = 0;
        long compared = 0;
        long duplicates = 0;
        long unknown = 0;
        Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        for (Receiver receiver : receivers) {
            synchronized (receiver) {
                for (ReceivedStream s : receiver.streams.values()) {
                    s.verify();
                    frames += s.frames;
                    identical += s.identical;
                    compared += s.compared;
                    duplicates += s.duplicates;
                }
                unknown += receiver.unknown;
                latency.add(receiver.latencyMicros);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("audio_packets_sent", sent);
        out.put("audio_packets_expected", expected);
        out.put("audio_packets_received", frames);
        out.put("audio_loss_pct", expected == 0 ? 0.0 : round(100.0 * (expected - frames) / expected));
        out.put("audio_duplicates", duplicates);
        out.put("audio_frames_compared", compared);
        out.put("audio_frames_identical_pct", compared == 0 ? 0.0 : round(100.0 * identical / compared));
        out.put("audio_unknown_packets", unknown);
        out.put("audio_added_latency_p50_ms", millis(latency.getValueAtPercentile(50)));
        out.put("audio_added_latency_p99_ms", millis(latency.getValueAtPercentile(99)));
        out.put("audio_added_latency_max_ms", millis(latency.getMaxValue()));
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /** One listener's streams, one per speaker; fed by the listener's receiving thread. */
    public final class Receiver {
        private final Map<Integer, ReceivedStream> streams = new LinkedHashMap<>();
        private final RtpPacket packet = new RtpPacket();
        private final Histogram latencyMicros = new Histogram(HIGHEST_MICROS, 3);
        private final Map<Integer, Long> counted = new LinkedHashMap<>();
        private long unknown;

        private Receiver() {
            for (RtpSpeaker speaker : speakers) {
                streams.put(speaker.ssrc(), new ReceivedStream(speaker.log(), speaker.clip()));
            }
        }

        /** Accounts one received datagram (RTP expected) that arrived at {@code nanos}. */
        public synchronized void received(ByteBuffer datagram, int offset, int length, long nanos) {
            boolean rtp = packet.parse(datagram, offset, length) == RtpStatus.VALID;
            if (rtp && countedOnly.contains(packet.ssrc())) {
                counted.merge(packet.ssrc(), 1L, Long::sum);
                return;
            }
            ReceivedStream stream = rtp ? streams.get(packet.ssrc()) : null;
            if (stream == null) {
                unknown++;
                return;
            }
            stream.received(packet, nanos, latencyMicros);
        }

        /** Packets received from {@code ssrc}, one of the constructor's {@code countedOnly} (duplicates included). */
        public synchronized long counted(int ssrc) {
            return counted.getOrDefault(ssrc, 0L);
        }

        /** Distinct frames received from {@code ssrc} so far (0 for an SSRC no speaker has). */
        public synchronized long frames(int ssrc) {
            ReceivedStream stream = streams.get(ssrc);
            return stream == null ? 0 : stream.frames;
        }

        /**
         * When the last packet from {@code ssrc} arrived (duplicates included), {@link System#nanoTime()};
         * empty if none did (or no speaker has that SSRC).
         */
        public synchronized OptionalLong lastArrival(int ssrc) {
            ReceivedStream stream = streams.get(ssrc);
            return stream == null ? OptionalLong.empty() : stream.lastArrival();
        }

        /**
         * Arrival times ({@link System#nanoTime()}) of every packet from {@code ssrc} (duplicates included), in
         * arrival order; empty for an SSRC no speaker has.
         */
        public synchronized long[] arrivals(int ssrc) {
            ReceivedStream stream = streams.get(ssrc);
            return stream == null ? new long[0] : stream.arrivals();
        }

        /**
         * Send times ({@link System#nanoTime()}) of the frames speaker {@code ssrc} sent that this listener has not
         * received (so far), in sending order; empty for an SSRC no speaker has.
         */
        public synchronized long[] missedSentNanos(int ssrc) {
            ReceivedStream stream = streams.get(ssrc);
            return stream == null ? new long[0] : stream.missedSentNanos();
        }

        /** RR blocks on every stream this listener has received from (RFC 3550 section 6.4.2). */
        public synchronized List<ReportBlock> reportBlocks() {
            List<ReportBlock> blocks = new ArrayList<>();
            streams.values().stream().filter(s -> s.frames > 0).forEach(s -> blocks.add(s.reportBlock()));
            return blocks;
        }
    }
}
