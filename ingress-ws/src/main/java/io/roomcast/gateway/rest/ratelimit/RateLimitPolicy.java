package io.roomcast.gateway.rest.ratelimit;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-user limits by action, as fixed windows that open at a user's first counted request: the
 * first request of an action opens a window of {@link Limit#window()}; at most {@link Limit#max()}
 * requests are allowed until it closes; the next request after that opens a new window. (A window
 * opened by the first request, not aligned to the clock, so a user cannot spend two full quotas
 * around a day boundary in a minute; a burst of at most 2 × max can still straddle two windows.)
 *
 * <p>Pure: the counter lives elsewhere ({@link RedisRateLimiter}); this class only knows the limits
 * and turns a counter reading into a {@link Decision}.
 *
 * <p>Actions used by the gateway: {@value #CREATE_ROOM} (REST {@code POST /rooms}, default 5 per
 * 24 h), {@value #JOIN} (WebSocket {@code join}, default 10 per min), {@value #COMMAND} (every
 * WebSocket room command, default 20 per s), {@value #SOCIAL_WRITE} (REST writes of the user/club API,
 * default 120 per min, {@link SocialWriteLimitFilter}).
 */
public final class RateLimitPolicy {

    /** Action: create or schedule a room. */
    public static final String CREATE_ROOM = "create_room";
    /** Action: join a room. */
    public static final String JOIN = "join";
    /** Action: any room command over the WebSocket. */
    public static final String COMMAND = "command";
    /** Action: a write of the user/club API (POST, PUT, PATCH, DELETE under /users and /clubs). */
    public static final String SOCIAL_WRITE = "social_write";

    /**
     * One limit.
     *
     * @param max    requests allowed per window, at least 1
     * @param window window length, at least 1 ms
     */
    public record Limit(long max, Duration window) {
        /** @throws IllegalArgumentException if max is below 1 or the window below 1 ms */
        public Limit {
            Objects.requireNonNull(window, "window");
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1: " + max);
            }
            if (window.toMillis() < 1) {
                throw new IllegalArgumentException("window must be at least 1 ms: " + window);
            }
        }
    }

    /**
     * The answer for one request.
     *
     * @param allowed      whether the request may proceed
     * @param action       the action checked
     * @param limit        requests allowed per window
     * @param remaining    requests still allowed in the current window after this one (0 when refused)
     * @param retryAfterMs when refused, ms until the window closes (at least 1); 0 when allowed
     */
    public record Decision(boolean allowed, String action, long limit, long remaining, long retryAfterMs) {
        /**
         * @return {@code retryAfterMs} rounded up to whole seconds, for the HTTP {@code Retry-After}
         *     header (RFC 9110 section 10.2.3); 0 when allowed
         */
        public long retryAfterSeconds() {
            return (retryAfterMs + 999) / 1000;
        }
    }

    private final Map<String, Limit> limits;

    /**
     * @param limits limit per action name; copied
     * @throws IllegalArgumentException if a name is blank
     */
    public RateLimitPolicy(Map<String, Limit> limits) {
        Objects.requireNonNull(limits, "limits");
        limits.keySet().forEach(a -> {
            if (a == null || a.isBlank()) {
                throw new IllegalArgumentException("blank action name");
            }
        });
        this.limits = Map.copyOf(new TreeMap<>(limits));
    }

    /** @return the defaults: 5 creations per 24 h, 10 joins per min, 20 commands per s, 120 social writes per min */
    public static RateLimitPolicy defaults() {
        return new RateLimitPolicy(Map.of(
                CREATE_ROOM, new Limit(5, Duration.ofHours(24)),
                JOIN, new Limit(10, Duration.ofMinutes(1)),
                COMMAND, new Limit(20, Duration.ofSeconds(1)),
                SOCIAL_WRITE, new Limit(120, Duration.ofMinutes(1))));
    }

    /**
     * The limits one WebSocket room command counts against, in checking order: {@value #COMMAND} for
     * every command, and {@value #JOIN} as well for {@code join}.
     *
     * @param wireOp the command's op on the wire, e.g. {@code join} or {@code raise_hand}
     * @return one or two action names
     */
    public static List<String> actionsOfCommand(String wireOp) {
        return JOIN.equals(wireOp) ? List.of(COMMAND, JOIN) : List.of(COMMAND);
    }

    /**
     * One decision for a request counted against several limits: if any refused it, the refusal
     * whose window closes last (so a retry after its {@code retryAfterMs} passes all of them, as far
     * as they are known now); else the allowance with the fewest remaining.
     *
     * @param decisions at least one
     * @return the strictest decision
     * @throws IllegalArgumentException if decisions is empty
     */
    public static Decision strictest(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            throw new IllegalArgumentException("no decisions");
        }
        return decisions.stream().filter(d -> !d.allowed()).max(Comparator.comparingLong(Decision::retryAfterMs))
                .orElseGet(() -> decisions.stream().min(Comparator.comparingLong(Decision::remaining)).orElseThrow());
    }

    /**
     * @param action an action name
     * @return its limit, or empty if the action is not limited
     */
    public Optional<Limit> limitOf(String action) {
        return Optional.ofNullable(limits.get(action));
    }

    /**
     * @param action an action name
     * @return its limit
     * @throws IllegalArgumentException if the action has no limit
     */
    public Limit require(String action) {
        Limit limit = limits.get(action);
        if (limit == null) {
            throw new IllegalArgumentException("unknown rate-limited action: " + action + " (known: "
                    + limits.keySet() + ")");
        }
        return limit;
    }

    /**
     * Decides on a request from the counter after counting it.
     *
     * @param action        the action
     * @param countInWindow requests counted in the current window, this one included (at least 1)
     * @param windowLeftMs  ms until the current window closes (a non-positive value is read as the
     *                      full window: the counter was just created or its expiry is unknown)
     * @return the decision
     * @throws IllegalArgumentException if the action has no limit or the count is below 1
     */
    public Decision decide(String action, long countInWindow, long windowLeftMs) {
        Limit limit = require(action);
        if (countInWindow < 1) {
            throw new IllegalArgumentException("countInWindow must be at least 1: " + countInWindow);
        }
        if (countInWindow <= limit.max()) {
            return new Decision(true, action, limit.max(), limit.max() - countInWindow, 0);
        }
        long left = windowLeftMs > 0 ? Math.min(windowLeftMs, limit.window().toMillis()) : limit.window().toMillis();
        return new Decision(false, action, limit.max(), 0, Math.max(1, left));
    }
}
