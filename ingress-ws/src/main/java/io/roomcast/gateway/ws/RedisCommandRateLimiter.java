package io.roomcast.gateway.ws;

import io.roomcast.gateway.protocol.CommandOp;
import io.roomcast.gateway.protocol.CommandRateLimiter;
import io.roomcast.gateway.protocol.RateLimitVerdict;
import io.roomcast.gateway.rest.ratelimit.RateLimitPolicy;
import io.roomcast.gateway.rest.ratelimit.RedisRateLimiter;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket commands' per-user rate limits, counted in Redis by {@link RedisRateLimiter} (the same
 * counters as the REST API, so they hold across gateway nodes): every command counts against
 * {@code command} (default 20 per 1 s), a {@code join} against {@code join} (10 per 1 min) as well
 * ({@link RateLimitPolicy#actionsOfCommand}). Never blocks; a Redis failure is a
 * {@link RateLimitVerdict.Unavailable} verdict (the command is refused, not let through).
 */
@Singleton
final class RedisCommandRateLimiter implements CommandRateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCommandRateLimiter.class);
    private final RedisRateLimiter limiter;

    RedisCommandRateLimiter(RedisRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public CompletionStage<RateLimitVerdict> check(String userId, CommandOp op) {
        try {
            return limiter.checkAllAsync(userId, RateLimitPolicy.actionsOfCommand(op.wireName()))
                .handle((decision, error) -> error != null ? unavailable(error) : verdict(decision));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(e));
        }
    }

    private static RateLimitVerdict verdict(RateLimitPolicy.Decision d) {
        return d.allowed() ? RateLimitVerdict.ALLOWED : new RateLimitVerdict.Limited(d.action(), d.limit(), d.retryAfterMs());
    }

    private static RateLimitVerdict unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("rate limit check failed: {}", cause.toString());
        return new RateLimitVerdict.Unavailable(cause.getClass().getSimpleName());
    }
}
