package io.roomcast.gateway.protocol;

import java.util.Objects;

/**
 * What the per-user rate limits say about one command of a session ({@link SessionAction.CheckRateLimit}),
 * handed back to {@link SessionProtocol#rateLimitChecked(long, RateLimitVerdict)}.
 */
public sealed interface RateLimitVerdict {

    /** The one {@link Allowed} verdict. */
    RateLimitVerdict ALLOWED = new Allowed();

    /** Within every limit: the command is published to room-commands. */
    record Allowed() implements RateLimitVerdict {}

    /**
     * Over a limit: the command is answered with ERROR 4008 {@code rate_limited} carrying
     * {@code retry_after_ms}, and is not published.
     *
     * @param limit        the exceeded limit's name, e.g. {@code command} or {@code join}
     * @param max          requests it allows per window (count)
     * @param retryAfterMs ms until its window closes, at least 1
     */
    record Limited(String limit, long max, long retryAfterMs) implements RateLimitVerdict {
        /** @throws IllegalArgumentException if retryAfterMs is below 1 */
        public Limited {
            Objects.requireNonNull(limit, "limit");
            if (retryAfterMs < 1) {
                throw new IllegalArgumentException("retryAfterMs must be at least 1: " + retryAfterMs);
            }
        }
    }

    /**
     * The limits could not be checked (e.g. Redis unreachable or timed out): the command is answered
     * with ERROR 4000 {@code unknown_error} and is not published; the session stays open.
     *
     * @param detail what failed, for the ERROR message
     */
    record Unavailable(String detail) implements RateLimitVerdict {}
}
