package io.roomcast.media.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * Verifies media tokens as {@link MediaTokenClaims} defines them: a compact JWS signed HS256 (RFC 7518
 * section 3.2) with the secret shared with the gateway, {@code aud} containing
 * {@value MediaTokenClaims#AUDIENCE}, {@code token_use} = {@value MediaTokenClaims#MEDIA}, {@code exp} in the future and
 * {@code nbf} (if any) not, both with a small clock-skew allowance (RFC 7519 sections 4.1.4, 4.1.5),
 * {@code edge} naming this edge, non-blank {@code sub} and {@code room} and an {@code iat}; a lifetime
 * ({@code exp - iat}) of at most {@code maxLifetime}, so a revocation kept that long outlives every token
 * it refuses ({@link io.roomcast.media.session.Revocations}); an {@code origin} naming another edge (this
 * edge relays the room) needs an {@code origin_address} {@code host:port}. Thread-safe; no I/O.
 */
public final class MediaTokenVerifier {
    /** Longest token accepted, characters. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private final MACVerifier verifier;
    private final String edge;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final Clock clock;

    /**
     * @param secret the HS256 secret shared with the gateway (its UTF-8 bytes, as Micronaut uses them)
     * @param edge this edge's id; tokens naming another edge are refused
     * @param clockSkew allowance for exp and nbf
     * @param maxLifetime longest {@code exp - iat} accepted ({@code roomcast.media.max-token-lifetime}: at
     *     least the gateway's {@code media-token.ttl} and the relay token ttl)
     * @throws IllegalArgumentException for a secret under 32 bytes or a blank edge
     */
    public MediaTokenVerifier(String secret, String edge, Duration clockSkew, Duration maxLifetime, Clock clock) {
        if (edge == null || edge.isBlank()) {
            throw new IllegalArgumentException("the edge id must not be blank");
        }
        try {
            this.verifier = new MACVerifier(key(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable media token secret: " + e.getMessage(), e);
        }
        this.edge = edge;
        this.clockSkew = clockSkew;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** A verifier accepting tokens of any lifetime (tests, benchmarks). */
    public MediaTokenVerifier(String secret, String edge, Duration clockSkew, Clock clock) {
        this(secret, edge, clockSkew, Duration.ofSeconds(Long.MAX_VALUE), clock);
    }

    /**
     * The HMAC key of a shared secret: its UTF-8 bytes, as Micronaut uses them.
     *
     * @throws IllegalArgumentException for a secret under {@value MediaTokenClaims#MIN_SECRET_BYTES} bytes
     */
    static byte[] key(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MediaTokenClaims.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the media token secret must be at least "
                + MediaTokenClaims.MIN_SECRET_BYTES + " bytes");
        }
        return key;
    }

    /**
     * @return the token's claims
     * @throws InvalidMediaTokenException naming the first check that failed, in the order above
     */
    public MediaClaims verify(String token) throws InvalidMediaTokenException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidMediaTokenException("malformed token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidMediaTokenException("malformed token");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidMediaTokenException("wrong algorithm");
        }
        if (!signed(jwt)) {
            throw new InvalidMediaTokenException("bad signature");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(MediaTokenClaims.AUDIENCE)) {
            throw new InvalidMediaTokenException("wrong audience");
        }
        if (!MediaTokenClaims.MEDIA.equals(claims.getClaim(MediaTokenClaims.TOKEN_USE))) {
            throw new InvalidMediaTokenException("not a media token");
        }
        Date now = Date.from(clock.instant());
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().plus(clockSkew).isAfter(now.toInstant())) {
            throw new InvalidMediaTokenException("token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(clockSkew).isAfter(now.toInstant())) {
            throw new InvalidMediaTokenException("token not yet valid");
        }
        String room = text(claims, MediaTokenClaims.ROOM);
        String role = text(claims, MediaTokenClaims.ROLE);
        if (!edge.equals(text(claims, MediaTokenClaims.EDGE))) {
            throw new InvalidMediaTokenException("wrong edge");
        }
        Date iat = claims.getIssueTime();
        if (claims.getSubject() == null || claims.getSubject().isBlank() || room == null || room.isBlank()
                || iat == null) {
            throw new InvalidMediaTokenException("missing claims");
        }
        if (Duration.between(iat.toInstant(), exp.toInstant()).compareTo(maxLifetime) > 0) {
            throw new InvalidMediaTokenException("token lifetime too long");
        }
        long issuedAt = iat.toInstant().getEpochSecond();
        String origin = text(claims, MediaTokenClaims.ORIGIN);
        if (origin == null || origin.isBlank() || origin.equals(edge)) {
            return new MediaClaims(claims.getSubject(), room, role == null ? "" : role, edge, exp.getTime(), issuedAt);
        }
        String originAddress = text(claims, MediaTokenClaims.ORIGIN_ADDRESS);
        if (originAddress == null || !originAddress.matches(".+:\\d{1,5}")) {
            throw new InvalidMediaTokenException("missing claims");
        }
        return new MediaClaims(claims.getSubject(), room, role == null ? "" : role, edge, exp.getTime(), origin,
            originAddress, issuedAt);
    }

    private boolean signed(SignedJWT jwt) {
        try {
            return jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static String text(JWTClaimsSet claims, String name) throws InvalidMediaTokenException {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new InvalidMediaTokenException("missing claims");
        }
    }
}
