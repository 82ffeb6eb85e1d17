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
import java.util.HashMap;
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
 * <p>An id is answered null (refused as {@link Reason#UNKNOWN_SCHEMA}) only when the registry said so:
 * the subject was read and the id is not among its versions, or the subject does not exist (404). When
 * the registry does not answer (refused, a 5 s request timeout, another HTTP status), the reader waits
 * and reads again, 100 ms after the first failure and doubling to 2 s, for at most {@code maxWait}
 * ({@link #DEFAULT_MAX_WAIT}, 30 s: well under a consumer's {@code max.poll.interval.ms}, 5 min); then
 * it throws {@link RegistryUnavailableException}, so the record is read again later instead of being
 * dead-lettered. Ids already cached are answered without the registry.
 */
public final class RegistryWriterSchemas implements WriterSchemas {
    /** Default wait between two reads of a subject triggered by unknown ids. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** Default longest wait for an unreachable registry before {@link RegistryUnavailableException}. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final Duration refreshInterval;
    private final Duration maxWait;
    private final LongSupplier clockMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final Map<String, Subject> subjects = new ConcurrentHashMap<>();

    private record Subject(Map<Integer, Schema> versions, long readAtMs) {}

    /**
     * @param registryApiUrl the registry's native API as given to the serdes ({@code .../apis/registry/v3}),
     *                       or its Confluent-compatible API ({@code .../apis/ccompat/v7})
     */
    public RegistryWriterSchemas(String registryApiUrl) {
        this(registryApiUrl, DEFAULT_REFRESH_INTERVAL, DEFAULT_MAX_WAIT, System::currentTimeMillis);
    }

    /**
     * @param registryApiUrl as above
     * @param maxWait        longest wait for a registry that does not answer, before
     *                       {@link RegistryUnavailableException}; at least 0
     */
    public RegistryWriterSchemas(String registryApiUrl, Duration maxWait) {
        this(registryApiUrl, DEFAULT_REFRESH_INTERVAL, maxWait, System::currentTimeMillis);
    }

    /** For a registry serde config ({@link io.roomcast.schemas.EventSerdes#config}): the registry it names. */
    public static RegistryWriterSchemas fromSerdeConfig(Map<String, Object> serdeConfig) {
        return new RegistryWriterSchemas(String.valueOf(serdeConfig.get(SchemaResolverConfig.REGISTRY_URL)));
    }

    RegistryWriterSchemas(String registryApiUrl, Duration refreshInterval, Duration maxWait, LongSupplier clockMs) {
        this.ccompatUrl = ccompatUrl(registryApiUrl);
        this.refreshInterval = refreshInterval;
        this.maxWait = maxWait;
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

    /**
     * @return the schema, or null if the registry answered that the id is not a version of the subject
     * @throws RegistryUnavailableException if the id is not cached and the registry did not answer within
     *                                      {@code maxWait} (or the thread was interrupted while waiting)
     */
    @Override
    public Schema versionOf(String subject, int id) {
        Subject known = subjects.get(subject);
        if (known != null && known.versions().containsKey(id)) {
            return known.versions().get(id);
        }
        if (known == null || clockMs.getAsLong() - known.readAtMs() >= refreshInterval.toMillis()) {
            synchronized (this) {
                Subject latest = subjects.get(subject);
                if (latest == known) {
                    latest = readWaiting(subject, id);
                    subjects.put(subject, latest);
                }
                known = latest;
            }
        }
        return known.versions().get(id);
    }

    /** The subject's versions, read again until the registry answers or {@code maxWait} has passed. */
    private Subject readWaiting(String subject, int id) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoffMs = FIRST_BACKOFF_MS;
        while (true) {
            try {
                return new Subject(read(subject), clockMs.getAsLong());
            } catch (IOException | RuntimeException e) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw unavailable(subject, id, e);
                }
                try {
                    Thread.sleep(Math.min(backoffMs, leftMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw unavailable(subject, id, e);
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(subject, id, e);
            }
        }
    }

    private RegistryUnavailableException unavailable(String subject, int id, Exception cause) {
        return new RegistryUnavailableException("schema registry " + ccompatUrl + " unavailable for up to "
            + maxWait.toMillis() + " ms: cannot tell whether schema id " + id + " is a version of " + subject
            + " (" + cause + ")", cause);
    }

    /** @return the subject's versions by id; none if the registry answers 404 (no such subject) */
    private Map<Integer, Schema> read(String subject) throws IOException, InterruptedException {
        String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions";
        JsonNode list = get(path);
        if (list == null) {
            return Map.of();
        }
        Map<Integer, Schema> versions = new HashMap<>();
        for (JsonNode version : list) {
            JsonNode entry = get(path + "/" + version.asInt());
            if (entry == null) {
                throw new IOException("GET " + path + "/" + version.asInt() + " answered HTTP 404 (a version deleted meanwhile)");
            }
            versions.put(entry.path("id").asInt(), new Schema.Parser().parse(entry.path("schema").asText()));
        }
        return Map.copyOf(versions);
    }

    /** @return the JSON answer, or null for HTTP 404 */
    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl + path))
            .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
