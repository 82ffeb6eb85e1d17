package io.roomcast.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of results read from an Elasticsearch {@code _search} response (JSON as maps) of a
 * {@link SearchQueries#body} query.
 *
 * @param hits the hits, at most the request's limit, best first
 * @param next where the next page starts, or null on the last page
 */
public record SearchHits(List<Hit> hits, SearchPosition next) {

    /**
     * @param id         document id
     * @param score      its score (text relevance x boosts)
     * @param source     the document
     * @param highlights matched fragments by field, {@code <em>} around matches (fields without a match absent)
     */
    public record Hit(String id, double score, Map<String, Object> source, Map<String, List<String>> highlights) {}

    /**
     * @param response the {@code _search} response
     * @param request  the request it answers (its limit, its fingerprint for the next position)
     * @return the page
     * @throws IllegalArgumentException if the response has no {@code hits.hits} list
     */
    @SuppressWarnings("unchecked")
    public static SearchHits of(Map<String, Object> response, SearchRequest request) {
        Object outer = response.get("hits");
        if (!(outer instanceof Map<?, ?> hitsObject) || !(hitsObject.get("hits") instanceof List<?> raw)) {
            String text = String.valueOf(response);
            throw new IllegalArgumentException("not a search response (no hits.hits): "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
        List<Hit> hits = new ArrayList<>();
        for (Object o : raw) {
            Map<String, Object> hit = (Map<String, Object>) o;
            List<Object> sort = (List<Object>) hit.get("sort");
            double score = ((Number) sort.getFirst()).doubleValue();
            Map<String, List<String>> highlights = new LinkedHashMap<>();
            if (hit.get("highlight") instanceof Map<?, ?> h) {
                h.forEach((k, v) -> highlights.put((String) k, (List<String>) v));
            }
            hits.add(new Hit((String) hit.get("_id"), score, (Map<String, Object>) hit.get("_source"), highlights));
        }
        if (hits.size() <= request.limit()) {
            return new SearchHits(List.copyOf(hits), null);
        }
        List<Hit> page = List.copyOf(hits.subList(0, request.limit()));
        Hit last = page.getLast();
        return new SearchHits(page, new SearchPosition(request.fingerprint(), last.score(), last.id()));
    }
}
