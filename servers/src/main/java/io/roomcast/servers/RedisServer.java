package io.roomcast.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Redis server: the one already answering at host:port if there is one (not started, not
 * stopped by this object), else {@code redis-server} from PATH started as a child process.
 *
 * <ul>
 *   <li>Started server: {@code redis-server --port port --bind 127.0.0.1 --save "" --appendonly no
 *       --dir workDir} in the foreground (no persistence); pid file next to the log file
 *       ({@code redis.log} gives {@code redis.pid}).</li>
 *   <li>Reachability: RESP {@code PING} answered {@code +PONG} (connect/read timeout 1 s).</li>
 *   <li>Ready timeout of a started server: 10 s.</li>
 * </ul>
 * {@link #close()} stops only a server this object started (SIGTERM, SIGKILL after 10 s).
 */
public final class RedisServer extends ReusableServer {

    /** Server name used in messages. */
    public static final String NAME = "Redis";
    /** Longest wait for a started server: 10 s. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(10);


    private RedisServer(String host, int port, ManagedProcess process) {
        super(host, port, process);
    }

    /**
     * Uses the Redis answering PING at host:port, or starts one on 127.0.0.1:port.
     *
     * @param host    where to look for a running Redis
     * @param port    its port, and the port of a started one
     * @param workDir folder of a started server (created)
     * @param logFile output of a started server
     * @return the server; {@link #started()} tells whether this call started it
     * @throws ServerStartException if {@code redis-server} is not installed, the port is taken by
     *                              something that is not Redis, or it is not ready within 10 s
     */
    public static RedisServer reachableOrStart(String host, int port, Path workDir, Path logFile) {
        if (ping(host, port)) {
            return new RedisServer(host, port, null);
        }
        Ports.requireFree(NAME, port);
        Path binary = findOnPath("redis-server");
        if (binary == null) {
            throw new ServerStartException(NAME + ": no Redis answers at " + host + ":" + port
                    + " and redis-server is not installed (Debian: apt-get install redis-server)");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new ServerStartException(NAME + ": cannot create " + workDir + ": " + e.getMessage(), e);
        }
        List<String> command = List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", workDir.toAbsolutePath().toString());
        ManagedProcess process = ManagedProcess.start(NAME, command, workDir, Map.of(), logFile,
                ManagedProcess.pidFileFor(logFile));
        process.awaitReady(READY_TIMEOUT, () -> ping("127.0.0.1", port));
        return new RedisServer("127.0.0.1", port, process);
    }

    /**
     * Whether a Redis answers {@code PING} with {@code +PONG} at host:port (timeouts 1 s).
     *
     * @return false on any error (refused, timeout, other answer such as {@code -NOAUTH})
     */
    public static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(answer, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the executable's path if found in a PATH folder, else null */
    static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** @return {@code redis://host:port} */
    public String uri() {
        return "redis://" + host() + ":" + port();
    }
}
