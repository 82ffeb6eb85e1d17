package io.roomcast.loadgen.gateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The tally of one fan-out phase: {@code facts} numbered facts (0 .. facts-1, sent in that order)
 * to {@code receivers} receivers. Receivers report each fact with its own time and the arrival
 * time; a watcher may report when each fact became readable at the source (for Roomcast: committed
 * on {@code room-events}). The summary gives latency from the fact's time and, where known, from
 * its readable time (the fan-out layer's own share), duplicates, order violations (a fact numbered
 * below one already received) and what is missing. All times epoch µs.
 *
 * <p>Thread-safe across receivers; one receiver must report from one thread at a time (its
 * connection's event loop), as its own order check is not synchronized.
 */
final class Deliveries {
    private final int facts;
    private final int receivers;
    private final int[] lastFact;
    /** Arrival per fact and receiver, epoch µs; 0 = not (yet) received. */
    private final long[][] arrivals;
    private final long[] factTime;
    private final long[] readableTime;
    private final CountDownLatch all;
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong orderViolations = new AtomicLong();

    Deliveries(int facts, int receivers) {
        this.facts = facts;
        this.receivers = receivers;
        this.lastFact = new int[receivers];
        Arrays.fill(lastFact, -1);
        this.arrivals = new long[facts][receivers];
        this.factTime = new long[facts];
        this.readableTime = new long[facts];
        this.all = new CountDownLatch(Math.multiplyExact(facts, receivers));
    }

    /** @param receiver 0-based receiver index; {@code fact} 0-based fact number; times epoch µs */
    void record(int receiver, int fact, long factMicros, long arrivalMicros) {
        if (fact < 0 || fact >= facts) {
            return;
        }
        if (fact == lastFact[receiver] || arrivals[fact][receiver] != 0) {
            duplicates.incrementAndGet();
            return;
        }
        if (fact < lastFact[receiver]) {
            orderViolations.incrementAndGet();
        }
        lastFact[receiver] = Math.max(lastFact[receiver], fact);
        factTime[fact] = factMicros;
        arrivals[fact][receiver] = arrivalMicros;
        all.countDown();
    }

    /** Fact {@code fact} became readable at the source at {@code micros} (first report wins). */
    void readable(int fact, long micros) {
        if (fact >= 0 && fact < facts && readableTime[fact] == 0) {
            readableTime[fact] = micros;
        }
    }

    /** @return true if every receiver got every fact within {@code timeoutMs} */
    boolean await(long timeoutMs) throws InterruptedException {
        return all.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @return {@code delivered}, {@code missing}, {@code duplicates}, {@code order_violations};
     *     latency from the fact's time {@code p50_ms}/{@code p99_ms}/{@code max_ms}; where readable
     *     times are known, the same from them ({@code readable_to_received_p50_ms} ...); and
     *     {@code deliveries_per_s}: deliveries / (last arrival - first fact time)
     */
    Map<String, Object> summary() {
        Histogram fromFact = new Histogram(3_600_000_000L, 3);
        Histogram fromReadable = new Histogram(3_600_000_000L, 3);
        long delivered = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int f = 0; f < facts; f++) {
            for (long arrival : arrivals[f]) {
                if (arrival == 0) {
                    continue;
                }
                delivered++;
                first = Math.min(first, factTime[f]);
                last = Math.max(last, arrival);
                fromFact.recordValue(Math.max(0, arrival - factTime[f]));
                if (readableTime[f] != 0) {
                    fromReadable.recordValue(Math.max(0, arrival - readableTime[f]));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("facts", facts);
        out.put("receivers", receivers);
        out.put("delivered", delivered);
        out.put("missing", (long) facts * receivers - delivered);
        out.put("duplicates", duplicates.get());
        out.put("order_violations", orderViolations.get());
        out.put("p50_ms", ms(fromFact.getValueAtPercentile(50)));
        out.put("p99_ms", ms(fromFact.getValueAtPercentile(99)));
        out.put("max_ms", ms(fromFact.getMaxValue()));
        if (fromReadable.getTotalCount() > 0) {
            out.put("readable_to_received_p50_ms", ms(fromReadable.getValueAtPercentile(50)));
            out.put("readable_to_received_p99_ms", ms(fromReadable.getValueAtPercentile(99)));
            out.put("readable_to_received_max_ms", ms(fromReadable.getMaxValue()));
        }
        long span = last - first;
        out.put("span_ms", delivered == 0 ? 0 : ms(span));
        out.put("deliveries_per_s", delivered == 0 || span <= 0 ? 0 : Math.round(delivered * 1e6 / span));
        return out;
    }

    /** Epoch µs now (the wall clock, as fact times are; µs resolution where the OS gives it). */
    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
