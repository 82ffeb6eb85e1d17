package io.roomcast.media.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class MediaTokenVerifierTest {
    private final MediaTokenVerifier verifier = new MediaTokenVerifier(MediaTokens.SECRET, "edge-1",
        Duration.ofSeconds(2), Clock.systemUTC());
    private final Instant inFiveMinutes = Instant.now().plusSeconds(300);

    @Test
    void aGatewayTokenForThisEdgeIsAccepted() throws Exception {
        MediaClaims claims = verifier.verify(MediaTokens.token("ann", "r1", "SPEAKER", "edge-1", inFiveMinutes));

        assertThat(claims.user()).isEqualTo("ann");
        assertThat(claims.room()).isEqualTo("r1");
        assertThat(claims.role()).isEqualTo("SPEAKER");
        assertThat(claims.expiresAtMs()).isEqualTo(inFiveMinutes.getEpochSecond() * 1000);
    }

    @Test
    void eachBrokenRuleIsNamed() {
        var base = MediaTokens.base("ann", "r1", "SPEAKER", "edge-1", inFiveMinutes);
        refused(MediaTokens.token("ann", "r1", "SPEAKER", "edge-1", Instant.now().minusSeconds(10)), "token expired");
        refused(MediaTokens.token("ann", "r1", "SPEAKER", "edge-2", inFiveMinutes), "wrong edge");
        refused(MediaTokens.sign("another-secret-of-at-least-thirty-two-bytes", base.build()), "bad signature");
        refused(MediaTokens.sign(MediaTokens.SECRET, base.audience("roomcast").build()), "wrong audience");
        refused(MediaTokens.sign(MediaTokens.SECRET, base.audience("roomcast-media").claim("token_use", null).build()),
            "not a media token");
        refused(MediaTokens.sign(MediaTokens.SECRET, base.claim("token_use", "media")
            .notBeforeTime(Date.from(Instant.now().plusSeconds(60))).build()), "token not yet valid");
        refused(MediaTokens.sign(MediaTokens.SECRET, base.notBeforeTime(null).claim("room", null).build()),
            "missing claims");
        refused("not.a.jwt", "malformed token");
        refused("", "malformed token");
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidMediaTokenException.class)
            .hasMessage(reason);
    }
}
