package io.roomcast.servers.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Registers the catalog's value schemas through the registry's Confluent-compatible REST API (the
 * one outside tools use), and sets the registry's global compatibility to BACKWARD (Confluent docs,
 * "Schema Registry API Reference": {@code PUT /config}, {@code POST /subjects/{subject}/versions}).
 */
public final class SchemaRegistration {
    /** Media type of the Confluent schema registry API. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Time allowed for one HTTP request: 10 s. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    /** @param ccompatUrl the Confluent-compatible API root, e.g. {@code http://localhost:8081/apis/ccompat/v7} */
    public SchemaRegistration(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl;
    }

    /**
     * Sets global compatibility to BACKWARD.
     *
     * @throws IllegalStateException if the registry answers with an error or cannot be reached
     */
    public void requireBackwardCompatibility() {
        send("PUT", "/config", Map.of("compatibility", "BACKWARD"));
    }

    /**
     * Registers each value schema under {@code <topic>-value}; registering an unchanged schema again
     * returns its existing id.
     *
     * @return subject name to the registry's schema id, in catalog order
     * @throws IllegalStateException if the registry refuses a schema (e.g. HTTP 409: not BACKWARD
     *     compatible with the registered version) or cannot be reached
     */
    public Map<String, Integer> registerAll() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            ids.put(topic.valueSubject(), register(topic.valueSubject(), topic.valueSchema()));
        }
        return ids;
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}).
     *
     * @return the schema id (the same id again for a schema already registered there)
     * @throws IllegalStateException with the HTTP status and body if the registry refuses it (409: not
     *     compatible under the subject's compatibility level; 422: not a valid schema)
     */
    public int register(String subject, Schema schema) {
        return send("POST", "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions",
            Map.of("schemaType", "AVRO", "schema", schema.toString())).path("id").asInt();
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ccompatUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("schema registry " + method + " " + path + " answered HTTP "
                    + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("schema registry at " + ccompatUrl + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to the schema registry", e);
        }
    }
}
