package io.roomcast.media.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.text.ParseException;
import java.time.Instant;

/**
 * Signs the media token a relay edge presents to a room's origin edge when it binds there as the
 * room's relay participant (docs/media-protocol.md, "Edges and cascading"): the gateway's token,
 * {@link MediaTokenClaims} signed HS256 with the secret the gateway and every edge share, with
 * {@code sub} = {@code relay:<relay edge id>},
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
     * @throws IllegalArgumentException for a blank room or origin edge, or an expiry not after now
     */
    public String issue(String room, String originEdge, Instant now, Instant expiresAt) {
        MediaTokenClaims claims = MediaTokenClaims.forEdge(SUBJECT_PREFIX + relayEdge, room, ROLE, originEdge, now,
            expiresAt);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(claims.toMap()));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("cannot sign a relay token: " + e.getMessage(), e);
        }
    }
}
