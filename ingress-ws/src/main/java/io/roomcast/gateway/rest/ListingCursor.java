package io.roomcast.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque {@code cursor} of {@code GET /rooms}: a Redis SCAN cursor plus how many keys of the
 * batch at that cursor were already consumed. Encoded as URL-safe base64 without padding of
 * {@code "<scanCursor>:<skip>"}.
 *
 * @param scanCursor the SCAN cursor (decimal digits; "0" is the start)
 * @param skip       keys of the batch at scanCursor already consumed, at least 0
 */
public record ListingCursor(String scanCursor, int skip) {

    /** The start of a listing. */
    public static final ListingCursor START = new ListingCursor("0", 0);

    /** @throws IllegalArgumentException if scanCursor is not decimal digits or skip is negative */
    public ListingCursor {
        Objects.requireNonNull(scanCursor, "scanCursor");
        if (scanCursor.isEmpty() || scanCursor.length() > 20 || !scanCursor.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("bad scan cursor");
        }
        if (skip < 0) {
            throw new IllegalArgumentException("negative skip");
        }
    }

    /** @return the opaque form for clients */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scanCursor + ":" + skip).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param opaque a cursor from {@link #encode()}, or null/blank for the start
     * @return the cursor
     * @throws IllegalArgumentException if opaque was not made by {@link #encode()}
     */
    public static ListingCursor decode(String opaque) {
        if (opaque == null || opaque.isBlank()) {
            return START;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(opaque), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid cursor");
        }
        try {
            return new ListingCursor(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }
}
