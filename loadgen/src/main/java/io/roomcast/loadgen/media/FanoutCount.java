package io.roomcast.loadgen.media;

import io.roomcast.clients.media.SentLog;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Counts the copies of each sent packet that listeners received, without decoding: packets are
 * matched to their speaker's {@link SentLog} by SSRC (as forwarded: the edge keeps the speaker's,
 * Janus' rtp_forward sets its own) and RTP sequence number. Only packets sent inside the measured
 * window count: forwarded packets/s = copies of them / window; loss = expected copies (sent in the
 * window × listeners) - received copies; duplicates = copies beyond the listener count. Added latency
 * (send → receive, µs) goes to one histogram per receiving thread ({@link #recorder()}).
 */
public final class FanoutCount {
    private static final long HIGHEST_MICROS = 60_000_000L;
    private static final int SEQUENCE_SPACE = 1 << 16;

    private final int[] ssrcs;
    private final SentLog[] logs;
    private final AtomicIntegerArray[] copies;
    private final int listeners;
    private final List<Histogram> histograms = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong outside = new AtomicLong();
    private final java.util.concurrent.atomic.LongAdder all = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder arrivals = new java.util.concurrent.atomic.LongAdder();
    private final Histogram shared = recorder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /**
     * @param streams forwarded SSRC → the log of the speaker sending it
     * @param listeners listeners each packet should reach
     */
    public FanoutCount(Map<Integer, SentLog> streams, int listeners) {
        this.ssrcs = streams.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.logs = streams.values().toArray(SentLog[]::new);
        this.copies = new AtomicIntegerArray[ssrcs.length];
        for (int i = 0; i < ssrcs.length; i++) {
            copies[i] = new AtomicIntegerArray(SEQUENCE_SPACE);
        }
        this.listeners = listeners;
    }

    /** Starts the window now ({@link System#nanoTime()}); it lasts {@code nanos}. */
    public void window(long nanos) {
        long now = System.nanoTime();
        windowEnd = now + nanos;
        windowStart = now;
    }

    /** A latency histogram for one receiving thread (µs), merged by {@link #report}. */
    public Histogram recorder() {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 2);
        histograms.add(histogram);
        return histogram;
    }

    /** Datagrams received so far, counted or not (e.g. to wait until nothing more arrives). */
    public long datagrams() {
        return all.sum();
    }

    /** One latency histogram any thread may use (slower: contended), e.g. for rare datagrams. */
    public Histogram sharedRecorder() {
        return shared;
    }

    /**
     * Accounts one received datagram.
     *
     * @param ssrc its SSRC, raw 32 bits
     * @param sequenceNumber its RTP sequence number
     * @param nanos arrival time, {@link System#nanoTime()}
     * @param latency the receiving thread's {@link #recorder()}
     */
    public void received(int ssrc, int sequenceNumber, long nanos, Histogram latency) {
        all.increment();
        if (nanos >= windowStart && nanos < windowEnd) {
            arrivals.increment();
        }
        for (int i = 0; i < ssrcs.length; i++) {
            if (ssrcs[i] == ssrc) {
                long sent = logs[i].sentNanos(sequenceNumber);
                if (sent >= windowStart && sent < windowEnd) {
                    copies[i].incrementAndGet(sequenceNumber & 0xFFFF);
                    synchronized (latency) {
                        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos - sent) / 1_000));
                    }
                } else {
                    outside.incrementAndGet();
                }
                return;
            }
        }
        outside.incrementAndGet();
    }

    /**
     * After the window (and a drain time): {@code sent_in_window}, {@code copies_expected},
     * {@code copies_received}, {@code forwarded_pps} (copies / window seconds, packets/s),
     * {@code arrivals_pps} (datagrams that arrived during the window, whenever sent / window seconds:
     * what the forwarder delivered in the time its CPU was sampled),
     * {@code loss_pct}, {@code duplicates}, {@code latency_p50_ms} / {@code _p99_ms} / {@code _max_ms}.
     */
    public Map<String, Object> report() {
        long sent = 0;
        long received = 0;
        long duplicates = 0;
        for (int i = 0; i < logs.length; i++) {
            for (int seq = 0; seq < SEQUENCE_SPACE; seq++) {
                long at = logs[i].sentNanos(seq);
                if (at >= windowStart && at < windowEnd) {
                    sent++;
                    int n = copies[i].get(seq);
                    received += n;
                    duplicates += Math.max(0, n - listeners);
                }
            }
        }
        Histogram latency = new Histogram(HIGHEST_MICROS, 2);
        for (Histogram h : histograms) {
            synchronized (h) {
                latency.add(h);
            }
        }
        double seconds = (windowEnd - windowStart) / 1e9;
        long expected = sent * listeners;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sent_in_window", sent);
        out.put("copies_expected", expected);
        out.put("copies_received", received);
        out.put("forwarded_pps", Math.round(received / seconds));
        out.put("arrivals_pps", Math.round(arrivals.sum() / seconds));
        out.put("loss_pct", expected == 0 ? 0.0 : Math.round(10_000.0 * (expected - received + duplicates) / expected) / 100.0);
        out.put("duplicates", duplicates);
        out.put("latency_p50_ms", latency.getValueAtPercentile(50) / 1000.0);
        out.put("latency_p99_ms", latency.getValueAtPercentile(99) / 1000.0);
        out.put("latency_max_ms", latency.getMaxValue() / 1000.0);
        return out;
    }
}
