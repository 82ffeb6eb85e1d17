package io.roomcast.gateway.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import io.roomcast.schemas.validation.IdRules;
import io.roomcast.schemas.validation.RecordLimits;
import jakarta.inject.Singleton;

/**
 * The identity boundary's claims rule, wherever micronaut-security-jwt validates a token: as REST
 * bearer tokens and in IDENTIFY/RESUME. Refused are media tokens (claim {@code token_use=media}: a media
 * token names a room and a role for the media edge only; it must not open a session or call the REST
 * API) and a subject that is not a valid user id ({@link IdRules}: a right-to-left override or a
 * zero-width character would let one user show as another; docs/protocol.md, "Ids").
 */
@Singleton
public final class SessionTokenClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    /**
     * @param claims  the token's claims
     * @param request the HTTP request, or null outside a request (WebSocket IDENTIFY)
     * @return false for a media token or a subject that breaks the id rule, true otherwise (a missing
     *         subject is left to Micronaut's subject validator)
     */
    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        return !MediaTokenClaims.MEDIA.equals(claims.get(MediaTokenClaims.TOKEN_USE))
            && subjectViolation(claims.get(Claims.SUBJECT)) == null;
    }

    /**
     * @param subject a token's {@code sub} claim, or null
     * @return why it is not a valid user id, or null if it is one or is missing
     */
    static String subjectViolation(@Nullable Object subject) {
        return subject == null ? null
            : IdRules.violation("subject", subject.toString(), RecordLimits.DEFAULT.maxIdChars());
    }
}
