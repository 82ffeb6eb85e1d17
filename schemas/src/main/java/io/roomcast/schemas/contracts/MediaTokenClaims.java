package io.roomcast.schemas.contracts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The claims of a media token, the JWT a participant (or a relay edge) presents to a media edge to send
 * or receive a room's audio (docs/media-protocol.md section 1): the one place their names and values
 * are spelled. The gateway issues them, relay edges issue their own, the load generator mints them for
 * listeners, and the edge verifies them, all through this class.
 *
 * <table>
 *   <caption>Claims</caption>
 *   <tr><th>claim</th><th>value</th></tr>
 *   <tr><td>{@value #SUBJECT}</td><td>the participant's user id ({@code relay:<edge id>} for a relay edge)</td></tr>
 *   <tr><td>{@value #AUDIENCE_CLAIM}</td><td>{@value #AUDIENCE}</td></tr>
 *   <tr><td>{@value #TOKEN_USE}</td><td>{@value #MEDIA}: tells media tokens from session tokens, which are signed
 *       with the same keys; a media token is never a session credential</td></tr>
 *   <tr><td>{@value #ROOM}</td><td>the room id</td></tr>
 *   <tr><td>{@value #ROLE}</td><td>the role at issue time: LISTENER, INVITED_SPEAKER, SPEAKER, MODERATOR, or RELAY</td></tr>
 *   <tr><td>{@value #EDGE}</td><td>the id of the media edge the token is for; another edge refuses it</td></tr>
 *   <tr><td>{@value #ORIGIN}</td><td>optional: the room's origin edge id when {@value #EDGE} relays the room</td></tr>
 *   <tr><td>{@value #ORIGIN_ADDRESS}</td><td>with {@value #ORIGIN}: the origin's UDP address, {@code host:port}</td></tr>
 *   <tr><td>{@value #ISSUED_AT}, {@value #NOT_BEFORE}, {@value #EXPIRES_AT}</td><td>epoch seconds (RFC 7519
 *       section 2, NumericDate); not-before is the issue time</td></tr>
 *   <tr><td>{@value #TOKEN_ID}</td><td>a random UUID</td></tr>
 * </table>
 *
 * <p>Signed HS256 (RFC 7518 section 3.2) with the secret the gateway and every edge share, at least
 * {@value #MIN_SECRET_BYTES} bytes of UTF-8.
 *
 * @param subject       {@value #SUBJECT}, not blank
 * @param room          {@value #ROOM}, not blank
 * @param role          {@value #ROLE}, not blank
 * @param edge          {@value #EDGE}, not blank
 * @param origin        {@value #ORIGIN}, or null when {@code edge} is the room's origin
 * @param originAddress {@value #ORIGIN_ADDRESS} ({@code host:port}), null exactly when origin is
 * @param issuedAt      {@value #ISSUED_AT} and {@value #NOT_BEFORE} (kept to the second)
 * @param expiresAt     {@value #EXPIRES_AT}, after issuedAt (kept to the second)
 */
public record MediaTokenClaims(String subject, String room, String role, String edge, String origin,
                               String originAddress, Instant issuedAt, Instant expiresAt) {
    /** RFC 7519 registered claim: subject. */
    public static final String SUBJECT = "sub";
    /** RFC 7519 registered claim: audience. */
    public static final String AUDIENCE_CLAIM = "aud";
    /** RFC 7519 registered claim: issued at, epoch seconds. */
    public static final String ISSUED_AT = "iat";
    /** RFC 7519 registered claim: not before, epoch seconds. */
    public static final String NOT_BEFORE = "nbf";
    /** RFC 7519 registered claim: expiration time, epoch seconds. */
    public static final String EXPIRES_AT = "exp";
    /** RFC 7519 registered claim: JWT id. */
    public static final String TOKEN_ID = "jti";
    /** The {@value #AUDIENCE_CLAIM} of every media token. */
    public static final String AUDIENCE = "roomcast-media";
    /** Private claim telling media tokens from session tokens; a token without it is a session token. */
    public static final String TOKEN_USE = "token_use";
    /** The {@value #TOKEN_USE} of a media token. */
    public static final String MEDIA = "media";
    /** Private claim: the room. */
    public static final String ROOM = "room";
    /** Private claim: the role at issue time. */
    public static final String ROLE = "role";
    /** Private claim: the edge the token is for. */
    public static final String EDGE = "edge";
    /** Private claim: the room's origin edge, on a relay edge's token. */
    public static final String ORIGIN = "origin";
    /** Private claim: the origin's UDP {@code host:port}, with {@value #ORIGIN}. */
    public static final String ORIGIN_ADDRESS = "origin_address";
    /** Shortest HS256 secret, bytes of UTF-8: 256 bits (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * @throws IllegalArgumentException on a blank subject, room, role or edge, an origin without its
     *                                  address (or the reverse), or an expiry not after the issue time
     * @throws NullPointerException     if issuedAt or expiresAt is null
     */
    public MediaTokenClaims {
        requireText(subject, SUBJECT);
        requireText(room, ROOM);
        requireText(role, ROLE);
        requireText(edge, EDGE);
        if ((origin == null) != (originAddress == null)) {
            throw new IllegalArgumentException("origin and origin_address go together");
        }
        Objects.requireNonNull(issuedAt, ISSUED_AT);
        Objects.requireNonNull(expiresAt, EXPIRES_AT);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("exp must be after iat: " + expiresAt + " <= " + issuedAt);
        }
    }

    /**
     * A token for the room's origin edge (no relay). Errors as the canonical constructor.
     */
    public static MediaTokenClaims forEdge(String subject, String room, String role, String edge, Instant issuedAt,
                                           Instant expiresAt) {
        return new MediaTokenClaims(subject, room, role, edge, null, null, issuedAt, expiresAt);
    }

    /**
     * @return the claims as a JWT claims set: names as above, times in epoch seconds (Long), a new random
     *     {@value #TOKEN_ID} per call, {@value #ORIGIN} and {@value #ORIGIN_ADDRESS} only when set; the shape
     *     Micronaut's {@code JwtTokenGenerator.generateToken(Map)} and Nimbus' {@code JWTClaimsSet.parse(Map)} take
     */
    public Map<String, Object> toMap() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(SUBJECT, subject);
        claims.put(AUDIENCE_CLAIM, AUDIENCE);
        claims.put(ISSUED_AT, issuedAt.getEpochSecond());
        claims.put(NOT_BEFORE, issuedAt.getEpochSecond());
        claims.put(EXPIRES_AT, expiresAt.getEpochSecond());
        claims.put(TOKEN_ID, UUID.randomUUID().toString());
        claims.put(TOKEN_USE, MEDIA);
        claims.put(ROOM, room);
        claims.put(ROLE, role);
        claims.put(EDGE, edge);
        if (origin != null) {
            claims.put(ORIGIN, origin);
            claims.put(ORIGIN_ADDRESS, originAddress);
        }
        return claims;
    }

    private static void requireText(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(claim + " must not be blank");
        }
    }
}
