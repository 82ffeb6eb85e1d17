package io.roomcast.social.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.roomcast.rest.SignedCursor;
import io.roomcast.social.core.Refusal;
import jakarta.inject.Singleton;

/** What the user/club API's controllers share: list cursors under the gateway's cursor key, names for the docs. */
@Singleton
public final class SocialApi {
    /** The media type of every body. */
    static final String JSON = "application/json";
    /** The bearer security scheme of the OpenAPI document (declared by the gateway's application class). */
    static final String BEARER = "bearer";
    /** The 429 every route documents: writes are counted by the gateway (SocialWriteLimitFilter), reads never. */
    static final String RATE_LIMITED = "only for a write (POST, PUT, PATCH, DELETE): over the caller's limit of writes "
            + "(setting roomcast.gateway.rate-limits.social-write, default 120 per minute), with Retry-After (seconds) "
            + "and retry_after_ms; nothing changed (error rate_limited). Reads are never limited.";
    /** Before the first item of a newest-first list. */
    static final Positions.Position NEWEST = new Positions.Position(Long.MAX_VALUE, "");
    /** Before the first item of an oldest-first list. */
    static final Positions.Position OLDEST = new Positions.Position(Long.MIN_VALUE, "");

    private final Positions positions;

    /** @param cursorKey the gateway's cursor key (setting {@code roomcast.gateway.rest.cursor-key}, at least 32 bytes) */
    SocialApi(@Value("${roomcast.gateway.rest.cursor-key}") String cursorKey) {
        this.positions = new Positions(new SignedCursor(cursorKey));
    }

    /**
     * The rule of every route whose body is required.
     *
     * @throws Refusal (INVALID, 400 invalid_request "a JSON body is required") when the request has none
     */
    static void requireBody(@Nullable Object body) {
        if (body == null) {
            throw Refusal.invalid("a JSON body is required");
        }
    }

    Positions positions() {
        return positions;
    }
}
