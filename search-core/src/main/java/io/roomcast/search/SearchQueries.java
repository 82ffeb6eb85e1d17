package io.roomcast.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the body of an Elasticsearch {@code _search} for a {@link SearchRequest} and a {@link Searcher}
 * (JSON as maps; Elasticsearch search DSL, "Query DSL" and "Paginate search results" pages).
 *
 * <ul>
 *   <li><b>Text</b>: {@code multi_match} of type {@code bool_prefix} (every word, the last one as a prefix: type-ahead)
 *       or a {@code multi_match} with {@code fuzziness: AUTO} (typos: 1 edit from 3 characters, 2 from 6), over
 *       {@link SearchIndex#searchedFields()}. The text is a match query's text, never query-string syntax.</li>
 *   <li><b>Who may see</b> (rooms): PUBLIC rooms; CLUB rooms of the searcher's clubs; SOCIAL rooms the searcher
 *       hosts, is invited to, or whose host follows the searcher. PRIVATE rooms are not in the index. Ended rooms
 *       never (lifecycle LIVE or SCHEDULED only). Blocked either way: their profiles and the rooms they host
 *       are never returned.</li>
 *   <li><b>Ranking</b>: tiers first, then text score plus small boosts. A result matching every typed word in
 *       one of its fields (each word with typos forgiven, the last one also as a prefix) gets
 *       {@link #ALL_WORDS_BOOST} added, so it ranks above every result matching only some of the words, whatever
 *       the index statistics (other documents, deleted ones) make of the words' BM25 scores. Within a tier: text
 *       score + {@link #LISTENER_BOOST} x ln(1 + listeners) (rooms) + {@link #FOLLOWED_BOOST} if a followed person
 *       hosts or speaks (rooms) or is the result (users). All additive: popularity nudges results of close text
 *       scores; it never multiplies the text score (a busy room matching fewer words could then outrank a quiet
 *       one matching them all).</li>
 *   <li><b>Language</b> (rooms): {@code language} is RFC 4647 basic filtering of BCP 47 tags, {@code pt} finds
 *       rooms in {@code pt} and {@code pt-BR}, {@code pt-BR} only those in {@code pt-BR}; rooms without a
 *       language are left out.</li>
 *   <li><b>Pages</b>: sorted by score, then id; {@code search_after} the previous page's last (score, id);
 *       {@code limit + 1} asked to know whether a next page exists.</li>
 *   <li><b>Highlighting</b>: {@link SearchIndex#highlightedFields()}, matches in {@code <em>...</em>}: words found as
 *       typed or, the last one, as a prefix; a word found only through a typo is not marked.</li>
 * </ul>
 */
public final class SearchQueries {
    private SearchQueries() {}

    /**
     * Added to the score of results matching every typed word: far above the text score of a real query
     * (Lucene's BM25 scores a term at most its boost x idf, idf = ln(1 + (N - n + 0.5) / (n + 0.5)) is under 15
     * for a million documents, so a word adds at most about 100 over the fields and both text queries), and small
     * enough that a float score still tells 0.001 apart.
     */
    public static final double ALL_WORDS_BOOST = 10_000;
    /** Weight of ln(1 + live listeners) added to a room's score (0.9 at 8,000 listeners). */
    public static final double LISTENER_BOOST = 0.1;
    /** Added to the score of rooms with a followed host or speaker, and of followed people. */
    public static final double FOLLOWED_BOOST = 1.0;
    /** Most ids of one set (followees, followers, blocked, clubs) put into one query; the rest are left out. */
    public static final int MAX_TERMS = 5_000;

    /**
     * @param request the validated request
     * @param who     the searcher
     * @param after   the position after which this page starts, or null for the first page
     * @return the {@code _search} body
     */
    public static Map<String, Object> body(SearchRequest request, Searcher who, SearchPosition after) {
        SearchIndex index = request.index();
        Map<String, Object> bool = new LinkedHashMap<>();
        bool.put("must", List.of(textQuery(request.text(), index)));
        bool.put("should", boosts(request.text(), index, who));
        bool.put("filter", filters(request, who));
        List<Object> mustNot = mustNot(index, who);
        if (!mustNot.isEmpty()) {
            bool.put("must_not", mustNot);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", request.limit() + 1);
        body.put("track_total_hits", false);
        body.put("query", Map.of("bool", bool));
        body.put("sort", List.of(Map.of("_score", "desc"), Map.of(index.idField(), "asc")));
        if (after != null) {
            body.put("search_after", List.of(after.score(), after.id()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        index.highlightedFields().forEach(f -> fields.put(f, Map.of("number_of_fragments", 0)));
        Map<String, Object> highlight = new LinkedHashMap<>();
        highlight.put("pre_tags", List.of("<em>"));
        highlight.put("post_tags", List.of("</em>"));
        highlight.put("fields", fields);
        highlight.put("highlight_query", highlightQuery(request.text(), index));
        body.put("highlight", highlight);
        return body;
    }

    /**
     * The {@code _search} body of the ended rooms older than a cutoff (the retention sweep), oldest first.
     *
     * @param cutoffMs ended before this, epoch ms
     * @param size     most hits
     */
    public static Map<String, Object> endedBefore(long cutoffMs, int size) {
        return Map.of("size", size, "seq_no_primary_term", true, "_source", false,
                "query", Map.of("bool", Map.of("filter", List.of(
                        term(SearchFields.LIFECYCLE, "ENDED"),
                        Map.of("range", Map.of(SearchFields.ENDED_AT, Map.of("lt", cutoffMs)))))),
                "sort", List.of(Map.of(SearchFields.ENDED_AT, "asc")));
    }

    /** Every word matching somewhere: the results and their text score. */
    private static Map<String, Object> textQuery(String text, SearchIndex index) {
        return Map.of("bool", Map.of("should", List.of(prefixMatch(text, index, "or"), fuzzyMatch(text, index, "or")),
                "minimum_should_match", 1));
    }

    /**
     * What highlighting marks: every word as typed, the last one also as a prefix; no typo tolerance. Highlighting
     * the fuzzy text query itself made Elasticsearch's unified highlighter expand every fuzzy word again per hit:
     * 10x the search's own time (p50 97 against 8 ms, p99 1,336 against 45 ms, 200,000 rooms, docs/benchmarks.md).
     */
    private static Map<String, Object> highlightQuery(String text, SearchIndex index) {
        Map<String, Object> prefix = new LinkedHashMap<>();
        prefix.put("query", text);
        prefix.put("type", "bool_prefix");
        prefix.put("fields", index.searchedFields());
        return Map.of("multi_match", prefix);
    }

    /** Every word, the last one as a prefix; each one fuzzy except the last. */
    private static Map<String, Object> prefixMatch(String text, SearchIndex index, String operator) {
        Map<String, Object> prefix = new LinkedHashMap<>();
        prefix.put("query", text);
        prefix.put("type", "bool_prefix");
        prefix.put("fields", index.searchedFields());
        prefix.put("fuzziness", "AUTO");
        prefix.put("operator", operator);
        return Map.of("multi_match", prefix);
    }

    /** Every word as a whole word, each one fuzzy. */
    private static Map<String, Object> fuzzyMatch(String text, SearchIndex index, String operator) {
        Map<String, Object> fuzzy = new LinkedHashMap<>();
        fuzzy.put("query", text);
        fuzzy.put("fields", index.searchedFields());
        fuzzy.put("fuzziness", "AUTO");
        fuzzy.put("prefix_length", 1);
        fuzzy.put("operator", operator);
        return Map.of("multi_match", fuzzy);
    }

    private static List<Object> filters(SearchRequest request, Searcher who) {
        List<Object> filters = new ArrayList<>();
        Map<String, String> f = request.filters();
        if (request.index() == SearchIndex.ROOMS) {
            String status = f.get("status");
            filters.add(status == null ? terms(SearchFields.LIFECYCLE, List.of("LIVE", "SCHEDULED"))
                    : term(SearchFields.LIFECYCLE, status.equals("live") ? "LIVE" : "SCHEDULED"));
            filters.add(roomAudience(who));
            if (f.containsKey("topic")) {
                filters.add(term(SearchFields.TOPIC, f.get("topic")));
            }
            if (f.containsKey("category")) {
                filters.add(term(SearchFields.CATEGORY, f.get("category")));
            }
            if (f.containsKey("language")) {
                filters.add(language(f.get("language")));
            }
        } else if (request.index() == SearchIndex.CLUBS && f.containsKey("topic")) {
            filters.add(term(SearchFields.TOPICS, f.get("topic")));
        }
        return filters;
    }

    /**
     * RFC 4647 basic filtering on canonical tags: the tag itself, or a longer tag starting with it and {@code -}
     * ({@code pt} finds {@code pt} and {@code pt-BR}; {@code pt-BR} finds {@code pt-BR}, not {@code pt}).
     */
    private static Map<String, Object> language(String tag) {
        Map<String, Object> either = new LinkedHashMap<>();
        either.put("should", List.of(term(SearchFields.LANGUAGE, tag), Map.of("prefix", Map.of(SearchFields.LANGUAGE, tag + "-"))));
        either.put("minimum_should_match", 1);
        return Map.of("bool", either);
    }

    /** PUBLIC, or CLUB of a club of the searcher's, or SOCIAL hosted by / inviting / hosted by a follower of the searcher. */
    private static Map<String, Object> roomAudience(Searcher who) {
        List<Object> social = new ArrayList<>(List.of(term(SearchFields.AUDIENCE, who.userId())));
        if (!who.followers().isEmpty()) {
            social.add(terms(SearchFields.CREATED_BY, capped(who.followers())));
        }
        List<Object> visible = new ArrayList<>();
        visible.add(term(SearchFields.VISIBILITY, "PUBLIC"));
        visible.add(Map.of("bool", Map.of("filter", List.of(term(SearchFields.VISIBILITY, "SOCIAL")),
                "should", social, "minimum_should_match", 1)));
        if (!who.clubs().isEmpty()) {
            visible.add(Map.of("bool", Map.of("filter", List.of(term(SearchFields.VISIBILITY, "CLUB"),
                    terms(SearchFields.CLUB_ID, capped(who.clubs()))))));
        }
        return Map.of("bool", Map.of("should", visible, "minimum_should_match", 1));
    }

    private static List<Object> mustNot(SearchIndex index, Searcher who) {
        if (who.blocked().isEmpty()) {
            return List.of();
        }
        return switch (index) {
            case ROOMS -> List.of(terms(SearchFields.CREATED_BY, capped(who.blocked())));
            case USERS -> List.of(terms(SearchFields.USER_ID, capped(who.blocked())));
            case CLUBS -> List.of();
        };
    }

    /** Optional clauses adding to the text score: every word matched (a tier), live listeners, followed people. */
    private static List<Object> boosts(String text, SearchIndex index, Searcher who) {
        List<Object> should = new ArrayList<>();
        // multi_match with operator "and" is field-centric: every word in one field (title or topic, ...).
        should.add(constantScore(Map.of("bool", Map.of("should",
                List.of(prefixMatch(text, index, "and"), fuzzyMatch(text, index, "and")), "minimum_should_match", 1)),
                ALL_WORDS_BOOST));
        if (index == SearchIndex.ROOMS) {
            should.add(Map.of("function_score", Map.of("functions", List.of(Map.of("field_value_factor",
                    Map.of("field", SearchFields.LISTENERS, "modifier", "ln1p", "factor", 1, "missing", 0),
                    "weight", LISTENER_BOOST)), "boost_mode", "replace")));
        }
        if (!who.followees().isEmpty() && index != SearchIndex.CLUBS) {
            List<String> followees = capped(who.followees());
            Object filter = index == SearchIndex.ROOMS
                    ? Map.of("bool", Map.of("should", List.of(terms(SearchFields.CREATED_BY, followees),
                            terms(SearchFields.SPEAKERS, followees)), "minimum_should_match", 1))
                    : terms(SearchFields.USER_ID, followees);
            should.add(constantScore(filter, FOLLOWED_BOOST));
        }
        return should;
    }

    /** In a fixed key order (filter, boost), as every body built here: the same request gives the same body text. */
    private static Map<String, Object> constantScore(Object filter, double boost) {
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("filter", filter);
        score.put("boost", boost);
        return Map.of("constant_score", score);
    }

    private static Map<String, Object> term(String field, Object value) {
        return Map.of("term", Map.of(field, value));
    }

    private static Map<String, Object> terms(String field, List<String> values) {
        return Map.of("terms", Map.of(field, values));
    }

    private static List<String> capped(java.util.Set<String> ids) {
        return ids.stream().sorted().limit(MAX_TERMS).toList();
    }
}
