package io.roomcast.schemas.validation;

/**
 * The schema registry could not say whether a record's schema id is one of its subject's versions:
 * it did not answer (refused, timed out, or answered other than HTTP 200 or 404) for as long as the
 * reader waits. It is not the record's fault: the record must be read again later, never refused or
 * dead-lettered. Thrown by {@link RegistryWriterSchemas#versionOf} and so by
 * {@link GuardedDecoder#decode}.
 */
public final class RegistryUnavailableException extends RuntimeException {
    /**
     * @param message what could not be read, e.g. {@code schema registry unavailable for 30000 ms: cannot
     *                tell whether schema id 7 is a version of room-commands-value}
     * @param cause   the last failure (connection refused, timeout, an HTTP status)
     */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
