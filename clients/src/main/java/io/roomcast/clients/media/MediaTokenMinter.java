package io.roomcast.clients.media;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;

/**
 * Media tokens as the gateway issues them ({@link MediaTokenClaims}, docs/media-protocol.md section 1),
 * signed HS256 with the secret shared by the gateway and the edge. For the edge's own tests and for benchmark listeners too many to
 * join the room through the gateway; speakers get theirs from the gateway.
 */
public final class MediaTokenMinter {
    /** The local development secret that the gateway and the edge both default to (application.yml). */
    public static final String DEVELOPMENT_SECRET = "roomcast-local-development-secret-change-me-32b";

    private final MACSigner signer;
    private final String edge;
    private final Duration ttl;

    /**
     * @param secret the HS256 secret, 32 bytes or more in UTF-8
     * @param edge the edge id tokens name (the edge's {@code roomcast.media.edge-id})
     * @param ttl lifetime of each token
     * @throws IllegalArgumentException for a secret under 32 bytes
     */
    public MediaTokenMinter(String secret, String edge, Duration ttl) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HS256 secret must have 32 bytes or more", e);
        }
        this.edge = edge;
        this.ttl = ttl;
    }

    /**
     * A signed token (compact JWS) for {@code user} in {@code room} with {@code role} (e.g. LISTENER).
     *
     * @throws IllegalArgumentException for a blank room, user or role
     */
    public String token(String room, String user, String role) {
        Instant now = Instant.now();
        MediaTokenClaims claims = MediaTokenClaims.forEdge(user, room, role, edge, now, now.plus(ttl));
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(claims.toMap()));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
    }
}
