package io.roomcast.servers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The schema registry: Apicurio Registry 3.3.3 (a Quarkus app) in its own JVM. Storage in memory
 * (schemas lost when it stops; tests), or in Kafka when started with a bootstrap (the local platform).
 *
 * <ul>
 *   <li>Ports: 127.0.0.1:{@code port} ({@code -Dquarkus.http.port}, {@code -Dquarkus.http.host=127.0.0.1});
 *       the Quarkus management interface (default 0.0.0.0:9000) moved to a free loopback port, so
 *       several registries can run side by side.</li>
 *   <li>Folders: runs {@code distDir/apicurio-registry-3.3.3/quarkus-run.jar} (unpacked there by
 *       the devstack build), working directory = the log file's folder; pid file next to the log
 *       ({@code registry.log} gives {@code registry.pid}).</li>
 *   <li>JVM: the current JVM's java (JDK 25), {@code -Xmx256m} (~300 MB RSS).</li>
 *   <li>Ready when {@code GET /apis/ccompat/v7/subjects} answers 200; timeout 180 s (~6 s here on an idle machine;
 *       70-120 s at load 20-25, where 90 s cut restarts that would have succeeded and started them over).</li>
 * </ul>
 * APIs: {@link #registryApiUrl()} for the Apicurio serdes, {@link #ccompatUrl()} for the
 * Confluent-compatible API. {@link #close()} stops it (SIGTERM, SIGKILL after 10 s).
 */
public final class SchemaRegistryProcess implements AutoCloseable {

    /** Server name used in messages. */
    public static final String NAME = "Schema registry";
    /** The Apicurio Registry version this class runs. */
    public static final String VERSION = "3.3.3";
    /** Longest wait for readiness: 180 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final String url;

    private SchemaRegistryProcess(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts the registry and waits until it answers.
     *
     * @param distDir the distributions folder ({@link #defaultDistDir()}), holding {@code apicurio-registry-3.3.3/}
     * @param port    HTTP port
     * @param logFile registry output
     * @return the ready registry
     * @throws ServerStartException if the distribution is missing (build module servers first), the port
     *                              is in use, or it is not ready within 180 s (with the last log lines)
     */
    public static SchemaRegistryProcess start(Path distDir, int port, Path logFile) {
        return start(distDir, port, null, logFile);
    }

    /**
     * Starts the registry with its storage in Kafka (Apicurio "kafkasql": a journal topic
     * {@code kafkasql-journal} and {@code kafkasql-snapshots}), so schema ids survive restarts
     * together with the records that carry them; in memory when {@code kafkaBootstrap} is null.
     *
     * @param kafkaBootstrap bootstrap servers of the broker to keep schemas in, or null for memory
     * @see #start(Path, int, Path)
     */
    public static SchemaRegistryProcess start(Path distDir, int port, String kafkaBootstrap, Path logFile) {
        Path jar = distDir.resolve("apicurio-registry-" + VERSION).resolve("quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new ServerStartException(NAME + ": distribution not found at " + jar
                    + "; run ./mvnw -pl servers -am install -DskipTests (it unpacks the registry into .roomcast/dist)");
        }
        Ports.requireFree(NAME, port);
        List<String> command = new ArrayList<>(List.of(KafkaBrokerProcess.currentJava(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                // Quarkus management interface (health, metrics): 0.0.0.0:9000 by default, which
                // makes a second registry (or anything else on 9000) fail; a free loopback port instead.
                "-Dquarkus.management.port=" + Ports.free(), "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.log.console.color=false"));
        if (kafkaBootstrap != null) {
            command.addAll(List.of("-Dapicurio.storage.kind=kafkasql", "-Dapicurio.kafkasql.bootstrap.servers=" + kafkaBootstrap));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path workDir = logFile.toAbsolutePath().getParent();
        ManagedProcess process = ManagedProcess.start(NAME, command, workDir, Map.of(), logFile,
                ManagedProcess.pidFileFor(logFile));
        String url = "http://127.0.0.1:" + port;
        process.awaitReady(READY_TIMEOUT, () -> Ports.inUse("127.0.0.1", port)
                && get(url + "/apis/ccompat/v7/subjects") == 200);
        return new SchemaRegistryProcess(process, url);
    }

    /**
     * A registry run by someone else (configured address); {@link #close()} leaves it alone.
     *
     * @param url its base URL, e.g. {@code http://127.0.0.1:8081} (a trailing slash is dropped)
     */
    public static SchemaRegistryProcess external(String url) {
        return new SchemaRegistryProcess(null, stripSlash(url));
    }

    /**
     * Whether a registry answers 200 on {@code GET url/apis/ccompat/v7/subjects} (timeouts 2-3 s).
     *
     * @param url base URL, e.g. {@code http://127.0.0.1:8081}
     * @return false on any error
     */
    public static boolean answers(String url) {
        try {
            return get(stripSlash(url) + "/apis/ccompat/v7/subjects") == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /**
     * Where the unpacked server distributions are: system property {@code roomcast.dist}, else
     * environment variable {@code ROOMCAST_DIST}, else {@code <cwd>/.roomcast/dist}.
     */
    public static Path defaultDistDir() {
        String configured = System.getProperty("roomcast.dist");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("ROOMCAST_DIST");
        }
        if (configured == null || configured.isBlank()) {
            return Path.of("").toAbsolutePath().resolve(".roomcast").resolve("dist");
        }
        return Path.of(configured);
    }

    /** @return {@code http://127.0.0.1:port} */
    public String url() {
        return url;
    }

    /** @return {@code url() + "/apis/registry/v3"}, what the Apicurio serdes want */
    public String registryApiUrl() {
        return url + "/apis/registry/v3";
    }

    /** @return {@code url() + "/apis/ccompat/v7"}, the Confluent-compatible API */
    public String ccompatUrl() {
        return url + "/apis/ccompat/v7";
    }

    /** @return the registry JVM's pid, or -1 for an {@link #external} one */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** @return true if this object started the registry, false for an {@link #external} one */
    public boolean started() {
        return process != null;
    }

    /** Stops the registry if this object started it (SIGTERM, SIGKILL after 10 s). Idempotent. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? stripSlash(url.substring(0, url.length() - 1)) : url;
    }

    private static int get(String uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(3)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
