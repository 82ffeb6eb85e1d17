package io.roomcast.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque {@code cursor} of {@code GET /rooms}: the position, in the live-public index
 * ({@code rooms:live:public}, newest first), of the last room the previous page ended at: its score
 * (when it went live, epoch ms) and its room id. The next page holds the rooms after it in that
 * order, so a room stays on one page however long the client takes; rooms that go live meanwhile
 * come before the cursor and are not shown until the listing starts again. Encoded as URL-safe
 * base64 without padding of {@code "<liveSinceMs>:<roomId>"}.
 *
 * @param liveSinceMs the last room's score, epoch ms, at least 0
 * @param roomId      the last room's id, not empty; empty only in {@link #START}
 */
public record ListingCursor(long liveSinceMs, String roomId) {

    /** The start of a listing (the newest live public room first). */
    public static final ListingCursor START = new ListingCursor(0, "");

    /** @throws IllegalArgumentException if liveSinceMs is negative */
    public ListingCursor {
        Objects.requireNonNull(roomId, "roomId");
        if (liveSinceMs < 0) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    /** @return true for {@link #START} */
    public boolean isStart() {
        return roomId.isEmpty();
    }

    /** @return the opaque form for clients */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((liveSinceMs + ":" + roomId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param opaque     a cursor from {@link #encode()}, or null/blank for the start
     * @param maxIdChars longest room id a cursor may name (characters): the gateway's id limit, setting
     *                   {@code roomcast.gateway.protocol.max-id-length} (default 128)
     * @return the cursor
     * @throws IllegalArgumentException ("invalid cursor") if opaque was not made by {@link #encode()} or
     *                                  names a longer room id
     */
    public static ListingCursor decode(String opaque, int maxIdChars) {
        if (opaque == null || opaque.isBlank()) {
            return START;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(opaque), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
        int colon = text.indexOf(':');
        if (colon < 1 || colon == text.length() - 1 || text.length() - colon - 1 > maxIdChars
                || !text.substring(0, colon).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("invalid cursor");
        }
        try {
            return new ListingCursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }
}
