package io.roomcast.media.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the media token a relay edge presents to a room's origin edge when it binds there as the
 * room's relay participant (docs/media-protocol.md, "Edges and cascading"): the gateway's token shape
 * (HS256 with the secret the gateway and every edge share, {@code aud} {@value MediaTokenVerifier#AUDIENCE},
 * {@code token_use} {@value MediaTokenVerifier#TOKEN_USE}), with {@code sub} = {@code relay:<relay edge id>},
 * {@code role} = {@value #ROLE}, {@code edge} = the origin's id. The origin verifies it like any media
 * token; the relay participant then gets the room's forwarded packets like a listener. Thread-safe; no I/O.
 */
public final class RelayTokens {
    /** {@code role} of a relay token. */
    public static final String ROLE = "RELAY";
    /** Prefix of a relay participant's {@code sub}. */
    public static final String SUBJECT_PREFIX = "relay:";

    private final MACSigner signer;
    private final String relayEdge;

    /**
     * @param secret the HS256 secret shared with the gateway and the other edges, at least 32 bytes
     * @param relayEdge this edge's id
     * @throws IllegalArgumentException for a secret under 32 bytes
     */
    public RelayTokens(String secret, String relayEdge) {
        try {
            this.signer = new MACSigner(MediaTokenVerifier.key(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable media token secret: " + e.getMessage(), e);
        }
        this.relayEdge = relayEdge;
    }

    /**
     * @param room the relayed room
     * @param originEdge the room's origin edge id (the token's {@code edge})
     * @param now issue time
     * @param expiresAt expiry, after {@code now}
     * @return the compact JWS
     */
    public String issue(String room, String originEdge, Instant now, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(SUBJECT_PREFIX + relayEdge)
            .audience(MediaTokenVerifier.AUDIENCE).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expiresAt)).jwtID(UUID.randomUUID().toString())
            .claim("token_use", MediaTokenVerifier.TOKEN_USE).claim("room", room).claim("role", ROLE)
            .claim("edge", originEdge).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a relay token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
