package io.roomcast.social.http;

import io.roomcast.rest.SignedCursor;
import io.roomcast.social.core.Refusal;

/**
 * Keyset positions of the lists ({@code <epoch ms>:<id>}: the last item's time and id) as signed opaque
 * cursors ({@link SignedCursor}, the gateway's cursor key): a forged or changed cursor is refused (400).
 */
final class Positions {
    /** A position: the last item's time (epoch ms) and id. */
    record Position(long at, String id) {
    }

    private final SignedCursor cursors;

    Positions(SignedCursor cursors) {
        this.cursors = cursors;
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
