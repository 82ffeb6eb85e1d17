package io.roomcast.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka 4.2 broker in its own JVM: one KRaft combined node ({@code process.roles=broker,controller},
 * node id 1), every internal topic at replication factor 1.
 *
 * <ul>
 *   <li>Ports: PLAINTEXT on 127.0.0.1:{@code port} (advertised as {@code localhost:port}),
 *       CONTROLLER on 127.0.0.1:{@code controllerPort}.</li>
 *   <li>Folders: {@code dataDir/server.properties}, {@code dataDir/cluster.id} (stable cluster id),
 *       {@code dataDir/logs} (log.dirs); the log file as given, the pid file next to it
 *       ({@code kafka.log} gives {@code kafka.pid}).</li>
 *   <li>JVM: the current JVM's java and classpath ({@code java.class.path}, or the system property
 *       {@code roomcast.kafka.classpath} if set), {@code -Xmx256m}. Storage is formatted first
 *       with {@code kafka.tools.StorageTool format --ignore-formatted} (skipped when already formatted).</li>
 *   <li>Ready when an AdminClient {@code describeCluster} answers; timeout 60 s (format: 60 s).</li>
 * </ul>
 * {@link #close()} stops the broker (SIGTERM, then SIGKILL after 10 s). Data stays in dataDir.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** Server name used in messages. */
    public static final String NAME = "Kafka broker";
    /** Longest wait for readiness: 60 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Heap of the broker JVM. */
    public static final String HEAP = "-Xmx256m";

    private final ManagedProcess process;
    private final int port;

    private KafkaBrokerProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats (if needed) and starts the broker, and waits until it answers.
     *
     * @param dataDir        broker folder (created)
     * @param port           client port (PLAINTEXT)
     * @param controllerPort KRaft controller port
     * @param logFile        broker output
     * @return the ready broker
     * @throws ServerStartException "port N already in use", "storage format failed ...", or
     *                              "did not become ready within 60 s; last log lines: ..."
     */
    public static KafkaBrokerProcess start(Path dataDir, int port, int controllerPort, Path logFile) {
        Ports.requireFree(NAME, port);
        Ports.requireFree(NAME + " controller", controllerPort);
        Path props = writeConfig(dataDir.toAbsolutePath(), port, controllerPort);
        String java = currentJava();
        String classpath = System.getProperty("roomcast.kafka.classpath", System.getProperty("java.class.path"));
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            ManagedProcess.run(NAME + " storage format",
                    List.of(java, "-Xmx128m", "-cp", classpath, "kafka.tools.StorageTool", "format",
                            "--ignore-formatted", "-t", clusterId(dataDir), "-c", props.toString()),
                    dataDir, logFile, Duration.ofSeconds(60));
        }
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
                "-cp", classpath, "kafka.Kafka", props.toString()));
        ManagedProcess process = ManagedProcess.start(NAME, command, dataDir, Map.of(), logFile, ManagedProcess.pidFileFor(logFile));
        String bootstrap = "localhost:" + port;
        try (Admin admin = Admin.create(adminConfig(bootstrap))) {
            process.awaitReady(READY_TIMEOUT, () -> Ports.inUse("127.0.0.1", port)
                    && !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
        return new KafkaBrokerProcess(process, port);
    }

    /** @return {@code localhost:port} */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** @return the broker JVM's pid */
    public long pid() {
        return process.pid();
    }

    /** @return the client port */
    public int port() {
        return port;
    }

    /** Stops the broker (SIGTERM, SIGKILL after 10 s). Idempotent. */
    @Override
    public void close() {
        process.close();
    }

    /** @return the java launcher of the current JVM (falls back to {@code java.home}/bin/java) */
    static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static Properties adminConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    private static String clusterId(Path dataDir) {
        Path file = dataDir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new ServerStartException(NAME + ": cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path writeConfig(Path dataDir, int port, int controllerPort) {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=8388608",
                "");
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            Files.writeString(file, config);
            return file;
        } catch (IOException e) {
            throw new ServerStartException(NAME + ": cannot write its config in " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
