package io.roomcast.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.roomcast.gateway.UnitContext;
import io.roomcast.gateway.protocol.InvalidTokenException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier with Micronaut's real JWT beans (an application context without server, Kafka or
 * Redis): valid tokens name their subject; every kind of bad token is refused with its reason.
 */
class JwtTokenVerifierTest {
    private static ApplicationContext context;
    private static JwtTokenVerifier verifier;
    private static JwtTokenGenerator generator;

    @BeforeAll
    static void start() {
        context = UnitContext.run(Map.of("micronaut.server.port", -1));
        verifier = context.getBean(JwtTokenVerifier.class);
        generator = context.getBean(JwtTokenGenerator.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void aValidTokenNamesItsSubject() throws Exception {
        String token = generator.generateToken(Authentication.build("alice"), 60).orElseThrow();
        assertThat(verifier.verify(token)).isEqualTo("alice");
        assertThat(context.getBean(io.roomcast.gateway.protocol.TokenVerifier.class)).isSameAs(verifier);
    }

    @Test
    void anExpiredTokenIsRefusedAsExpired() {
        long past = Instant.now().getEpochSecond() - 120;
        String token = generator.generateToken(Map.of("sub", "alice", "iat", past - 60, "exp", past)).orElseThrow();
        assertRefused(token, "token expired");
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        long future = Instant.now().getEpochSecond() + 600;
        String token = generator.generateToken(Map.of("sub", "alice", "nbf", future, "exp", future + 60)).orElseThrow();
        assertRefused(token, "token not yet valid");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedAsForged() throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("alice")
            .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        forged.sign(new MACSigner("an-attacker-secret-that-is-32-bytes-long!!"));
        assertRefused(forged.serialize(), "bad signature");
    }

    @Test
    void malformedTokensAreRefused() {
        assertRefused("not-a-jwt", "malformed token");
        assertRefused("a.b.c", "malformed token");
        assertRefused("", "malformed token");
        assertRefused(null, "malformed token");
        assertRefused("x".repeat(9_000), "malformed token");
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        String token = generator.generateToken(Map.of("exp", Instant.now().getEpochSecond() + 60)).orElseThrow();
        assertRefused(token, "no subject");
    }

    /** Issue 11, A50: a token without exp would never expire. */
    @Test
    void aTokenWithoutExpiryIsRefused() {
        String token = generator.generateToken(Map.of("sub", "alice", "iat", Instant.now().getEpochSecond())).orElseThrow();
        assertRefused(token, "token has no expiry");
    }

    @Test
    void aMediaTokenIsNotASessionCredential() {
        String token = context.getBean(MediaTokenIssuer.class).issue("r-1", "alice", "SPEAKER", new MediaTokenIssuer.EdgeTarget("edge-1", null, null)).token();
        assertRefused(token, "media token is not a session credential");
    }

    /** A right-to-left override in the subject would let "alice\u202Egnp.exe" show as another user. */
    @Test
    void aSubjectThatIsNotAValidUserIdIsRefusedWithTheRule() {
        long exp = Instant.now().getEpochSecond() + 60;
        assertRefused(generator.generateToken(Map.of("sub", "alice\u202Egnp.exe", "exp", exp)).orElseThrow(),
            "subject contains U+202E (a format character: bidirectional control, zero-width or tag) at code point 5");
        assertRefused(generator.generateToken(Map.of("sub", "alice\u200B", "exp", exp)).orElseThrow(),
            "subject contains U+200B (a format character: bidirectional control, zero-width or tag) at code point 5");
        assertRefused(generator.generateToken(Map.of("sub", "x".repeat(129), "exp", exp)).orElseThrow(),
            "subject is 129 characters, more than 128");
    }

    private static void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessage(reason);
    }
}
