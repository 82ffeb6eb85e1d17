package io.roomcast.search.indexer;

import java.time.Duration;

/**
 * Exponential backoff for start-up retries (making sure of an alias, a rebuild): the first pause is
 * {@code initial}, each next one twice the last, at most {@code max}. Not thread-safe: one per retry loop.
 */
final class Backoff {
    private final long maxMs;
    private long nextMs;

    /**
     * @param initial the first pause, at least 1 ms
     * @param max     the longest pause
     */
    Backoff(Duration initial, Duration max) {
        this.nextMs = Math.max(1, initial.toMillis());
        this.maxMs = max.toMillis();
    }

    /** @return the pause {@link #pause()} takes next, ms */
    long nextMs() {
        return nextMs;
    }

    /**
     * Sleeps {@link #nextMs()}, then doubles it up to the maximum.
     *
     * @throws InterruptedException if interrupted meanwhile
     */
    void pause() throws InterruptedException {
        Thread.sleep(nextMs);
        nextMs = Math.min(maxMs, nextMs * 2);
    }
}
