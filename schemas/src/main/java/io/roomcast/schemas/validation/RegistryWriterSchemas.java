package io.roomcast.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.avro.Schema;

/**
 * A subject's versions from the schema registry's Confluent-compatible API
 * ({@code GET /subjects/{subject}/versions}, then {@code GET /subjects/{subject}/versions/{n}} for
 * each version's id and schema; Confluent Schema Registry API reference). Cached; an id that is not
 * among the cached versions makes it read the subject again, at most once per {@code refreshInterval},
 * so a flood of records with foreign ids costs the registry one request per interval. Thread-safe.
 *
 * <p>While the registry cannot be reached the versions read before stay; an id outside them is
 * refused as {@link Reason#UNKNOWN_SCHEMA} (its dead letter keeps the bytes for a replay), as the
 * registry serde refused an id it could not resolve.
 */
public final class RegistryWriterSchemas implements WriterSchemas {
    /** Default wait between two reads of a subject triggered by unknown ids. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final Duration refreshInterval;
    private final LongSupplier clockMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final Map<String, Subject> subjects = new ConcurrentHashMap<>();

    private record Subject(Map<Integer, Schema> versions, long readAtMs) {}

    /**
     * @param registryApiUrl the registry's native API as given to the serdes ({@code .../apis/registry/v3}),
     *                       or its Confluent-compatible API ({@code .../apis/ccompat/v7})
     */
    public RegistryWriterSchemas(String registryApiUrl) {
        this(registryApiUrl, DEFAULT_REFRESH_INTERVAL, System::currentTimeMillis);
    }

    /** For a registry serde config ({@link io.roomcast.schemas.EventSerdes#config}): the registry it names. */
    public static RegistryWriterSchemas fromSerdeConfig(Map<String, Object> serdeConfig) {
        return new RegistryWriterSchemas(String.valueOf(serdeConfig.get(SchemaResolverConfig.REGISTRY_URL)));
    }

    RegistryWriterSchemas(String registryApiUrl, Duration refreshInterval, LongSupplier clockMs) {
        this.ccompatUrl = ccompatUrl(registryApiUrl);
        this.refreshInterval = refreshInterval;
        this.clockMs = clockMs;
    }

    /** The Confluent-compatible API root of an Apicurio registry URL. */
    static String ccompatUrl(String registryApiUrl) {
        String url = registryApiUrl.replaceAll("/+$", "");
        if (url.endsWith("/apis/ccompat/v7")) {
            return url;
        }
        return url.replaceFirst("/apis/registry/v3$", "") + "/apis/ccompat/v7";
    }

    @Override
    public Schema versionOf(String subject, int id) {
        Subject known = subjects.get(subject);
        if (known != null && known.versions().containsKey(id)) {
            return known.versions().get(id);
        }
        long now = clockMs.getAsLong();
        if (known == null || now - known.readAtMs() >= refreshInterval.toMillis()) {
            synchronized (this) {
                Subject latest = subjects.get(subject);
                if (latest == known) {
                    latest = read(subject, known, now);
                    subjects.put(subject, latest);
                }
                known = latest;
            }
        }
        return known.versions().get(id);
    }

    /** The subject's versions now; on failure the ones known before (none at first), read again after the interval. */
    private Subject read(String subject, Subject before, long now) {
        String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        Map<Integer, Schema> versions = new ConcurrentHashMap<>();
        try {
            for (JsonNode version : get(path)) {
                JsonNode entry = get(path + "/" + version.asInt());
                versions.put(entry.path("id").asInt(), new Schema.Parser().parse(entry.path("schema").asText()));
            }
        } catch (IOException | RuntimeException e) {
            return new Subject(before == null ? Map.of() : before.versions(), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Subject(before == null ? Map.of() : before.versions(), now);
        }
        return new Subject(Map.copyOf(versions), now);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl + path))
            .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
