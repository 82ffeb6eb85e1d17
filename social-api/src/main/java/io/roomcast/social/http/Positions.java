package io.roomcast.social.http;

import io.micronaut.core.annotation.Nullable;
import io.roomcast.rest.SignedCursor;
import io.roomcast.social.core.Refusal;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Keyset positions of the lists ({@code <epoch ms>:<id>}: the last item's time and id) as signed opaque
 * cursors ({@link SignedCursor}, the gateway's cursor key): a forged or changed cursor is refused (400).
 */
final class Positions {
    /** A position: the last item's time (epoch ms) and id. */
    record Position(long at, String id) {
    }

    /**
     * A page to show: at most the asked size of items, and the cursor of the next page (null on the last).
     *
     * @param <T> the item
     */
    record Page<T>(List<T> shown, @Nullable String next) {
        /** @return the shown items as their bodies, in order */
        <B> List<B> map(Function<T, B> body) {
            return shown.stream().map(body).toList();
        }
    }

    private final SignedCursor cursors;

    Positions(SignedCursor cursors) {
        this.cursors = cursors;
    }

    /**
     * @param fetched the items from the position on, read with one more than {@code size} (so a next page shows)
     * @param size    the page size
     * @param at      an item's time (epoch ms) in the list's order
     * @param id      an item's id, the tie-breaker
     */
    <T> Page<T> page(List<T> fetched, int size, ToLongFunction<T> at, Function<T, String> id) {
        if (fetched.size() <= size) {
            return new Page<>(fetched, null);
        }
        List<T> shown = fetched.subList(0, size);
        T last = shown.getLast();
        return new Page<>(shown, encode(at.applyAsLong(last), id.apply(last)));
    }

    String encode(long at, String id) {
        return cursors.encode(at + ":" + id);
    }

    /**
     * @param cursor a cursor from {@link #encode}, or null for the first page
     * @param first  the position before the first item
     * @throws Refusal (INVALID) for a cursor this API did not make or that was changed
     */
    Position decode(String cursor, Position first) {
        if (cursor == null) {
            return first;
        }
        try {
            String text = cursors.decode(cursor);
            int colon = text.indexOf(':');
            return new Position(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw Refusal.invalid("invalid cursor");
        }
    }
}
