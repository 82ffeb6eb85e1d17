package io.roomcast.media.transport;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.roomcast.media.metrics.MediaMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagProbeTest {
    /** How long the test blocks the loop, ms: well over the stall threshold. */
    private static final long BLOCKED_MS = 3 * LoopLagProbe.STALL_MS;

    @Test
    void aForwardingThreadBlockedForSecondsShowsAsThatLongALoopLag() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            LoopLagProbe.start(group, new MediaMetrics<InetSocketAddress>(registry));
            Timer lag = registry.get("roomcast.media.loop.lag").timer();
            await().atMost(Duration.ofSeconds(10)).until(() -> lag.count() >= 3);
            // The stall under test: CPU-bound work that holds the event loop for BLOCKED_MS, as a long computation on
            // the loop (or a GC pause) would.
            group.submit(() -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BLOCKED_MS);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }).get();
            await().atMost(Duration.ofSeconds(10))
                .until(() -> lag.max(TimeUnit.MILLISECONDS) >= BLOCKED_MS - 2 * LoopLagProbe.PERIOD_MS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
