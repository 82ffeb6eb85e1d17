package io.roomcast.gateway.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Issues the short-lived JWT a client presents to the media edge (SFU) to send or receive a room's
 * audio: the claims of {@link MediaTokenClaims} ({@code role} LISTENER, INVITED_SPEAKER, SPEAKER or
 * MODERATOR at issue time; {@code edge} the media edge to connect to; for a relay edge also
 * {@code origin} and {@code origin_address}, where the relay fetches the room's audio,
 * docs/media-protocol.md, "Edges and cascading"). Signed by Micronaut's {@link JwtTokenGenerator} with
 * the gateway's signature configuration; {@link SessionTokenClaimsValidator} keeps it from being used as
 * a session or REST credential.
 *
 * <p>Setting: {@code roomcast.gateway.media-token.ttl} (default 5 min). The edge is chosen by
 * {@link io.roomcast.gateway.media.MediaEdgeDirectory}.
 */
@Singleton
public final class MediaTokenIssuer {

    private final JwtTokenGenerator generator;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param generator Micronaut's JWT generator
     * @param ttl       lifetime of a media token, at least 1 s
     * @throws IllegalArgumentException on a ttl below 1 s
     */
    public MediaTokenIssuer(JwtTokenGenerator generator,
                            @Value("${roomcast.gateway.media-token.ttl:5m}") Duration ttl) {
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("roomcast.gateway.media-token.ttl must be at least 1 s: " + ttl);
        }
        this.generator = generator;
        this.ttl = ttl;
        this.clock = Clock.systemUTC();
    }

    /**
     * The edge a token names.
     *
     * @param edge          the edge's id, not blank
     * @param origin        the room's origin edge id when {@code edge} is a relay, else null
     * @param originAddress the origin's UDP {@code host:port} when {@code edge} is a relay, else null
     */
    public record EdgeTarget(String edge, String origin, String originAddress) {
        public EdgeTarget {
            if (edge == null || edge.isBlank()) {
                throw new IllegalArgumentException("edge must not be blank");
            }
            if ((origin == null) != (originAddress == null)) {
                throw new IllegalArgumentException("origin and originAddress go together");
            }
        }
    }

    /** A signed media token and what it says. {@code expiresAtMs} in epoch ms. */
    public record MediaToken(String token, String roomId, String userId, String role, String edge, long expiresAtMs) {
    }

    /**
     * @param roomId the room
     * @param userId the participant
     * @param role   the participant's role name
     * @param target the edge to name
     * @return the token and its claims
     * @throws IllegalStateException    if the generator cannot sign (no signature configured)
     * @throws IllegalArgumentException for a blank roomId, userId or role
     */
    public MediaToken issue(String roomId, String userId, String role, EdgeTarget target) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(ttl.toSeconds());
        Map<String, Object> claims = new MediaTokenClaims(userId, roomId, role, target.edge(), target.origin(),
                target.originAddress(), now, expires).toMap();
        String token = generator.generateToken(claims)
                .orElseThrow(() -> new IllegalStateException("no JWT signature configured"));
        return new MediaToken(token, roomId, userId, role, target.edge(), expires.toEpochMilli());
    }
}
