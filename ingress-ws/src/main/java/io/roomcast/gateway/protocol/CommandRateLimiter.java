package io.roomcast.gateway.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The per-user rate limits of WebSocket commands as the WebSocket adapter uses them for
 * {@link SessionAction.CheckRateLimit}: asynchronous, so no event loop waits for the counter store
 * (the gateway's implementation counts in Redis, across all nodes; limits
 * {@code roomcast.gateway.rate-limits.*}).
 */
public interface CommandRateLimiter {

    /** Allows everything (for tests and tools that run without limits). */
    CommandRateLimiter UNLIMITED = (userId, op) -> CompletableFuture.completedFuture(RateLimitVerdict.ALLOWED);

    /**
     * Counts one command of {@code userId} against every limit {@code op} falls under and decides.
     * Must not block the caller.
     *
     * @param userId the authenticated user
     * @param op     the command
     * @return a stage completing, on any thread, with the verdict; a failed check completes with
     *     {@link RateLimitVerdict.Unavailable} rather than exceptionally
     */
    CompletionStage<RateLimitVerdict> check(String userId, CommandOp op);
}
