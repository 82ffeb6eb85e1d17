package io.roomcast.gateway.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues the short-lived JWT a client presents to the media edge (SFU) to send or receive a room's
 * audio. Claims: {@code sub} (user), {@code room}, {@code role} (LISTENER, INVITED_SPEAKER, SPEAKER
 * or MODERATOR at issue time), {@code edge} (the media edge to connect to), {@code aud}
 * ({@value #AUDIENCE}), {@code token_use} ({@value TokenUse#MEDIA}), {@code iat}, {@code nbf},
 * {@code exp} (epoch seconds), {@code jti}. Signed by Micronaut's {@link JwtTokenGenerator} with the
 * gateway's signature configuration; {@link SessionTokenClaimsValidator} keeps it from being used as
 * a session or REST credential.
 *
 * <p>Settings: {@code roomcast.gateway.media-token.ttl} (default 5 min), {@code
 * roomcast.gateway.media-token.edge} (default {@code edge-1}; a placeholder until the media-edge
 * issue assigns edges).
 */
@Singleton
public final class MediaTokenIssuer {

    /** {@code aud} of every media token. */
    public static final String AUDIENCE = "roomcast-media";

    private final JwtTokenGenerator generator;
    private final Duration ttl;
    private final String edge;
    private final Clock clock;

    /**
     * @param generator Micronaut's JWT generator
     * @param ttl       lifetime of a media token, at least 1 s
     * @param edge      the edge named in every token, not blank
     * @throws IllegalArgumentException on a ttl below 1 s or a blank edge
     */
    public MediaTokenIssuer(JwtTokenGenerator generator,
                            @Value("${roomcast.gateway.media-token.ttl:5m}") Duration ttl,
                            @Value("${roomcast.gateway.media-token.edge:edge-1}") String edge) {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("roomcast.gateway.media-token.ttl must be at least 1 s: " + ttl);
        }
        if (edge == null || edge.isBlank()) {
            throw new IllegalArgumentException("roomcast.gateway.media-token.edge must not be blank");
        }
        this.generator = generator;
        this.ttl = ttl;
        this.edge = edge;
        this.clock = Clock.systemUTC();
    }

    /** A signed media token and what it says. {@code expiresAtMs} in epoch ms. */
    public record MediaToken(String token, String roomId, String userId, String role, String edge, long expiresAtMs) {
    }

    /**
     * @param roomId the room
     * @param userId the participant
     * @param role   the participant's role name
     * @return the token and its claims
     * @throws IllegalStateException if the generator cannot sign (no signature configured)
     */
    public MediaToken issue(String roomId, String userId, String role) {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        Instant now = clock.instant();
        long nowS = now.getEpochSecond();
        long expS = nowS + ttl.toSeconds();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(Claims.SUBJECT, userId);
        claims.put(Claims.AUDIENCE, AUDIENCE);
        claims.put(Claims.ISSUED_AT, nowS);
        claims.put(Claims.NOT_BEFORE, nowS);
        claims.put(Claims.EXPIRATION_TIME, expS);
        claims.put(Claims.TOKEN_ID, UUID.randomUUID().toString());
        claims.put(TokenUse.CLAIM, TokenUse.MEDIA);
        claims.put("room", roomId);
        claims.put("role", role);
        claims.put("edge", edge);
        String token = generator.generateToken(claims)
                .orElseThrow(() -> new IllegalStateException("no JWT signature configured"));
        return new MediaToken(token, roomId, userId, role, edge, expS * 1000);
    }
}
