package io.roomcast.gateway.protocol;

/**
 * Checks a client's JWT and names its user. The WebSocket adapter implements it with
 * micronaut-security-jwt (HS256 locally, JWKS/RS256 in production); the protocol core only calls it.
 * Must be fast (no blocking I/O per call: keys cached) because it runs on the connection's thread.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @param token the compact JWT from IDENTIFY or RESUME
     * @return the user id (the token's subject), never blank
     * @throws InvalidTokenException if the token is malformed, forged (bad signature), expired or not
     *                               yet valid; the session is closed with 4004. Any other exception
     *                               means the verifier itself failed: the session is closed with 4000
     */
    String verify(String token) throws InvalidTokenException;
}
