package io.roomcast.social.outbox;

import java.time.Duration;

/**
 * The outbox relay's settings ({@code roomcast.social.relay.*}, application.yml).
 *
 * @param batchSize       rows sent per round at most (count; {@code batch-size}, default 2000)
 * @param pollInterval    pause when the outbox is empty ({@code poll-interval}, default 10 ms): the longest a
 *                        change committed on another node waits before the relay sees it (a commit of the
 *                        leader's own JVM wakes it, {@link OutboxRelay#wake})
 * @param leaderRetry     pause between attempts to become the leader, and after a failure ({@code leader-retry},
 *                        default 1 s)
 * @param recoveryTimeout longest wait for Kafka while reading the last records at start ({@code recovery-timeout},
 *                        default 30 s)
 */
public record RelaySettings(int batchSize, Duration pollInterval, Duration leaderRetry, Duration recoveryTimeout) {
    /** @throws IllegalArgumentException for a batch size below 1 or a non-positive duration */
    public RelaySettings {
        if (batchSize < 1 || pollInterval.isNegative() || pollInterval.isZero() || leaderRetry.isNegative()
                || leaderRetry.isZero() || recoveryTimeout.isNegative() || recoveryTimeout.isZero()) {
            throw new IllegalArgumentException("invalid roomcast.social.relay settings");
        }
    }
}
