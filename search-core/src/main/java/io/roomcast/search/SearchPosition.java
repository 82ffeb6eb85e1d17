package io.roomcast.search;

import java.util.Objects;

/**
 * Where a page of search results ended: the last hit's score and id, for the query of a given
 * {@link SearchRequest#fingerprint()}. The gateway signs its text form into the opaque cursor; a cursor of
 * another query is refused.
 *
 * @param fingerprint the query's fingerprint, 16 hex digits
 * @param score       the last hit's score (finite, at least 0)
 * @param id          the last hit's id
 */
public record SearchPosition(String fingerprint, double score, String id) {

    public SearchPosition {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(id, "id");
    }

    /** @return {@code <fingerprint>|<score>|<id>} */
    public String text() {
        return fingerprint + "|" + score + "|" + id;
    }

    /**
     * @param text    a {@link #text()}
     * @param request the request the cursor came with
     * @return the position
     * @throws InvalidSearchException ("invalid cursor") if the text is malformed or was made for another query
     */
    public static SearchPosition parse(String text, SearchRequest request) {
        String[] parts = text.split("\\|", 3);
        if (parts.length != 3 || !parts[0].equals(request.fingerprint()) || parts[2].isEmpty()) {
            throw new InvalidSearchException("invalid cursor");
        }
        try {
            double score = Double.parseDouble(parts[1]);
            if (!Double.isFinite(score) || score < 0) {
                throw new InvalidSearchException("invalid cursor");
            }
            return new SearchPosition(parts[0], score, parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidSearchException("invalid cursor");
        }
    }
}
