package io.roomcast.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A TURN server for browsers behind strict NATs: Debian's coturn ({@code turnserver}) on loopback, with
 * the TURN REST API scheme ({@code use-auth-secret}: credentials minted by the gateway, see
 * {@code io.roomcast.schemas.TurnCredentials}). Installed with {@code apt-get install coturn} where it is
 * missing and this runs as root. Flags: no config file ({@code -n}), UDP and TCP on {@code port} of
 * 127.0.0.1, relays on 127.0.0.1 ports {@code relayMin..relayMax}, no TLS/DTLS/CLI, and
 * {@code --allow-loopback-peers} (without it coturn refuses permissions to 127.0.0.1 with 403, and the
 * edge is on loopback here). Ready when its TCP port accepts (10 s at most). {@link #close()} stops it.
 */
public final class TurnServer implements AutoCloseable {
    /** Server name used in messages. */
    public static final String NAME = "TURN (coturn)";
    /** Realm coturn answers with. */
    public static final String REALM = "roomcast";
    /** apt-get option: wait up to 300 s for another apt-get's or dpkg's lock (apt.conf(5)). */
    private static final String APT_LOCK_WAIT = "-oDPkg::Lock::Timeout=300";
    /** Longest wait for the server to accept. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final int relayMin;
    private final int relayMax;
    private final String secret;
    private final ManagedProcess process;

    private TurnServer(int port, int relayMin, int relayMax, String secret, ManagedProcess process) {
        this.port = port;
        this.relayMin = relayMin;
        this.relayMax = relayMax;
        this.secret = secret;
        this.process = process;
    }

    /**
     * Starts coturn.
     *
     * @param port UDP/TCP listening port on 127.0.0.1
     * @param relayMin first relay port
     * @param relayMax last relay port
     * @param secret the static auth secret shared with the gateway
     * @throws ServerStartException when coturn is missing and cannot be installed, or does not start
     */
    public static TurnServer start(int port, int relayMin, int relayMax, String secret, Path workDir, Path logFile) {
        Path binary = RedisServer.findOnPath("turnserver");
        if (binary == null) {
            install();
            binary = RedisServer.findOnPath("turnserver");
        }
        if (binary == null) {
            throw new ServerStartException(NAME + ": turnserver is not installed and could not be installed"
                + " (Debian: apt-get install coturn, as root)");
        }
        Ports.requireFree(NAME, port);
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ServerStartException(NAME + ": cannot create " + workDir + ": " + e.getMessage(), e);
        }
        List<String> command = List.of(binary.toString(), "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
            "--listening-port=" + port, "--min-port=" + relayMin, "--max-port=" + relayMax, "--realm=" + REALM,
            "--use-auth-secret", "--static-auth-secret=" + secret, "--no-tls", "--no-dtls", "--no-cli",
            "--allow-loopback-peers", "--fingerprint", "--log-file=stdout", "--simple-log", "--no-stdout-log",
            "--userdb=" + workDir.resolve("turndb").toAbsolutePath(),
            "--pidfile=" + workDir.resolve("turnserver.pid").toAbsolutePath());
        ManagedProcess process = ManagedProcess.start(NAME, command, workDir, Map.of(), logFile,
            ManagedProcess.pidFileFor(logFile));
        process.awaitReady(READY_TIMEOUT, () -> Ports.inUse("127.0.0.1", port));
        return new TurnServer(port, relayMin, relayMax, secret, process);
    }

    /**
     * apt-get install coturn (after apt-get update when the first try fails), as root only; quiet. Each call
     * waits up to 5 minutes for another apt-get's lock (DPkg::Lock::Timeout, apt.conf(5)): the demo installs
     * Chromium while the platform starts.
     */
    private static void install() {
        if (!"root".equals(System.getProperty("user.name")) || RedisServer.findOnPath("apt-get") == null) {
            return;
        }
        if (!run(List.of("apt-get", APT_LOCK_WAIT, "install", "-y", "-qq", "coturn"))) {
            run(List.of("apt-get", APT_LOCK_WAIT, "update", "-qq"));
            run(List.of("apt-get", APT_LOCK_WAIT, "install", "-y", "-qq", "coturn"));
        }
    }

    private static boolean run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = builder.start();
            if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The TURN URL browsers use: {@code turn:127.0.0.1:<port>?transport=udp}. */
    public String url() {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    /** UDP/TCP port. */
    public int port() {
        return port;
    }

    /** First and last relay port. */
    public int relayMin() {
        return relayMin;
    }

    public int relayMax() {
        return relayMax;
    }

    /** The static auth secret (the gateway mints credentials with it). */
    public String secret() {
        return secret;
    }

    @Override
    public void close() {
        process.close();
    }
}
