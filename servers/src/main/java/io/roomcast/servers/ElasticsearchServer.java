package io.roomcast.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Elasticsearch: the one already answering at a configured URL (an operator's cluster; never stopped
 * here), else the integ-test distribution 9.5.3 from Maven Central
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:9.5.3:zip}, unpacked into
 * {@code <dist>/elasticsearch-9.5.3} by the build of module servers) run as a child process.
 *
 * <ul>
 *   <li>Started server: single node, security and machine learning off, HTTP on 127.0.0.1:{@code port},
 *       transport on a free loopback port, disk watermarks off (a shared build machine's full disk must not
 *       turn the indices read-only), heap {@code -Xms/-Xmx} {@link #HEAP} (~500 MB RSS).</li>
 *   <li>Folders under workDir: {@code config/} (copied from the distribution once), {@code data/},
 *       {@code logs/}, {@code tmp/}; kept between starts (the local platform's indices survive a restart).
 *       Pid file next to the log file ({@code elasticsearch.log} gives {@code elasticsearch.pid}).</li>
 *   <li>Root: Elasticsearch refuses to run as root, so as root workDir is chowned to an unprivileged
 *       user and the server runs through {@code setpriv} ({@link Unprivileged}).</li>
 *   <li>Java: {@code ES_JAVA_HOME} = this JVM's home (JDK 25).</li>
 *   <li>Ready when {@code GET /_cluster/health} answers 200 (this minimal distribution has no {@code GET /});
 *       timeout {@link #READY_TIMEOUT} (~8 s here).</li>
 * </ul>
 * {@link #close()} stops a started server (SIGTERM, SIGKILL after 10 s).
 */
public final class ElasticsearchServer implements AutoCloseable {

    /** Server name used in messages. */
    public static final String NAME = "Elasticsearch";
    /** The distribution version this class runs. */
    public static final String VERSION = "9.5.3";
    /** Longest wait for a started server: 180 s (~8 s idle; 81 s seen on a 2-core machine at load 20). */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** Heap of a started server ({@code ES_JAVA_OPTS}). */
    public static final String HEAP = "512m";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ManagedProcess process;
    private final String url;

    private ElasticsearchServer(ManagedProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Uses the Elasticsearch answering at url, or starts one on 127.0.0.1 at url's port.
     *
     * @param url     configured address, e.g. {@code http://localhost:9200} (a trailing slash is dropped)
     * @param distDir distributions folder ({@link SchemaRegistryProcess#defaultDistDir()})
     * @param workDir folder of a started server (config, data, logs, tmp)
     * @param logFile output of a started server
     * @return the server; {@link #started()} tells whether this call started it
     * @throws ServerStartException see {@link #start}
     */
    public static ElasticsearchServer reachableOrStart(String url, Path distDir, Path workDir, Path logFile) {
        String base = stripSlash(url);
        if (answers(base)) {
            return external(base);
        }
        return start(distDir, URI.create(base).getPort(), workDir, logFile);
    }

    /**
     * Starts a server and waits until it answers.
     *
     * @param port HTTP port on 127.0.0.1
     * @return the ready server at {@code http://127.0.0.1:port}
     * @throws ServerStartException if the distribution is missing (build module servers), the port is taken,
     *                              a folder cannot be prepared (or, as root, is not reachable by the unprivileged
     *                              user), or the server exits or is not ready in time; the message has the last
     *                              log lines (e.g. "can not run elasticsearch as root", a bootstrap check)
     */
    public static ElasticsearchServer start(Path distDir, int port, Path workDir, Path logFile) {
        Path home = distDir.resolve("elasticsearch-" + VERSION).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin").resolve("elasticsearch"))) {
            throw new ServerStartException(NAME + ": distribution not found at " + home
                    + "; run ./mvnw -pl servers -am install -DskipTests (it unpacks Elasticsearch into .roomcast/dist)");
        }
        Ports.requireFree(NAME, port);
        Path work = workDir.toAbsolutePath();
        Path config = work.resolve("config");
        try {
            for (String folder : List.of("data", "logs", "tmp")) {
                Files.createDirectories(work.resolve(folder));
            }
            if (!Files.isRegularFile(config.resolve("elasticsearch.yml"))) {
                copyTree(home.resolve("config"), config);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ServerStartException(NAME + ": cannot prepare " + work + ": " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(Unprivileged.prefix(NAME, List.of(work), List.of(home)));
        command.addAll(List.of("bash", home.resolve("bin").resolve("elasticsearch").toString(),
                "-Ediscovery.type=single-node", "-Ecluster.name=roomcast", "-Enode.name=roomcast-local",
                "-Expack.security.enabled=false", "-Expack.ml.enabled=false",
                "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                "-Ehttp.host=127.0.0.1", "-Ehttp.port=" + port, "-Etransport.host=127.0.0.1",
                "-Etransport.port=" + Ports.free(),
                "-Epath.data=" + work.resolve("data"), "-Epath.logs=" + work.resolve("logs")));
        Path javaHome = Path.of(KafkaBrokerProcess.currentJava()).getParent().getParent();
        Map<String, String> env = Map.of(
                "ES_JAVA_HOME", javaHome.toString(),
                "ES_PATH_CONF", config.toString(),
                "ES_TMPDIR", work.resolve("tmp").toString(),
                "ES_JAVA_OPTS", "-Xms" + HEAP + " -Xmx" + HEAP);
        ManagedProcess process = ManagedProcess.start(NAME, command, work, env, logFile, ManagedProcess.pidFileFor(logFile));
        String url = "http://127.0.0.1:" + port;
        process.awaitReady(READY_TIMEOUT, () -> Ports.inUse("127.0.0.1", port) && answers(url));
        return new ElasticsearchServer(process, url);
    }

    /**
     * An Elasticsearch run by someone else; {@link #close()} leaves it alone.
     *
     * @param url base URL, e.g. {@code http://localhost:9200}
     */
    public static ElasticsearchServer external(String url) {
        return new ElasticsearchServer(null, stripSlash(url));
    }

    /**
     * Whether an Elasticsearch answers 200 on {@code GET url/_cluster/health} (timeouts 2-3 s).
     *
     * @return false on any error
     */
    public static boolean answers(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(url) + "/_cluster/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /** @return base URL, e.g. {@code http://127.0.0.1:9200} */
    public String url() {
        return url;
    }

    /** @return true if this object started the server, false for a configured one */
    public boolean started() {
        return process != null;
    }

    /** @return the started server's pid (its launcher), or -1 for a configured one */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the server if this object started it (SIGTERM, SIGKILL after 10 s). Idempotent. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? stripSlash(url.substring(0, url.length() - 1)) : url;
    }
}
