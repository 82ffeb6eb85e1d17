package io.roomcast.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port helpers for starting servers on 127.0.0.1. */
public final class Ports {

    /** Connect timeout of {@link #inUse}, in ms. */
    static final int CONNECT_TIMEOUT_MS = 500;

    private Ports() {
    }

    /**
     * A port that is free on 127.0.0.1 right now (the OS picks it by binding port 0). Another
     * process may take it before the caller binds it; callers that start a server should fail
     * with a clear message in that case.
     *
     * @return a free TCP port
     * @throws ServerStartException if no port can be bound
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ServerStartException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
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
