package io.roomcast.search.elasticsearch;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.search.IndexWrite;
import io.roomcast.search.SearchIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Elasticsearch side of search, over the official low-level client ({@code elasticsearch-rest5-client} of
 * {@code elasticsearch-java} 9.5.6), JSON through Jackson: index and alias management, bulk writes with external
 * versions, searches. Thread-safe.
 *
 * <p>Errors: an answer of 429 or 5xx, or no answer (connection refused, timeout), is a
 * {@link ClusterUnavailableException} (retry later); any other refusal is an {@link IllegalStateException} with
 * Elasticsearch's error text.
 */
public final class SearchCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Rest5Client client;
    private final String url;

    private SearchCluster(Rest5Client client, String url) {
        this.client = client;
        this.url = url;
    }

    /**
     * @param url e.g. {@code http://localhost:9200} (no connection is made here)
     * @return a client of that cluster
     */
    public static SearchCluster connect(String url) {
        return new SearchCluster(Rest5Client.builder(URI.create(url)).build(), url);
    }

    /** @return the cluster's URL */
    public String url() {
        return url;
    }

    /** Elasticsearch is not answering, or answered 429 / 5xx: try again later. */
    public static final class ClusterUnavailableException extends RuntimeException {
        private final int status;

        ClusterUnavailableException(String message, int status, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** @return the HTTP status, or 0 if Elasticsearch did not answer */
        public int status() {
            return status;
        }
    }

    /**
     * Runs a search.
     *
     * @param target an alias or index
     * @param body   the {@code _search} body
     * @return the response
     * @throws ClusterUnavailableException see the class comment
     */
    public Map<String, Object> search(String target, Map<String, Object> body) {
        return call("POST", "/" + target + "/_search", body);
    }

    /**
     * Makes sure an index's alias exists: if not, creates {@code <alias>-v<version>-1} with the code's settings and
     * mappings and points the alias at it. Two callers racing are fine (the loser finds it). An index that exists
     * gets {@code refreshInterval} (a dynamic setting: a changed setting reaches it without a rebuild).
     *
     * @return the concrete index behind the alias
     */
    public String ensureIndex(SearchIndex index, int replicas, String refreshInterval) {
        String current = aliasTarget(index);
        if (current != null) {
            call("PUT", "/" + current + "/_settings", Map.of("index", Map.of("refresh_interval", refreshInterval)));
            return current;
        }
        String name = index.indexName(1);
        try {
            createIndex(index, name, replicas, refreshInterval, true);
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).contains("resource_already_exists_exception")) {
                throw e;
            }
        }
        return aliasTarget(index);
    }

    /**
     * Creates the next generation of an index (for a rebuild), without alias.
     *
     * @return its name, e.g. {@code rooms-v1-2}
     */
    public String createNextIndex(SearchIndex index, int replicas, String refreshInterval) {
        int generation = 0;
        for (String name : indicesOf(index)) {
            generation = Math.max(generation, index.generationOf(name));
        }
        String name = index.indexName(generation + 1);
        createIndex(index, name, replicas, refreshInterval, false);
        return name;
    }

    /**
     * Points the alias at {@code target} in one atomic step (Elasticsearch {@code _aliases} actions: remove from every
     * other index, add to target), then deletes the indices it left.
     *
     * @return the indices deleted
     */
    public List<String> moveAlias(SearchIndex index, String target) {
        List<String> previous = aliasTargets(index);
        List<Object> actions = new ArrayList<>();
        for (String old : previous) {
            if (!old.equals(target)) {
                actions.add(Map.of("remove", Map.of("index", old, "alias", index.alias())));
            }
        }
        actions.add(Map.of("add", Map.of("index", target, "alias", index.alias(), "is_write_index", true)));
        call("POST", "/_aliases", Map.of("actions", actions));
        List<String> deleted = new ArrayList<>();
        for (String old : previous) {
            if (!old.equals(target)) {
                call("DELETE", "/" + old, null);
                deleted.add(old);
            }
        }
        return deleted;
    }

    /**
     * Deletes a concrete index (a rebuild's unfinished target); an index already gone is fine.
     *
     * @param name e.g. {@code rooms-v2-1}
     * @throws ClusterUnavailableException if Elasticsearch does not answer or answers 429/5xx
     */
    public void deleteIndex(String name) {
        try {
            call("DELETE", "/" + name, null);
        } catch (IllegalStateException e) {
            if (!String.valueOf(e.getMessage()).startsWith("404")) {
                throw e;
            }
        }
    }

    /** @return the concrete index the alias points at, or null if the alias does not exist */
    public String aliasTarget(SearchIndex index) {
        List<String> targets = aliasTargets(index);
        return targets.isEmpty() ? null : targets.getFirst();
    }

    /** Makes recent writes searchable now (tests; production relies on the refresh interval). */
    public void refresh(String target) {
        call("POST", "/" + target + "/_refresh", null);
    }

    /**
     * Writes documents in one {@code _bulk} request with {@code version_type=external}.
     *
     * @param target the alias or concrete index every write goes to (null: each write's own alias)
     * @param writes the writes, in order
     * @return one outcome per write, in order
     * @throws ClusterUnavailableException if the request as a whole failed (no answer, 429, 5xx)
     */
    public List<BulkOutcome> bulk(String target, List<IndexWrite> writes) {
        StringBuilder ndjson = new StringBuilder();
        try {
            for (IndexWrite w : writes) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("_index", target == null ? w.index().alias() : target);
                meta.put("_id", w.id());
                meta.put("version", w.version());
                meta.put("version_type", "external");
                ndjson.append(JSON.writeValueAsString(Map.of(w.isDelete() ? "delete" : "index", meta))).append('\n');
                if (!w.isDelete()) {
                    ndjson.append(JSON.writeValueAsString(w.document())).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Request request = new Request("POST", "/_bulk");
        request.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(ndjson.toString(),
                org.apache.hc.core5.http.ContentType.create("application/x-ndjson", java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, Object> response = perform(request);
        List<BulkOutcome> outcomes = new ArrayList<>();
        for (Object item : (List<?>) response.get("items")) {
            Map<?, ?> result = (Map<?, ?>) ((Map<?, ?>) item).values().iterator().next();
            int status = ((Number) result.get("status")).intValue();
            Object error = result.get("error");
            outcomes.add(new BulkOutcome(status, error == null ? null : errorText(error)));
        }
        return outcomes;
    }

    /**
     * What became of one write of a bulk.
     *
     * @param status HTTP status of the item (200/201 written, 404 delete of nothing, 409 stale version, 429 rejected,
     *               other 4xx refused, 5xx failed)
     * @param error  Elasticsearch's error type and reason, or null
     */
    public record BulkOutcome(int status, String error) {
        /** @return written, or nothing to do (stale version: a newer document is there; delete of a missing one) */
        public boolean done() {
            return status < 300 || status == 409 || (status == 404 && error == null);
        }

        /** @return worth retrying: 429 or 5xx */
        public boolean retriable() {
            return status == 429 || status >= 500;
        }
    }

    /**
     * Deletes a document if it is still the version a search saw (optimistic concurrency).
     *
     * @return true if deleted
     */
    public boolean deleteIfUnchanged(String index, String id, long seqNo, long primaryTerm) {
        try {
            call("DELETE", "/" + index + "/_doc/" + id + "?if_seq_no=" + seqNo + "&if_primary_term=" + primaryTerm, null);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void createIndex(SearchIndex index, String name, int replicas, String refreshInterval, boolean withAlias) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settings", index.settings(replicas, refreshInterval));
        body.put("mappings", index.mappings());
        if (withAlias) {
            body.put("aliases", Map.of(index.alias(), Map.of("is_write_index", true)));
        }
        call("PUT", "/" + name, body);
    }

    private List<String> aliasTargets(SearchIndex index) {
        try {
            return new ArrayList<>(call("GET", "/_alias/" + index.alias(), null).keySet());
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("404")) {
                return List.of();
            }
            throw e;
        }
    }

    private List<String> indicesOf(SearchIndex index) {
        try {
            return new ArrayList<>(call("GET", "/" + index.alias() + "-v" + index.mappingVersion() + "-*/_settings", null).keySet());
        } catch (IllegalStateException e) {
            return List.of();
        }
    }

    private Map<String, Object> call(String method, String endpoint, Map<String, Object> body) {
        Request request = new Request(method, endpoint);
        if (body != null) {
            try {
                request.setJsonEntity(JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return perform(request);
    }

    private Map<String, Object> perform(Request request) {
        Response response;
        try {
            response = client.performRequest(request);
        } catch (ResponseException e) {
            throw refusal(request, e.getResponse(), e);
        } catch (IOException e) {
            throw new ClusterUnavailableException("Elasticsearch at " + url + " did not answer: " + e, 0, e);
        }
        if (response.getStatusCode() >= 400) {
            // The low-level client answers some errors (404) without throwing.
            throw refusal(request, response, null);
        }
        try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? Map.of() : JSON.readValue(bytes, MAP);
        } catch (IOException e) {
            throw new ClusterUnavailableException("Elasticsearch's answer could not be read: " + e, 0, e);
        }
    }

    private static RuntimeException refusal(Request request, Response response, Exception cause) {
        int status = response.getStatusCode();
        String text = status + " " + request.getMethod() + " " + request.getEndpoint() + ": " + body(response);
        if (status == 429 || status >= 500) {
            return new ClusterUnavailableException("Elasticsearch answered " + text, status, cause);
        }
        return new IllegalStateException(text, cause);
    }

    private static String body(Response response) {
        try (InputStream in = response.getEntity().getContent()) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 500 ? text.substring(0, 500) + "..." : text;
        } catch (IOException | RuntimeException e) {
            return "(no body)";
        }
    }

    private static String errorText(Object error) {
        if (error instanceof Map<?, ?> m) {
            return m.get("type") + ": " + m.get("reason");
        }
        return String.valueOf(error);
    }
}
