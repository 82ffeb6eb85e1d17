package io.roomcast.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A PostgreSQL server: the one already accepting a JDBC connection at host:port (user
 * {@code postgres}, database {@code postgres}, trust auth) if there is one, else a cluster of
 * its own in workDir run as a child process.
 *
 * <ul>
 *   <li>Started server: {@code initdb} (once, when {@code workDir/PG_VERSION} is absent; trust
 *       auth, superuser {@code postgres}, UTF8, C locale) then {@code postgres -D workDir -p port
 *       -h 127.0.0.1 -k workDir} in the foreground with {@code fsync=off} (a dev/test server).
 *       Binaries: the newest {@code /usr/lib/postgresql/N/bin}, else {@code pg_config --bindir},
 *       else PATH. As root, PostgreSQL refuses to run: workDir is chowned to user
 *       {@code postgres} (or {@code nobody}) and both run through {@code setpriv --reuid --regid
 *       --clear-groups}; every parent folder of workDir must then be searchable by others
 *       (not under a 0700 temp folder). Pid file next to the log file ({@code postgres.log} gives {@code postgres.pid}).</li>
 *   <li>Database {@code roomcast} is created if missing (in the found server too).</li>
 *   <li>Timeouts: initdb 60 s, readiness 30 s; connect timeout of each probe 2 s.</li>
 * </ul>
 * {@link #close()} stops only a server this object started (SIGINT = fast shutdown, SIGKILL
 * after 10 s). The cluster stays in workDir and is reused by the next start.
 */
public final class PostgresServer extends ReusableServer {

    /** Server name used in messages. */
    public static final String NAME = "PostgreSQL";
    /** Longest wait for a started server: 30 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** Database created if missing. */
    public static final String DATABASE = "roomcast";
    private static final String USER = "postgres";


    private PostgresServer(String host, int port, ManagedProcess process) {
        super(host, port, process);
    }

    /**
     * Uses the PostgreSQL at host:port if it accepts a connection, or starts one on 127.0.0.1:port.
     *
     * @param host    where to look for a running server
     * @param port    its port, and the port of a started one
     * @param workDir data folder of a started server (created; reused if already initialised)
     * @param logFile output of initdb and of the started server
     * @return the server; {@link #started()} tells whether this call started it
     * @throws ServerStartException if the binaries are not installed, the port is taken by
     *                              something else, initdb fails, the server is not ready within
     *                              30 s, or database {@code roomcast} cannot be created
     */
    public static PostgresServer reachableOrStart(String host, int port, Path workDir, Path logFile) {
        PostgresServer server;
        if (accepts(host, port)) {
            server = new PostgresServer(host, port, null);
        } else {
            server = start(port, workDir.toAbsolutePath(), logFile.toAbsolutePath());
        }
        try {
            server.createDatabaseIfMissing(DATABASE);
        } catch (SQLException e) {
            server.close();
            throw new ServerStartException(NAME + ": cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** @return whether a PostgreSQL at host:port accepts user postgres on database postgres (2 s timeout) */
    public static boolean accepts(String host, int port) {
        try (Connection ignored = connect("jdbc:postgresql://" + host + ":" + port + "/postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static PostgresServer start(int port, Path workDir, Path logFile) {
        Ports.requireFree(NAME, port);
        Path bin = binDir();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ServerStartException(NAME + ": cannot prepare " + workDir + ": " + e.getMessage(), e);
        }
        List<String> asUser = Unprivileged.prefix(NAME, List.of(workDir), List.of());
        if (!Files.exists(workDir.resolve("PG_VERSION"))) {
            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", workDir.toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"));
            ManagedProcess.run(NAME + " initdb", initdb, workDir, logFile, Duration.ofSeconds(60));
        }
        // Unix socket paths are limited to ~107 bytes: no socket when workDir is too deep.
        String socketDir = workDir.toString().length() < 90 ? workDir.toString() : "";
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", workDir.toString(),
                "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", socketDir,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        ManagedProcess process = ManagedProcess.start(NAME, command, workDir, Map.of(), logFile,
                ManagedProcess.pidFileFor(logFile)).stopSignal("INT");
        process.awaitReady(READY_TIMEOUT, () -> accepts("127.0.0.1", port));
        return new PostgresServer("127.0.0.1", port, process);
    }

    /** @return {@code jdbc:postgresql://host:port/database} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** @return {@code postgres} (trust auth: no password) */
    public String user() {
        return USER;
    }


    /**
     * Creates a database of its own for a test or a run (so they do not see each other's rows).
     *
     * @param prefix lower case letters, digits and _; the name is prefix, _ and 12 random hex digits
     * @return the new database's name
     * @throws ServerStartException if it cannot be created
     */
    public String createFreshDatabase(String prefix) {
        if (!prefix.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database prefix must be [a-z][a-z0-9_]*: " + prefix);
        }
        String name = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            createDatabaseIfMissing(name);
        } catch (SQLException e) {
            throw new ServerStartException(NAME + ": cannot create database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Drops a database made by {@link #createFreshDatabase}, closing its connections; a failure is ignored. */
    public void dropDatabase(String name) {
        try (Connection connection = connect(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + name.replace("\"", "") + "\" with (force)");
        } catch (SQLException e) {
            // left for the next cleanup
        }
    }

    private void createDatabaseIfMissing(String database) throws SQLException {
        try (Connection connection = connect(jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            try {
                statement.execute("create database " + database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // created concurrently: fine
                    throw e;
                }
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "2");
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(url, props);
    }

    private static Path binDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(PostgresServer::majorVersion)).orElse(null);
                if (found != null) {
                    return found;
                }
            } catch (IOException e) {
                // try the next way
            }
        }
        try {
            Process pgConfig = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String dir = new String(pgConfig.getInputStream().readAllBytes()).trim();
            if (pgConfig.waitFor() == 0 && Files.isExecutable(Path.of(dir, "postgres"))) {
                return Path.of(dir);
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path postgres = RedisServer.findOnPath("postgres");
        if (postgres != null && Files.isExecutable(postgres.resolveSibling("initdb"))) {
            return postgres.getParent();
        }
        throw new ServerStartException(NAME + ": binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin,"
                + " pg_config --bindir or PATH (Debian: apt-get install postgresql)");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
