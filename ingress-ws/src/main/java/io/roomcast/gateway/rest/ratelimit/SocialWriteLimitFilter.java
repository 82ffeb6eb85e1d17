package io.roomcast.gateway.rest.ratelimit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.lettuce.core.RedisException;
import io.roomcast.rest.ErrorBody;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every write of the user/club API ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} under
 * {@code /users} and {@code /clubs}) against the caller's {@value RateLimitPolicy#SOCIAL_WRITE} limit
 * (setting {@code roomcast.gateway.rate-limits.social-write}, default 120 per minute) before the request
 * reaches its controller: over the limit the answer is 429 {@code rate_limited} with {@code Retry-After}
 * (whole seconds) and {@code retry_after_ms}, and nothing is changed. Runs after authentication: a request
 * without a valid token is answered 401 before it is counted. Redis failing: 503 {@code unavailable}, as
 * {@code POST /rooms}.
 */
@ServerFilter(patterns = {"/users/**", "/clubs/**"},
        methods = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE})
public final class SocialWriteLimitFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(SocialWriteLimitFilter.class);

    private final RedisRateLimiter limiter;

    SocialWriteLimitFilter(RedisRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    /**
     * The REST answer to a refused request, for every rate-limited route.
     *
     * @param decision a refusal
     * @return 429 with {@code Retry-After} (whole seconds, rounded up) and the error body with {@code retry_after_ms}
     */
    public static HttpResponse<?> tooManyRequests(RateLimitPolicy.Decision decision) {
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))
                .body(new ErrorBody("rate_limited", "too many " + decision.action() + " requests", decision.retryAfterMs()));
    }

    /** @return null to let the request through, else the refusal (on the blocking pool, as the controllers run) */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        Optional<Principal> caller = request.getUserPrincipal();
        if (caller.isEmpty()) {
            return null;
        }
        try {
            RateLimitPolicy.Decision decision = limiter.check(caller.get().getName(), RateLimitPolicy.SOCIAL_WRITE);
            return decision.allowed() ? null : tooManyRequests(decision);
        } catch (RedisException e) {
            LOG.warn("social write limit not checked: {}", e.toString());
            return ErrorBody.unavailable("Redis did not answer in time; retry later; nothing changed");
        }
    }
}
