package io.roomcast.gateway.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * For tests: the commands a real Redis executes, in the order it executes them, from its {@code MONITOR} feed
 * (redis.io/docs/latest/commands/monitor: one line per command, those run inside a Lua script included, e.g.
 * {@code +1733520000.1 [9 lua] "SET" "key" "value"}). It shows the order of writes that concurrent readers rely on.
 */
final class RedisMonitor implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader lines;

    private RedisMonitor(Socket socket) throws IOException {
        this.socket = socket;
        this.lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * @param uri the server, {@code redis://host:port}
     * @throws IOException if it cannot connect or does not accept MONITOR
     */
    static RedisMonitor open(String uri, Duration readTimeout) throws IOException {
        URI at = URI.create(uri);
        Socket socket = new Socket(at.getHost(), at.getPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        RedisMonitor monitor = new RedisMonitor(socket);
        String ok = monitor.lines.readLine();
        if (!"+OK".equals(ok)) {
            socket.close();
            throw new IOException("MONITOR refused: " + ok);
        }
        return monitor;
    }

    /**
     * @return the command lines read, up to and including the first that {@code last} accepts
     * @throws java.net.SocketTimeoutException if no command comes within the read timeout
     */
    List<String> commandsUntil(Predicate<String> last) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.add(line);
            if (last.test(line)) {
                return seen;
            }
        }
        throw new IOException("Redis closed the MONITOR connection after " + seen.size() + " commands");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
