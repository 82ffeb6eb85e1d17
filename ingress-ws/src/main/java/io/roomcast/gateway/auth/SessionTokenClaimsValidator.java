package io.roomcast.gateway.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import jakarta.inject.Singleton;

/**
 * Refuses media tokens (claim {@code token_use=media}) wherever micronaut-security-jwt validates a
 * token: as REST bearer tokens and in IDENTIFY/RESUME. A media token names a room and a role for the
 * media edge only; it must not open a session or call the REST API.
 */
@Singleton
public final class SessionTokenClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    /**
     * @param claims  the token's claims
     * @param request the HTTP request, or null outside a request (WebSocket IDENTIFY)
     * @return false for a media token, true otherwise
     */
    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        return !MediaTokenClaims.MEDIA.equals(claims.get(MediaTokenClaims.TOKEN_USE));
    }
}
