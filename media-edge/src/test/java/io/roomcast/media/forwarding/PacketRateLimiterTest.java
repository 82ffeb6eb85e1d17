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

    @Test
    void aSenderOverItsLimitIsDroppedButTwiceItIsAFlood() {
        PacketRateLimiter over = new PacketRateLimiter(100);
        PacketRateLimiter flood = new PacketRateLimiter(100);
        PacketRateLimiter backlog = new PacketRateLimiter(100);
        for (int i = 0; i < 1_000; i++) {
            over.tryAcquire(i * 1_000 * MS / 150); // 150 packets/s for 6.7 s
            flood.tryAcquire(i * 1_000 * MS / 300); // 300 packets/s for 3.3 s
            backlog.tryAcquire(i * MS / 1_000); // 1,000 packets within 1 ms: a sender's backlog after a stall
        }
        assertThat(over.flooding()).as("1.5x its limit: dropped, not a flood").isFalse();
        assertThat(backlog.flooding()).as("a burst, however large, within one second: dropped, not a flood").isFalse();
        assertThat(flood.flooding()).as("3x its limit for over a second").isTrue();
    }

    @Test
    void aSourceOverItsBindingLimitIsRefusedWhileOthersAreNot_andForgottenSourcesStartAfresh() {
        SourceRateLimiter<String> limiter = new SourceRateLimiter<>(20, 2);
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            passed += limiter.tryAcquire("10.0.0.1", i * MS) ? 1 : 0;
        }
        assertThat(passed).as("a second's burst plus 100 ms of refill").isBetween(20, 22);
        assertThat(limiter.tryAcquire("10.0.0.2", 100 * MS)).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1", 99 * MS)).isFalse();
        limiter.tryAcquire("10.0.0.2", 99 * MS);
        limiter.tryAcquire("10.0.0.3", 99 * MS); // remembers two, the latest seen: 10.0.0.2 and 10.0.0.3
        assertThat(limiter.tryAcquire("10.0.0.1", 99 * MS)).as("forgotten, so a fresh burst").isTrue();
    }
}
