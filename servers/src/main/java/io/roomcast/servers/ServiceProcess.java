package io.roomcast.servers;

import java.io.IOException;
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
 * One of Roomcast's own services (a Micronaut app) in a child JVM, started from its module's
 * build output: {@code <module>/target/classes} plus the classpath listed in
 * {@code <module>/target/runtime.classpath}. Ready when {@code GET /health} answers 200.
 */
public final class ServiceProcess implements AutoCloseable {
    /** Longest wait for a service to answer its health check: 90 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Heap of each service JVM: {@code -Xmx} of environment {@code ROOMCAST_SERVICE_HEAP} (e.g. {@code 4g}), default 384m. */
    public static final String HEAP = "-Xmx" + System.getenv().getOrDefault("ROOMCAST_SERVICE_HEAP", "384m");
    /**
     * The JVM options every service runs with: {@link #HEAP}, the serial collector, and native access allowed
     * (JNI libraries such as Netty's epoll transport load without a warning).
     */
    public static final List<String> JVM_OPTIONS = List.of(HEAP, "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");

    private final ManagedProcess process;
    private final int httpPort;

    private ServiceProcess(ManagedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /**
     * @param name       service name, e.g. {@code room-state-stream}
     * @param moduleDir  the service's module folder (built)
     * @param mainClass  its main class
     * @param httpPort   its HTTP port ({@code micronaut.server.port})
     * @param properties system properties ({@code -Dkey=value}) configuring it
     * @param logFile    its output
     * @throws ServerStartException if the module is not built, the port is taken, or it is not
     *                              healthy within 90 s (with its last log lines)
     */
    public static ServiceProcess start(String name, Path moduleDir, String mainClass, int httpPort,
                                       Map<String, String> properties, Path logFile) {
        return start(name, moduleDir, mainClass, httpPort, properties, logFile, READY_TIMEOUT);
    }

    /**
     * As {@link #start(String, Path, String, int, Map, Path)}, waiting up to {@code readyTimeout} for the health check
     * (a JVM starting on a machine whose cores are all busy, e.g. the chaos run's restarts, needs more than 90 s).
     */
    public static ServiceProcess start(String name, Path moduleDir, String mainClass, int httpPort,
                                       Map<String, String> properties, Path logFile, Duration readyTimeout) {
        Path classpathFile = moduleDir.resolve("target/runtime.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new ServerStartException(name + ": not built (" + classpathFile + " missing); run ./mvnw -q -pl "
                + moduleDir.getFileName() + " -am install -Dmaven.test.skip=true");
        }
        Ports.requireFree(name, httpPort);
        String classpath;
        try {
            classpath = moduleDir.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new ServerStartException(name + ": cannot read " + classpathFile + ": " + e.getMessage(), e);
        }
        List<String> command = javaCommand();
        command.add("-Dmicronaut.server.port=" + httpPort);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", classpath, mainClass));
        ManagedProcess process = ManagedProcess.start(name, command, null, Map.of(), logFile, ManagedProcess.pidFileFor(logFile));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
            .timeout(Duration.ofSeconds(2)).build();
        process.awaitReady(readyTimeout,
            () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return new ServiceProcess(process, httpPort);
    }

    /**
     * The start of a service's command line: this JVM's {@code java} launcher, then {@link #JVM_OPTIONS}
     * (a benchmark that runs a service's code in a JVM of its own adds its class path and main class).
     *
     * @return a new mutable list
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(KafkaBrokerProcess.currentJava());
        command.addAll(JVM_OPTIONS);
        return command;
    }

    /** @return {@code http://localhost:<port>} */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** @return whether its JVM still runs (false after it exited, crashed or was killed) */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
