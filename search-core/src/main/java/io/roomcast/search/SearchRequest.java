package io.roomcast.search;

import io.roomcast.schemas.validation.LanguageTags;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@code GET /search} request. Parameters: {@code q} (required), {@code type}
 * ({@code rooms}, default; {@code users}; {@code clubs}), filters ({@code status} = {@code live} or
 * {@code scheduled}, {@code category} and {@code language} for rooms, {@code topic} for rooms and clubs),
 * {@code limit}
 * (1 to {@link Limits#maxPageSize}, default {@link Limits#defaultPageSize}) and {@code cursor}.
 *
 * <p>The text is only ever the query of {@code match}-type queries (never {@code query_string}), so
 * Elasticsearch's query-syntax characters ({@code * ~ " ( ) \ :}) are plain text: they match nothing
 * special. Control characters are turned into spaces.
 *
 * @param text    the query text, trimmed, 1 to {@link Limits#maxQueryChars} characters
 * @param index   what to search
 * @param filters the filters given, by name (values as given; {@code language} a BCP 47 tag in canonical case,
 *                {@link LanguageTags#canonical})
 * @param limit   results per page
 * @param cursor  the opaque cursor given, or null for the first page
 */
public record SearchRequest(String text, SearchIndex index, Map<String, String> filters, int limit, String cursor) {

    /** Parameters every type takes. */
    private static final Set<String> COMMON = Set.of("q", "type", "limit", "cursor");

    /**
     * The request limits (gateway settings {@code roomcast.gateway.search.*}).
     *
     * @param maxQueryChars   longest query text, characters (default 200)
     * @param defaultPageSize results per page without {@code limit} (default 20)
     * @param maxPageSize     largest {@code limit} (default 50)
     */
    public record Limits(int maxQueryChars, int defaultPageSize, int maxPageSize) {
        /** The defaults: 200 characters, 20 per page, at most 50. */
        public static final Limits DEFAULTS = new Limits(200, 20, 50);
    }

    /**
     * Validates the query parameters of a request.
     *
     * @param params every query parameter with all its values
     * @param limits the limits
     * @return the request
     * @throws InvalidSearchException (400) naming the problem: missing, empty or too long {@code q}, unknown
     *                                {@code type}, a parameter that type does not take, a parameter given twice,
     *                                a bad filter value (a {@code language} that is not a well-formed BCP 47
 *                                tag of at most 35 characters) or {@code limit}
     */
    public static SearchRequest parse(Map<String, List<String>> params, Limits limits) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new InvalidSearchException("parameter '" + e.getKey() + "' given more than once");
            }
        }
        String typeText = single(params, "type");
        SearchIndex index = typeText == null ? SearchIndex.ROOMS : SearchIndex.ofAlias(typeText);
        if (index == null) {
            throw new InvalidSearchException("unknown type '" + clip(typeText) + "': rooms, users or clubs");
        }
        Set<String> allowed = filtersOf(index);
        for (String name : params.keySet()) {
            if (!COMMON.contains(name) && !allowed.contains(name)) {
                throw new InvalidSearchException("unknown parameter '" + clip(name) + "' for type " + index.alias()
                        + (allowed.isEmpty() ? " (it takes no filters)" : " (filters: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
        String q = single(params, "q");
        if (q == null || q.isBlank()) {
            throw new InvalidSearchException("q is required and must not be empty");
        }
        if (q.length() > limits.maxQueryChars()) {
            throw new InvalidSearchException("q is longer than " + limits.maxQueryChars() + " characters");
        }
        String text = q.replaceAll("\\p{Cntrl}", " ").trim();
        if (text.isEmpty()) {
            throw new InvalidSearchException("q is required and must not be empty");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : allowed.stream().sorted().toList()) {
            String value = single(params, name);
            if (value != null) {
                filters.put(name, checkFilter(name, value));
            }
        }
        int limit = limit(single(params, "limit"), limits);
        String cursor = single(params, "cursor");
        return new SearchRequest(text, index, Map.copyOf(filters), limit, cursor == null || cursor.isBlank() ? null : cursor);
    }

    /**
     * A digest of what decides the result order (type, text, filters), carried in cursors so that a cursor
     * is refused with another query.
     *
     * @return 16 hex digits
     */
    public String fingerprint() {
        StringBuilder key = new StringBuilder(index.alias()).append('\n').append(text);
        filters.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> key.append('\n').append(e.getKey()).append('=').append(e.getValue()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** @return the filter parameters a type takes */
    public static Set<String> filtersOf(SearchIndex index) {
        return switch (index) {
            case ROOMS -> Set.of("status", "topic", "category", "language");
            case USERS -> Set.of();
            case CLUBS -> Set.of("topic");
        };
    }

    private static String checkFilter(String name, String value) {
        if (name.equals("status")) {
            if (!value.equals("live") && !value.equals("scheduled")) {
                throw new InvalidSearchException("status must be live or scheduled, not '" + clip(value) + "'");
            }
            return value;
        }
        if (name.equals("language")) {
            try {
                return LanguageTags.canonical(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSearchException(e.getMessage());
            }
        }
        if (!value.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new InvalidSearchException(name + " must be a slug (1 to 64 of a-z, 0-9, '.', '_', '-'), not '"
                    + clip(value) + "'");
        }
        return value;
    }

    private static int limit(String value, Limits limits) {
        if (value == null) {
            return limits.defaultPageSize();
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= limits.maxPageSize()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSearchException("limit must be a number from 1 to " + limits.maxPageSize());
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Echoes at most 40 characters of client text in messages. */
    private static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
