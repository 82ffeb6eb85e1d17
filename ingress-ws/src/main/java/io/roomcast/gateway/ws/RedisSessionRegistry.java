package io.roomcast.gateway.ws;

import io.lettuce.core.SetArgs;
import io.micronaut.context.annotation.Value;
import io.roomcast.gateway.protocol.SessionVerdict;
import io.roomcast.gateway.rest.GatewayRedis;
import io.roomcast.schemas.SessionKeys;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session registry shared by every gateway node, in Redis ({@link SessionKeys}: key
 * {@code session:{sessionId}}, value the owning user id): written when a session becomes READY,
 * refreshed with its published heartbeats and when its connection closes, each time for
 * {@code roomcast.gateway.sessions.ttl} (default 45 s, the presence deadline). A RESUME on any node
 * asks it ({@link #check}). Never blocks (Lettuce async); a failed write is logged, a failed read is
 * a {@link SessionVerdict.Unavailable} verdict.
 */
@Singleton
final class RedisSessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionRegistry.class);
    private final GatewayRedis redis;
    private final Duration ttl;

    /** @param ttl how long a session stays resumable after its last refresh (at least 1 ms) */
    RedisSessionRegistry(GatewayRedis redis, @Value("${roomcast.gateway.sessions.ttl:45s}") Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("roomcast.gateway.sessions.ttl must be at least 1 ms: " + ttl);
        }
        this.redis = redis;
        this.ttl = ttl;
    }

    /** Writes or refreshes {@code sessionId} as {@code userId}'s for the TTL from now (fire and forget). */
    void register(String sessionId, String userId) {
        try {
            redis.async().set(SessionKeys.session(sessionId), userId, SetArgs.Builder.px(ttl.toMillis()))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("registering session {} failed: {}", sessionId, error.toString());
                    }
                });
        } catch (RuntimeException e) {
            LOG.warn("registering session {} failed: {}", sessionId, e.toString());
        }
    }

    /** The verdict on a RESUME of {@code sessionId} by {@code userId}; completes on a Lettuce thread. */
    CompletionStage<SessionVerdict> check(String sessionId, String userId) {
        try {
            return redis.async().get(SessionKeys.session(sessionId))
                .handle((owner, error) -> error != null ? unavailable(error) : SessionVerdict.of(owner, userId));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(e));
        }
    }

    private static SessionVerdict unavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("session lookup failed: {}", cause.toString());
        return new SessionVerdict.Unavailable(cause.getClass().getSimpleName());
    }
}
