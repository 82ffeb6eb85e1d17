package io.roomcast.gateway.rest;

import io.roomcast.rest.SignedCursor;
import java.util.Objects;

/**
 * The opaque {@code cursor} of the room listings ({@code GET /rooms}, {@code GET /rooms?category=},
 * {@code GET /rooms/trending}): the position, in the listing's Redis sorted set (highest score first), of
 * the last room the previous page ended at: its score (when it went live, epoch ms; for trending, momentum
 * in thousandths of a join per minute) and its room id. The next page holds the rooms after it in that
 * order, so in a listing by time a room stays on one page however long the client takes; rooms that go
 * live meanwhile come before the cursor and are not shown until the listing starts again.
 *
 * <p>On the wire ({@link Codec}): URL-safe base64 without padding of {@code "<index> <score>:<roomId>"}
 * (the sorted set's key: a cursor is valid only for the listing that made it),
 * a dot, and URL-safe base64 of the first 16 bytes of its HMAC-SHA256 (RFC 2104) under the gateway's
 * cursor key (setting {@code roomcast.gateway.rest.cursor-key}, the same on every node). A cursor this
 * API did not make, or one changed in any byte, is refused (400): a client cannot forge a position.
 *
 * @param score  the last room's score, at least 0
 * @param roomId the last room's id, not empty; empty only in {@link #START}
 */
public record ListingCursor(long score, String roomId) {

    /** The start of a listing (the newest live public room first). */
    public static final ListingCursor START = new ListingCursor(0, "");

    /** @throws IllegalArgumentException if score is negative */
    public ListingCursor {
        Objects.requireNonNull(roomId, "roomId");
        if (score < 0) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    /** @return true for {@link #START} */
    public boolean isStart() {
        return roomId.isEmpty();
    }

    /**
     * Makes and checks the opaque form of cursors under one key ({@link SignedCursor}). Thread-safe.
     */
    public static final class Codec {
        /** Least key length, bytes of UTF-8 ({@link SignedCursor#MIN_KEY_BYTES}). */
        public static final int MIN_KEY_BYTES = SignedCursor.MIN_KEY_BYTES;

        private final SignedCursor signed;
        private final int maxIdChars;

        /**
         * @param key        the cursor key, at least {@link #MIN_KEY_BYTES} bytes of UTF-8, the same on every
         *                   gateway node (setting {@code roomcast.gateway.rest.cursor-key})
         * @param maxIdChars longest room id a cursor may name (characters): the gateway's id limit, setting
         *                   {@code roomcast.gateway.protocol.max-id-length} (default 128)
         * @throws IllegalArgumentException if the key is shorter
         */
        public Codec(String key, int maxIdChars) {
            this.signed = new SignedCursor(key);
            this.maxIdChars = maxIdChars;
        }

        /**
         * @param index the listing's sorted set (a Redis key without spaces)
         * @return the opaque form of cursor for clients
         */
        public String encode(String index, ListingCursor cursor) {
            return signed.encode(index + " " + cursor.score() + ":" + cursor.roomId());
        }

        /**
         * @param index  the listing's sorted set, as given to {@link #encode}
         * @param opaque a cursor from {@link #encode}, or null/blank for the start
         * @return the cursor
         * @throws IllegalArgumentException ("invalid cursor") if opaque was not made by {@link #encode} under
         *                                  this key for this index, was changed, or names a longer room id
         */
        public ListingCursor decode(String index, String opaque) {
            if (opaque == null || opaque.isBlank()) {
                return START;
            }
            String scoped = signed.decode(opaque);
            if (!scoped.startsWith(index + " ")) {
                throw new IllegalArgumentException("invalid cursor");
            }
            String text = scoped.substring(index.length() + 1);
            int colon = text.indexOf(':');
            if (colon < 1 || colon == text.length() - 1 || text.length() - colon - 1 > maxIdChars
                || !text.substring(0, colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("invalid cursor");
            }
            try {
                return new ListingCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid cursor");
            }
        }
    }
}
