package io.roomcast.gateway.rest;

import io.micronaut.context.annotation.Value;
import io.roomcast.gateway.protocol.ProtocolSettings;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The paging parameters of the sorted-set listings ({@code GET /rooms}, by category, trending,
 * {@code GET /users/me/history}): {@code limit} 1 to {@code roomcast.gateway.rest.list-max-limit} (default
 * {@code list-default-limit}), and {@code cursor}, a {@link ListingCursor} signed for one listing's sorted set.
 */
@Singleton
final class ListingRequests {
    private final int defaultLimit;
    private final int maxLimit;
    private final ListingCursor.Codec cursors;

    /** A listing's page request: where to start and how many. */
    record Request(ListingCursor from, int size) {
    }

    /**
     * @param cursorKey the HMAC key of listing cursors, the same on every node ({@code roomcast.gateway.rest.cursor-key})
     * @throws IllegalArgumentException unless 1 <= defaultLimit <= maxLimit
     */
    ListingRequests(ProtocolSettings protocol,
                    @Value("${roomcast.gateway.rest.list-default-limit:20}") int defaultLimit,
                    @Value("${roomcast.gateway.rest.list-max-limit:100}") int maxLimit,
                    @Value("${roomcast.gateway.rest.cursor-key}") String cursorKey) {
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("need 1 <= list-default-limit <= list-max-limit");
        }
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
        this.cursors = new ListingCursor.Codec(cursorKey, protocol.maxIdChars());
    }

    /**
     * @param index the listing's sorted set
     * @throws IllegalArgumentException with the client's message: a limit out of range, a cursor not made for
     *     this listing or changed
     */
    Request parse(String index, String cursor, Integer limit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            throw new IllegalArgumentException("limit must be 1 to " + maxLimit);
        }
        return new Request(cursors.decode(index, cursor), size);
    }

    /** @return the opaque next cursor of a page of {@code index}, or null at its end */
    String next(String index, Optional<ListingCursor> next) {
        return next.map(c -> cursors.encode(index, c)).orElse(null);
    }
}
