package io.roomcast.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port helpers for starting servers on 127.0.0.1. */
public final class Ports {

    /** Lowest port {@link #free} chooses. */
    static final int FIRST_PORT = 10_000;
    /** Fewest ports between {@link #FIRST_PORT} and the ephemeral range for {@link #free} to choose there. */
    static final int MIN_CHOICE = 1_000;

    /** Connect timeout of {@link #inUse}, in ms. */
    static final int CONNECT_TIMEOUT_MS = 500;

    private Ports() {
    }

    /**
     * A port that is free on 127.0.0.1 right now, chosen at random <em>below</em> the kernel's ephemeral range
     * ({@code net.ipv4.ip_local_port_range}, Linux default 32768-60999), from {@value #FIRST_PORT} up. A port
     * from inside that range (what binding port 0 gives) can be taken, between this call and the server's bind,
     * as the local port of any outgoing connection on the machine: a demo failed so, its second media edge's
     * port taken while 200 WebSocket clients and a browser connected. Below the range only another server
     * can take it. Where the range cannot be read or leaves fewer than {@value #MIN_CHOICE} ports below it, the OS picks
     * (port 0). Callers that start a server should still fail with a clear message if the port was taken.
     *
     * @return a free TCP port
     * @throws ServerStartException if no port can be bound
     */
    public static int free() {
        int below = ephemeralLow();
        if (below - FIRST_PORT >= MIN_CHOICE) {
            for (int i = 0; i < 100; i++) {
                int port = FIRST_PORT + java.util.concurrent.ThreadLocalRandom.current().nextInt(below - FIRST_PORT);
                if (bindable(port) && !inUse("127.0.0.1", port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ServerStartException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * The first port of the kernel's ephemeral range, from {@code /proc/sys/net/ipv4/ip_local_port_range};
     * {@value #FIRST_PORT} (nothing below it is handed out) where it cannot be read (not Linux).
     */
    static int ephemeralLow() {
        try {
            // Lines, not readString: /proc files report size 0, and some JDKs' readString then reads 1 byte.
            String range = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return FIRST_PORT;
        }
    }

    /**
     * Whether something accepts TCP connections at host:port (connect timeout 500 ms).
     *
     * @param host host name or address
     * @param port TCP port
     * @return true if a connection could be opened
     */
    public static boolean inUse(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Checks that port is free on 127.0.0.1 (nothing listens and it can be bound).
     *
     * @param server the server about to use the port, for the message
     * @param port   TCP port
     * @throws ServerStartException "{server}: port N already in use" otherwise
     */
    public static void requireFree(String server, int port) {
        if (inUse("127.0.0.1", port) || !bindable(port)) {
            throw new ServerStartException(server + ": port " + port + " already in use");
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
