package io.roomcast.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three search indices. Each is reached through its alias ({@link #alias()}: {@code rooms}, {@code users},
 * {@code clubs}); behind it a concrete index {@code <alias>-v<mappingVersion>-<generation>}
 * ({@link #indexName}). Mappings and settings are this code: a change of them is a new
 * {@link #mappingVersion()}, built beside the old index from the topics (offset 0) and swapped in by moving
 * the alias, so searches never see a half-built index.
 *
 * <p>Field names are the {@code F_*} constants of {@link SearchFields}. Only the standard analyzer is used
 * (the integ-test distribution has no language analyzers, no edge n-grams, no search_as_you_type; STACK.md):
 * type-ahead is {@code multi_match} of type {@code bool_prefix} on standard-analyzed text.
 */
public enum SearchIndex {
    /** Rooms: live and scheduled rooms searchable; ended rooms kept (not returned) until the retention sweep. */
    ROOMS(2, Map.ofEntries(
            Map.entry(SearchFields.ROOM_ID, keyword()),
            Map.entry(SearchFields.TITLE, text()),
            Map.entry(SearchFields.TOPIC, keyword()),
            Map.entry(SearchFields.TOPIC_TEXT, text()),
            Map.entry(SearchFields.CATEGORY, keyword()),
            Map.entry(SearchFields.LANGUAGE, keyword()),
            Map.entry(SearchFields.VISIBILITY, keyword()),
            Map.entry(SearchFields.CLUB_ID, keyword()),
            Map.entry(SearchFields.LIFECYCLE, keyword()),
            Map.entry(SearchFields.CREATED_BY, keyword()),
            Map.entry(SearchFields.AUDIENCE, keyword()),
            Map.entry(SearchFields.SPEAKERS, keyword()),
            Map.entry(SearchFields.LISTENERS, Map.of("type", "integer")),
            Map.entry(SearchFields.STARTS_AT, date()),
            Map.entry(SearchFields.STARTED_AT, date()),
            Map.entry(SearchFields.ENDED_AT, date()),
            Map.entry(SearchFields.FACT_AT, date()))),
    /** People: every user profile. */
    USERS(1, Map.of(
            SearchFields.USER_ID, keyword(),
            SearchFields.USERNAME, text(),
            SearchFields.DISPLAY_NAME, text(),
            SearchFields.BIO, text(),
            SearchFields.AVATAR_URL, Map.of("type", "keyword", "index", false),
            SearchFields.FOLLOWERS, Map.of("type", "long"),
            SearchFields.FACT_AT, date())),
    /** Clubs: every club (private clubs too: they can be found, joining them takes an approval). */
    CLUBS(1, Map.of(
            SearchFields.CLUB_ID, keyword(),
            SearchFields.NAME, text(),
            SearchFields.DESCRIPTION, text(),
            SearchFields.TOPICS, keyword(),
            SearchFields.TOPICS_TEXT, text(),
            SearchFields.PRIVATE, Map.of("type", "boolean"),
            SearchFields.MEMBERS, Map.of("type", "long"),
            SearchFields.FACT_AT, date()));

    /** Shards of every index: one (a few hundred thousand small documents). */
    public static final int SHARDS = 1;

    private final int mappingVersion;
    private final Map<String, Object> properties;

    SearchIndex(int mappingVersion, Map<String, Object> properties) {
        this.mappingVersion = mappingVersion;
        this.properties = properties;
    }

    /** @return the alias searches and writes use: {@code rooms}, {@code users} or {@code clubs} */
    public String alias() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the version of {@link #mappings()} and {@link #settings}; a change of either raises it */
    public int mappingVersion() {
        return mappingVersion;
    }

    /**
     * @param generation build number of this mapping version (1 for the first build, +1 per rebuild), at least 1
     * @return the concrete index name, e.g. {@code rooms-v1-3}
     * @throws IllegalArgumentException if generation is below 1
     */
    public String indexName(int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1: " + generation);
        }
        return alias() + "-v" + mappingVersion + "-" + generation;
    }

    /**
     * The generation of a concrete index of this alias and mapping version, or 0 if the name is not one.
     *
     * @param index e.g. {@code rooms-v1-3}
     * @return e.g. 3
     */
    public int generationOf(String index) {
        int[] parts = parse(index);
        return parts != null && parts[0] == mappingVersion ? parts[1] : 0;
    }

    /**
     * The mapping version a concrete index of this alias was built with, or 0 if the name is not
     * {@code <alias>-v<version>-<generation>}.
     *
     * @param index e.g. {@code rooms-v1-3}
     * @return e.g. 1
     */
    public int mappingVersionOf(String index) {
        int[] parts = parse(index);
        return parts == null ? 0 : parts[0];
    }

    /**
     * Whether the index an alias points at was built with an older mapping version than this code's: then it must be
     * rebuilt from the log (its strict mapping refuses the newer fields). A name of another shape is never outdated
     * (an operator's own index is left alone), nor is a newer version (a rollback keeps the index).
     *
     * @param index the alias's concrete index, e.g. {@code rooms-v1-3}
     * @return true if its mapping version is at least 1 and below {@link #mappingVersion()}
     */
    public boolean outdated(String index) {
        int version = mappingVersionOf(index);
        return version >= 1 && version < mappingVersion;
    }

    /** @return {version, generation}, both at least 1, or null if the name is not an index of this alias */
    private int[] parse(String index) {
        String prefix = alias() + "-v";
        if (index == null || !index.startsWith(prefix)) {
            return null;
        }
        String rest = index.substring(prefix.length());
        int dash = rest.indexOf('-');
        if (dash < 1) {
            return null;
        }
        try {
            int version = Integer.parseInt(rest.substring(0, dash));
            int generation = Integer.parseInt(rest.substring(dash + 1));
            return version >= 1 && generation >= 1 ? new int[] {version, generation} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return the mappings JSON ({@code {"dynamic":"strict","properties":{...}}}) */
    public Map<String, Object> mappings() {
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("dynamic", "strict");
        mappings.put("properties", properties);
        return mappings;
    }

    /**
     * @param replicas replicas of each shard (0 on one node)
     * @param refreshInterval how soon a write becomes searchable, e.g. {@code "1s"}
     * @return the index settings JSON
     */
    public Map<String, Object> settings(int replicas, String refreshInterval) {
        return Map.of("number_of_shards", SHARDS, "number_of_replicas", replicas, "refresh_interval", refreshInterval);
    }

    /** @return the text fields searched, with their boosts ({@code title^3}) */
    public List<String> searchedFields() {
        return switch (this) {
            case ROOMS -> List.of(SearchFields.TITLE + "^3", SearchFields.TOPIC_TEXT);
            case USERS -> List.of(SearchFields.USERNAME + "^3", SearchFields.DISPLAY_NAME + "^2", SearchFields.BIO + "^0.5");
            case CLUBS -> List.of(SearchFields.NAME + "^3", SearchFields.DESCRIPTION, SearchFields.TOPICS_TEXT);
        };
    }

    /** @return the fields highlighted in results */
    public List<String> highlightedFields() {
        return switch (this) {
            case ROOMS -> List.of(SearchFields.TITLE);
            case USERS -> List.of(SearchFields.USERNAME, SearchFields.DISPLAY_NAME, SearchFields.BIO);
            case CLUBS -> List.of(SearchFields.NAME, SearchFields.DESCRIPTION);
        };
    }

    /** @return the keyword field holding the document id (the tie-breaker of the sort) */
    public String idField() {
        return switch (this) {
            case ROOMS -> SearchFields.ROOM_ID;
            case USERS -> SearchFields.USER_ID;
            case CLUBS -> SearchFields.CLUB_ID;
        };
    }

    /**
     * @param alias {@code rooms}, {@code users} or {@code clubs}
     * @return the index, or null for any other text
     */
    public static SearchIndex ofAlias(String alias) {
        for (SearchIndex index : values()) {
            if (index.alias().equals(alias)) {
                return index;
            }
        }
        return null;
    }

    private static Map<String, Object> keyword() {
        return Map.of("type", "keyword");
    }

    private static Map<String, Object> text() {
        return Map.of("type", "text", "analyzer", "standard");
    }

    private static Map<String, Object> date() {
        return Map.of("type", "date", "format", "epoch_millis");
    }
}
