package io.roomcast.gateway.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code Cache-Control: public, max-age=31536000, immutable} (one year, in seconds) on the web client's assets: Vite
 * names each after a hash of its content, so a new build has new names and an asset never changes (RFC 8246).
 */
@ServerFilter("/assets/**")
public final class AssetCacheFilter {
    /** One year in seconds, the longest max-age caches are expected to honour (RFC 9111 section 5.2.2.1). */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @ResponseFilter
    void cacheForever(MutableHttpResponse<?> response) {
        if (response.status() == HttpStatus.OK) {
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
        }
    }
}
