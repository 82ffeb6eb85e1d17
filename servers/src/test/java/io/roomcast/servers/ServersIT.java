package io.roomcast.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts each real server on free ports, checks it answers, stops it and checks its process is gone. */
class ServersIT {

    @TempDir
    Path dir;

    @Test
    void kafkaBrokerStartsAnswersAndStops() throws Exception {
        long t0 = System.nanoTime();
        List<ProcessHandle> processes;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"), Ports.free(), Ports.free(),
                dir.resolve("logs/kafka.log"))) {
            report("Kafka broker process", t0);
            assertThat(Files.readString(dir.resolve("logs/kafka.pid"))).startsWith(broker.pid() + "\n");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("it-topic", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("it-topic");
            }
            processes = tree(broker.pid());
        }
        assertGone(processes);
        assertThat(dir.resolve("logs/kafka.pid")).doesNotExist();
    }

    @Test
    void schemaRegistryStartsAnswersAndStops() throws Exception {
        long t0 = System.nanoTime();
        List<ProcessHandle> processes;
        SchemaRegistryProcess registry;
        // Hold Quarkus' default management port 9000 (if free): the registry must not need it.
        try (ServerSocket ignored = bindIfFree(9000)) {
            registry = SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(), Ports.free(),
                    dir.resolve("logs/registry.log"));
        }
        try (registry) {
            report("Schema registry", t0);
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).isEqualTo("[]");
            assertThat(registry.registryApiUrl()).isEqualTo(registry.url() + "/apis/registry/v3");
            processes = tree(registry.pid());
        }
        assertGone(processes);
    }

    @Test
    void redisStartsOnAFreePortAndStops() {
        int port = Ports.free();
        long t0 = System.nanoTime();
        List<ProcessHandle> processes;
        try (RedisServer redis = RedisServer.reachableOrStart("127.0.0.1", port, dir.resolve("redis"),
                dir.resolve("logs/redis.log"))) {
            report("Redis", t0);
            assertThat(redis.started()).isTrue();
            assertThat(RedisServer.ping(redis.host(), redis.port())).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + port);
            processes = tree(redis.pid());
        }
        assertGone(processes);
        assertThat(RedisServer.ping("127.0.0.1", port)).isFalse();
    }

    /** The one that answers (here: started by this test on a free port, not the machine's) is reused and left running. */
    @Test
    void redisAlreadyRunningIsUsedNotStarted() {
        int port = Ports.free();
        try (RedisServer running = RedisServer.reachableOrStart("127.0.0.1", port, dir.resolve("redis"),
                dir.resolve("logs/redis.log"))) {
            try (RedisServer reused = RedisServer.reachableOrStart("127.0.0.1", port, dir.resolve("redis-2"),
                    dir.resolve("logs/redis-2.log"))) {
                assertThat(reused.started()).isFalse();
                assertThat(reused.pid()).isEqualTo(-1);
            }
            assertThat(RedisServer.ping("127.0.0.1", port)).as("the running Redis is left alone").isTrue();
        }
    }

    @Test
    void postgresStartsOnAFreePortAndStops() throws Exception {
        int port = Ports.free();
        Path pgDir = Files.createDirectories(Path.of("target", "it-postgres")).toAbsolutePath().resolve("pg-" + port);
        long t0 = System.nanoTime();
        List<ProcessHandle> processes;
        try (PostgresServer pg = PostgresServer.reachableOrStart("127.0.0.1", port, pgDir,
                dir.resolve("logs/postgres.log"))) {
            report("PostgreSQL (initdb + start)", t0);
            assertThat(pg.started()).isTrue();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("roomcast"), pg.user(), "");
                 ResultSet rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            processes = tree(pg.pid());
            assertThat(processes).hasSizeGreaterThan(1); // postmaster and its workers
        }
        assertGone(processes);
        assertThat(PostgresServer.accepts("127.0.0.1", port)).isFalse();

        long t1 = System.nanoTime();
        try (PostgresServer again = PostgresServer.reachableOrStart("127.0.0.1", port, pgDir,
                dir.resolve("logs/postgres.log"))) {
            report("PostgreSQL (restart, cluster reused)", t1);
            assertThat(again.started()).isTrue();
        }
        deleteTree(pgDir);
    }

    /** A clone under a private folder (mktemp -d, a 0700 home): as root the server runs in a user namespace and reaches it. */
    @Test
    void postgresUnderAPrivateFolderStarts() throws Exception {
        Path privateParent = Files.createDirectories(dir.resolve("private"));
        Files.setPosixFilePermissions(privateParent, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (PostgresServer pg = PostgresServer.reachableOrStart("127.0.0.1", Ports.free(), privateParent.resolve("pg"),
                dir.resolve("logs/postgres-private.log"));
             Connection c = DriverManager.getConnection(pg.jdbcUrl("roomcast"), pg.user(), "");
             ResultSet rs = c.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    /** The one that answers (here: started by this test on a free port, not the machine's) is reused and left running. */
    @Test
    void postgresAlreadyRunningIsUsedNotStarted() throws Exception {
        int port = Ports.free();
        Path pgDir = Files.createDirectories(Path.of("target", "it-postgres")).toAbsolutePath().resolve("pg-" + port);
        try (PostgresServer running = PostgresServer.reachableOrStart("127.0.0.1", port, pgDir,
                dir.resolve("logs/postgres.log"))) {
            try (PostgresServer reused = PostgresServer.reachableOrStart("127.0.0.1", port, dir.resolve("pg"),
                    dir.resolve("logs/postgres-2.log"))) {
                assertThat(reused.started()).isFalse();
            }
            assertThat(PostgresServer.accepts("127.0.0.1", port)).as("the running PostgreSQL is left alone").isTrue();
        } finally {
            deleteTree(pgDir);
        }
    }

    /** Started (as an unprivileged user when root), answers, is reused by a second call, and stops with its JVMs. */
    @Test
    void elasticsearchStartsAnswersIsReusedAndStops() throws Exception {
        int port = Ports.free();
        Path esDir = Files.createDirectories(Path.of("target", "it-elasticsearch")).toAbsolutePath().resolve("es-" + port);
        long t0 = System.nanoTime();
        List<ProcessHandle> processes;
        try (ElasticsearchServer es = ElasticsearchServer.reachableOrStart("http://127.0.0.1:" + port,
                SchemaRegistryProcess.defaultDistDir(), esDir, dir.resolve("logs/elasticsearch.log"))) {
            report("Elasticsearch", t0);
            assertThat(es.started()).isTrue();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(es.url() + "/_cluster/health"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.body()).contains("\"cluster_name\":\"roomcast\"");
            }
            try (ElasticsearchServer reused = ElasticsearchServer.reachableOrStart(es.url(),
                    SchemaRegistryProcess.defaultDistDir(), dir.resolve("es-2"), dir.resolve("logs/es-2.log"))) {
                assertThat(reused.started()).isFalse();
            }
            assertThat(ElasticsearchServer.answers(es.url())).as("the answering one is left alone").isTrue();
            processes = tree(es.pid());
        } finally {
            deleteTree(esDir);
        }
        assertGone(processes);
    }

    @Test
    void missingElasticsearchDistributionAndTakenPortAreNamed() throws Exception {
        assertThatThrownBy(() -> ElasticsearchServer.start(dir.resolve("nothing"), Ports.free(), dir.resolve("es"),
                dir.resolve("es.log")))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("Elasticsearch: distribution not found");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(), taken.getLocalPort(),
                    dir.resolve("es"), dir.resolve("es.log")))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessage("Elasticsearch: port " + taken.getLocalPort() + " already in use");
        }
    }

    @Test
    void portInUseIsReportedByName() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThat(Ports.inUse("127.0.0.1", port)).isTrue();
            assertThatThrownBy(() -> KafkaBrokerProcess.start(dir.resolve("k"), port, Ports.free(), dir.resolve("k.log")))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessage("Kafka broker: port " + port + " already in use");
        }
    }

    @Test
    void missingRegistryDistributionSaysHowToGetIt() {
        assertThatThrownBy(() -> SchemaRegistryProcess.start(dir.resolve("nothing"), Ports.free(), dir.resolve("r.log")))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("distribution not found")
                .hasMessageContaining("./mvnw -pl servers -am install -DskipTests");
    }

    @Test
    void processExitingEarlyFailsWithItsLastLogLines() {
        ManagedProcess process = ManagedProcess.start("Doomed", List.of("sh", "-c", "echo first; echo boom >&2; exit 3"),
                dir.resolve("doomed.log"), dir.resolve("doomed.pid"));
        assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(10), () -> false))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("Doomed exited early with code 3")
                .hasMessageContaining("first")
                .hasMessageContaining("boom");
        assertThat(dir.resolve("doomed.pid")).doesNotExist();
    }

    @Test
    void processNotReadyInTimeIsKilled() {
        ManagedProcess process = ManagedProcess.start("Sleepy", List.of("sleep", "60"), dir.resolve("sleepy.log"), null);
        assertThatThrownBy(() -> process.awaitReady(Duration.ofMillis(300), () -> {
            throw new IllegalStateException("not listening");
        })).isInstanceOf(ServerStartException.class)
                .hasMessageContaining("Sleepy did not become ready within 0 s (last check: java.lang.IllegalStateException: not listening)");
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void pidFileLetsAnotherCommandStopTheProcess() {
        Path pidFile = dir.resolve("sleeper.pid");
        ManagedProcess process = ManagedProcess.start("Sleeper", List.of("sleep", "60"), dir.resolve("sleeper.log"), pidFile);
        assertThat(ManagedProcess.stopFromPidFile(pidFile, Duration.ofSeconds(5))).isTrue();
        assertThat(process.isAlive()).isFalse();
        assertThat(pidFile).doesNotExist();
        assertThat(ManagedProcess.stopFromPidFile(pidFile, Duration.ofSeconds(5))).isFalse();
    }

    private static ServerSocket bindIfFree(int port) {
        try {
            return new ServerSocket(port, 1, java.net.InetAddress.getByName("0.0.0.0"));
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<ProcessHandle> tree(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()).toList();
    }

    private static void assertGone(List<ProcessHandle> processes) {
        for (ProcessHandle p : processes) {
            assertThat(p.isAlive()).as("process %d still alive", p.pid()).isFalse();
        }
    }

    private static void report(String server, long startNanos) {
        System.out.printf("[servers-it] %s ready in %d ms%n", server, (System.nanoTime() - startNanos) / 1_000_000);
    }

}
