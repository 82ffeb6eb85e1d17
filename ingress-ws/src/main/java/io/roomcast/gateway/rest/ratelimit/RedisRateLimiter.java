package io.roomcast.gateway.rest.ratelimit;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.roomcast.gateway.rest.GatewayRedis;
import io.roomcast.schemas.redis.LuaScript;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Counts requests per (user, action) in Redis and decides with the {@link RateLimitPolicy}, so a
 * limit holds across all gateway nodes.
 *
 * <p>One key per (user, action): {@code ratelimit:{userId}:action} (a string counter; the hash tag
 * keeps a user's counters in one Redis Cluster slot). One Lua script per check, atomic: INCR; on the
 * first count PEXPIRE the window; PTTL. The key expires with its window, so idle users cost nothing.
 * Refused requests are counted too (they do not extend the window).
 *
 * <p>Thread-safe. {@link #check} blocks for one Redis round trip (use it off the event loop);
 * {@link #checkAsync} and {@link #checkAllAsync} do not block; their stages complete on Lettuce's
 * threads, so callers hand further work to their own executor.
 */
@Singleton
public final class RedisRateLimiter {

    /** KEYS: counter. ARGV: window ms. Returns {count, ms left in the window}. */
    static final LuaScript SCRIPT = new LuaScript("""
            local c = redis.call('INCR', KEYS[1])
            if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {c, ttl}
            """);

    private final RateLimitPolicy policy;
    private final GatewayRedis redis;

    /**
     * @param policy the limits
     * @param redis  the gateway's Redis connection
     */
    public RedisRateLimiter(RateLimitPolicy policy, GatewayRedis redis) {
        this.policy = policy;
        this.redis = redis;
    }

    /**
     * @param userId the user (token subject)
     * @param action {@link RateLimitPolicy#CREATE_ROOM}, {@link RateLimitPolicy#JOIN} or {@link RateLimitPolicy#COMMAND}
     * @return the key of the counter, {@code ratelimit:{userId}:action}
     */
    static String key(String userId, String action) {
        return "ratelimit:{" + userId + "}:" + action;
    }

    /**
     * Counts one request and decides.
     *
     * @param userId the user, not blank
     * @param action a limited action
     * @return allowed, or refused with the ms until the window closes
     * @throws IllegalArgumentException if the action has no limit or userId is blank
     * @throws RedisException           if Redis fails or times out (callers decide: the REST API answers 503)
     */
    public RateLimitPolicy.Decision check(String userId, String action) {
        RateLimitPolicy.Limit limit = validate(userId, action);
        String[] keys = {key(userId, action)};
        String window = Long.toString(limit.window().toMillis());
        List<Long> reply = SCRIPT.run(redis.sync(), ScriptOutputType.MULTI, keys, window);
        return policy.decide(action, reply.get(0), reply.get(1));
    }

    /**
     * As {@link #check}, without blocking (for the WebSocket's event loop).
     *
     * @return the decision, or a stage failed with {@link RedisException}
     * @throws IllegalArgumentException at once, as {@link #check}
     */
    public CompletionStage<RateLimitPolicy.Decision> checkAsync(String userId, String action) {
        RateLimitPolicy.Limit limit = validate(userId, action);
        String[] keys = {key(userId, action)};
        String window = Long.toString(limit.window().toMillis());
        return SCRIPT.<List<Long>>runAsync(redis.async(), ScriptOutputType.MULTI, keys, window)
                .thenApply(reply -> policy.decide(action, reply.get(0), reply.get(1)));
    }

    /**
     * Counts one request against several limits at once (concurrently) and decides with
     * {@link RateLimitPolicy#strictest}; every limit is counted, refused or not.
     *
     * @param actions limited actions, at least one
     * @return the strictest decision, or a stage failed with {@link RedisException}
     * @throws IllegalArgumentException at once, as {@link #check}, or if actions is empty
     */
    public CompletionStage<RateLimitPolicy.Decision> checkAllAsync(String userId, List<String> actions) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("no actions");
        }
        actions.forEach(action -> validate(userId, action));
        List<CompletableFuture<RateLimitPolicy.Decision>> checks = actions.stream()
                .map(action -> checkAsync(userId, action).toCompletableFuture()).toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(done -> RateLimitPolicy.strictest(checks.stream().map(CompletableFuture::join).toList()));
    }

    private RateLimitPolicy.Limit validate(String userId, String action) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
        return policy.require(action);
    }
}
