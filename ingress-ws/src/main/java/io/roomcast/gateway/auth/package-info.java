/**
 * Identity for ingress-ws: JWT validation ({@link io.roomcast.gateway.auth.JwtTokenVerifier}, the
 * WebSocket's {@link io.roomcast.gateway.protocol.TokenVerifier}), the claims rule that keeps media
 * tokens from being used as session credentials, the media token issuer, and the dev-only token
 * endpoint. All of it uses micronaut-security-jwt (HS256 shared secret locally, JWKS/RS256 in
 * production; see application.yml). The gateway checks identity only; what a user may do in a room
 * is decided by room-state-stream.
 */
package io.roomcast.gateway.auth;
