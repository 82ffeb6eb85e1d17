package io.roomcast.media.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;

/** Media tokens as the gateway issues them ({@link MediaTokenClaims}, HS256), for tests. */
public final class MediaTokens {
    /** The local development secret both the gateway and the edge default to. */
    public static final String SECRET = "roomcast-local-development-secret-change-me-32b";

    private MediaTokens() {
    }

    /** A token for {@code user} in {@code room} on {@code edge}, expiring at {@code exp}. */
    public static String token(String user, String room, String role, String edge, Instant exp) {
        return sign(SECRET, base(user, room, role, edge, exp).build());
    }

    /** The claims the gateway writes, to be changed by tests; issued now, or just before exp for an expired one. */
    public static JWTClaimsSet.Builder base(String user, String room, String role, String edge, Instant exp) {
        Instant now = Instant.now();
        Instant issued = now.isBefore(exp) ? now : exp.minusSeconds(1);
        try {
            return new JWTClaimsSet.Builder(JWTClaimsSet.parse(
                MediaTokenClaims.forEdge(user, room, role, edge, issued, exp).toMap()));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs claims with HS256 and {@code secret}. */
    public static String sign(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
