package io.roomcast.gateway.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.jwt.validator.JsonWebTokenParser;
import io.micronaut.security.token.jwt.validator.JsonWebTokenSignatureValidator;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.roomcast.gateway.protocol.InvalidTokenException;
import io.roomcast.gateway.protocol.TokenVerifier;
import jakarta.inject.Singleton;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * The WebSocket's {@link TokenVerifier}: validates a compact JWT with micronaut-security-jwt's
 * {@link JsonWebTokenValidator} (signature against the configured keys: the HS256 secret locally,
 * the JWKS keys in production, cached by Micronaut; then the claims validators: expiry, not-before,
 * subject, and {@link SessionTokenClaimsValidator}: no media token, a subject that is a valid user id),
 * the same validation the REST API's bearer authentication uses.
 *
 * <p>When validation fails, the token is examined once more only to name the reason for the close
 * frame (4004): {@code malformed token}, {@code bad signature}, {@code token expired},
 * {@code token not yet valid}, {@code no subject}, {@code media token is not a session credential},
 * the id rule's reason ({@code subject contains U+202E (...) at code point 5}) or {@code claims rejected}. Reasons never contain the token or key material.
 *
 * <p>Thread-safe; no I/O per call with a shared secret. With JWKS, Micronaut fetches the key set
 * on first use and when an unknown key id appears, then serves it from its cache.
 */
@Singleton
public final class JwtTokenVerifier implements TokenVerifier {

    /** Longest token accepted (characters); longer input is refused as malformed before parsing. */
    static final int MAX_TOKEN_CHARS = 8_192;

    private final JsonWebTokenValidator<JWT, HttpRequest<?>> validator;
    private final JsonWebTokenParser<JWT> parser;
    private final JsonWebTokenSignatureValidator<SignedJWT> signatureValidator;
    private final Clock clock;

    /**
     * @param validator          Micronaut's JWT validator (signature and claims)
     * @param parser             Micronaut's JWT parser (decrypts JWE if configured)
     * @param signatureValidator Micronaut's signature check against the configured keys
     */
    public JwtTokenVerifier(JsonWebTokenValidator<JWT, HttpRequest<?>> validator, JsonWebTokenParser<JWT> parser,
                            JsonWebTokenSignatureValidator<SignedJWT> signatureValidator) {
        this.validator = validator;
        this.parser = parser;
        this.signatureValidator = signatureValidator;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param token the compact JWT from IDENTIFY or RESUME (or a bearer header)
     * @return the token's subject, never blank
     * @throws InvalidTokenException if the token is null, blank, longer than 8,192 characters,
     *                               malformed, forged, expired, not yet valid, without expiry ({@code exp}),
     *                               a media token, or has no subject or one that is not a valid user id
     *                               ({@link io.roomcast.schemas.validation.IdRules}); the message names the reason
     */
    @Override
    public String verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("malformed token");
        }
        Optional<JWT> valid;
        try {
            valid = validator.validate(token, null);
        } catch (RuntimeException e) {
            // Nimbus throws for some syntactically broken inputs instead of answering empty.
            throw new InvalidTokenException("malformed token");
        }
        if (valid.isPresent()) {
            JWTClaimsSet claims = claimsOf(valid.get());
            if (claims.getSubject() == null || claims.getSubject().isBlank()) {
                throw new InvalidTokenException("no subject");
            }
            if (claims.getExpirationTime() == null) {
                // RFC 7519 section 4.1.4 makes exp optional; a session credential without it would never expire.
                throw new InvalidTokenException("token has no expiry");
            }
            return claims.getSubject();
        }
        throw new InvalidTokenException(reasonFor(token));
    }

    /** Why {@code token} failed validation: the first failing check, in validation order. */
    private String reasonFor(String token) {
        Optional<JWT> parsed;
        try {
            parsed = parser.parse(token);
        } catch (RuntimeException e) {
            return "malformed token";
        }
        if (parsed.isEmpty()) {
            return "malformed token";
        }
        JWT jwt = parsed.get();
        if (!(jwt instanceof SignedJWT signed) || !signatureValidator.validateSignature(signed)) {
            return "bad signature";
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return "malformed token";
        }
        Date now = Date.from(clock.instant());
        if (claims.getExpirationTime() != null && !claims.getExpirationTime().after(now)) {
            return "token expired";
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().after(now)) {
            return "token not yet valid";
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            return "no subject";
        }
        if (MediaTokenClaims.MEDIA.equals(claims.getClaim(MediaTokenClaims.TOKEN_USE))) {
            return "media token is not a session credential";
        }
        String subject = SessionTokenClaimsValidator.subjectViolation(claims.getSubject());
        return subject != null ? subject : "claims rejected";
    }

    private static JWTClaimsSet claimsOf(JWT jwt) throws InvalidTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
    }
}
