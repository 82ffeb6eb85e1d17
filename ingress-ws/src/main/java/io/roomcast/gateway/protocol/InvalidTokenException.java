package io.roomcast.gateway.protocol;

/**
 * A token that does not authenticate anyone: malformed, bad signature, expired, not yet valid or
 * without subject. Its message is sent to the client in the close reason (4004), so it must not
 * contain the token or key material.
 */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }
}
