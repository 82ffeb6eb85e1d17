package io.roomcast.gateway.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.search.SearchRequest;

/** {@code GET /search}'s settings, {@code roomcast.gateway.search.*} (application.yml; env {@code ROOMCAST_GATEWAY_SEARCH_*}). */
@ConfigurationProperties("roomcast.gateway.search")
public class SearchSettings {
    /** Elasticsearch base URL (the indices search-indexer keeps). */
    private String elasticsearchUrl = "http://localhost:9200";
    /** Longest {@code q}, characters. */
    private int maxQueryChars = SearchRequest.Limits.DEFAULTS.maxQueryChars();
    /** Results per page without {@code limit}, and the largest {@code limit}. */
    private int defaultLimit = SearchRequest.Limits.DEFAULTS.defaultPageSize();
    private int maxLimit = SearchRequest.Limits.DEFAULTS.maxPageSize();

    public String getElasticsearchUrl() {
        return elasticsearchUrl;
    }

    public void setElasticsearchUrl(String elasticsearchUrl) {
        this.elasticsearchUrl = elasticsearchUrl;
    }

    public int getMaxQueryChars() {
        return maxQueryChars;
    }

    public void setMaxQueryChars(int maxQueryChars) {
        this.maxQueryChars = maxQueryChars;
    }

    public int getDefaultLimit() {
        return defaultLimit;
    }

    public void setDefaultLimit(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    public int getMaxLimit() {
        return maxLimit;
    }

    public void setMaxLimit(int maxLimit) {
        this.maxLimit = maxLimit;
    }

    /** @return the request limits of these settings */
    public SearchRequest.Limits limits() {
        return new SearchRequest.Limits(maxQueryChars, defaultLimit, maxLimit);
    }
}
