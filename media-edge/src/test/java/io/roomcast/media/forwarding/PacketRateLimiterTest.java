package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aSenderAtTheLimitIsNeverCutOff() {
        PacketRateLimiter limiter = new PacketRateLimiter(100);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire(i * 10 * MS)).isTrue();
        }
    }

    @Test
    void aFloodGetsOneSecondsWorthThenOnlyTheRefill() {
        PacketRateLimiter limiter = new PacketRateLimiter(100);
        int passed = 0;
        for (int i = 0; i < 1_000; i++) {
            passed += limiter.tryAcquire(i * MS / 10) ? 1 : 0;
        }
        // 1,000 packets in 100 ms: the 1 s burst (100) plus 100 ms of refill (10).
        assertThat(passed).isBetween(100, 111);
    }
}
