package io.roomcast.media.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.roomcast.media.metrics.MediaMetrics;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures stalls of the forwarding threads: every {@link #PERIOD_MS} ms each event loop of the group runs a
 * task scheduled for that moment, and how late it ran (ns, 0 when on time) goes to
 * {@code roomcast_media_loop_lag_seconds}. A thread that ran it {@link #STALL_MS} ms or more late is logged as a
 * WARN naming the thread: while it stalled, the datagrams of its socket (RTP, RTCP, binding requests) waited
 * unread in the kernel's receive buffer, or were dropped by the kernel once it was full. Causes: GC pauses, CPU
 * starvation of the process, or blocking work on the loop. Fixed-delay, so one long stall is one sample.
 */
final class LoopLagProbe implements Runnable {
    /** Sampling period per thread, ms. */
    static final long PERIOD_MS = 100;
    /** Lateness logged as a stall, ms. */
    static final long STALL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(LoopLagProbe.class);

    private final EventExecutor loop;
    private final MediaMetrics<?> metrics;
    private long due;

    private LoopLagProbe(EventExecutor loop, MediaMetrics<?> metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    /** Starts one probe on every event loop of {@code group}; they stop with it. */
    static void start(EventLoopGroup group, MediaMetrics<?> metrics) {
        for (EventExecutor loop : group) {
            new LoopLagProbe(loop, metrics).schedule();
        }
    }

    private void schedule() {
        due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
        if (!loop.isShuttingDown()) {
            loop.schedule(this, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void run() {
        long late = Math.max(0, System.nanoTime() - due);
        metrics.loopLag(late);
        if (late >= TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
            LOG.warn("forwarding thread {} stalled: a task due now ran {} ms late; its socket's datagrams waited "
                + "unread meanwhile (GC pause, CPU starvation or blocking work)", Thread.currentThread().getName(),
                TimeUnit.NANOSECONDS.toMillis(late));
        }
        schedule();
    }
}
