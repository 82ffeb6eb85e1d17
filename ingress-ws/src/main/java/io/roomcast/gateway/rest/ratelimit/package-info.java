/**
 * Per-user rate limits: the pure {@link io.roomcast.gateway.rest.ratelimit.RateLimitPolicy} (limits
 * per action, decisions; no Redis) and its Lettuce adapter
 * {@link io.roomcast.gateway.rest.ratelimit.RedisRateLimiter}, shared by the REST API and the
 * WebSocket gateway so that limits hold across gateway nodes.
 */
package io.roomcast.gateway.rest.ratelimit;
