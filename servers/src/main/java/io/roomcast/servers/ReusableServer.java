package io.roomcast.servers;

/**
 * A server that is either one already running at host:port (reused, never stopped here) or one
 * this JVM started (then {@link #close()} stops it): Redis and PostgreSQL.
 */
abstract class ReusableServer implements AutoCloseable {
    private final String host;
    private final int port;
    private final ManagedProcess process;

    /** @param process the started server, or null if one was already running */
    ReusableServer(String host, int port, ManagedProcess process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    /** @return host name or address */
    public String host() {
        return host;
    }

    /** @return TCP port */
    public int port() {
        return port;
    }

    /** @return true if this object started the server (and {@link #close()} stops it) */
    public boolean started() {
        return process != null;
    }

    /** @return the started server's pid, or -1 if it was already running */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the server if this object started it; idempotent. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
