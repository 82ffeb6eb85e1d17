package io.roomcast.gateway.rest.ratelimit;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the {@link RateLimitPolicy} from settings ({@code roomcast.gateway.rate-limits.*}, each
 * overridable by environment, e.g. {@code ROOMCAST_GATEWAY_RATE_LIMITS_JOIN_MAX=20}).
 */
@Factory
public final class RateLimitSettings {

    /**
     * @return the policy: create_room (default 5 per 24h), join (10 per 1m), command (20 per 1s),
     *     social_write (120 per 1m)
     * @throws IllegalArgumentException if a max is below 1 or a window below 1 ms
     */
    @Singleton
    RateLimitPolicy rateLimitPolicy(
            @Value("${roomcast.gateway.rate-limits.create-room.max:5}") long createMax,
            @Value("${roomcast.gateway.rate-limits.create-room.window:24h}") Duration createWindow,
            @Value("${roomcast.gateway.rate-limits.join.max:10}") long joinMax,
            @Value("${roomcast.gateway.rate-limits.join.window:1m}") Duration joinWindow,
            @Value("${roomcast.gateway.rate-limits.command.max:20}") long commandMax,
            @Value("${roomcast.gateway.rate-limits.command.window:1s}") Duration commandWindow,
            @Value("${roomcast.gateway.rate-limits.social-write.max:120}") long socialWriteMax,
            @Value("${roomcast.gateway.rate-limits.social-write.window:1m}") Duration socialWriteWindow) {
        return new RateLimitPolicy(Map.of(
                RateLimitPolicy.CREATE_ROOM, new RateLimitPolicy.Limit(createMax, createWindow),
                RateLimitPolicy.JOIN, new RateLimitPolicy.Limit(joinMax, joinWindow),
                RateLimitPolicy.COMMAND, new RateLimitPolicy.Limit(commandMax, commandWindow),
                RateLimitPolicy.SOCIAL_WRITE, new RateLimitPolicy.Limit(socialWriteMax, socialWriteWindow)));
    }
}
