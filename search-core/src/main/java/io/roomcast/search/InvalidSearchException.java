package io.roomcast.search;

/** A search request that cannot be answered as given (400 {@code invalid_request}); the message says why. */
public final class InvalidSearchException extends RuntimeException {

    /** @param message for the client: what is wrong and what is accepted */
    public InvalidSearchException(String message) {
        super(message);
    }
}
