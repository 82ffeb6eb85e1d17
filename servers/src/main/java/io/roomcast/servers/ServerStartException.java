package io.roomcast.servers;

/**
 * A real server (Kafka broker, schema registry, Redis, PostgreSQL) could not be started or
 * reached. The message names the server and the cause, for example
 * {@code "Kafka broker: port 9092 already in use"} or
 * {@code "Kafka broker did not become ready within 60 s; last log lines: ..."}.
 */
public class ServerStartException extends RuntimeException {

    /** @param message names the server and the cause */
    public ServerStartException(String message) {
        super(message);
    }

    /**
     * @param message names the server and the cause
     * @param cause   the underlying failure (I/O error, last readiness probe error, ...)
     */
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
