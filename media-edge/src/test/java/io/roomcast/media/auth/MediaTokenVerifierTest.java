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

    @Test
    void aTokenMustCarryItsIssueTimeAndLiveNoLongerThanTheMaximum() throws Exception {
        MediaTokenVerifier capped = new MediaTokenVerifier(MediaTokens.SECRET, "edge-1", Duration.ofSeconds(2),
            Duration.ofMinutes(5), Clock.systemUTC());
        Instant now = Instant.now();
        var base = MediaTokens.base("ann", "r1", "LISTENER", "edge-1", now.plusSeconds(300));

        MediaClaims claims = capped.verify(MediaTokens.sign(MediaTokens.SECRET, base.build()));
        assertThat(claims.issuedAtSeconds()).isEqualTo(now.getEpochSecond());
        assertThatThrownBy(() -> capped.verify(MediaTokens.sign(MediaTokens.SECRET,
                base.issueTime(Date.from(now.minusSeconds(1))).build())))
            .hasMessage("token lifetime too long");
        assertThatThrownBy(() -> capped.verify(MediaTokens.sign(MediaTokens.SECRET, base.issueTime(null).build())))
            .hasMessage("missing claims");
    }

    @Test
    void aTokenNamingAnotherEdgeAsOriginMakesThisEdgeARelayAndNeedsTheOriginsAddress() throws Exception {
        var base = MediaTokens.base("ann", "r1", "LISTENER", "edge-1", inFiveMinutes);
        MediaClaims relayed = verifier.verify(MediaTokens.sign(MediaTokens.SECRET,
            base.claim("origin", "edge-9").claim("origin_address", "10.0.0.9:5004").build()));
        MediaClaims onOrigin = verifier.verify(MediaTokens.sign(MediaTokens.SECRET,
            base.claim("origin", "edge-1").claim("origin_address", "10.0.0.1:5004").build()));

        assertThat(relayed.relayed()).isTrue();
        assertThat(relayed.origin()).isEqualTo("edge-9");
        assertThat(relayed.originAddress()).isEqualTo("10.0.0.9:5004");
        assertThat(onOrigin.relayed()).as("an origin naming this edge: no relay").isFalse();
        refused(MediaTokens.sign(MediaTokens.SECRET, base.claim("origin", "edge-9").claim("origin_address", null)
            .build()), "missing claims");
        refused(MediaTokens.sign(MediaTokens.SECRET, base.claim("origin", "edge-9").claim("origin_address", "nowhere")
            .build()), "missing claims");
    }

    @Test
    void aRelayTokenFromAnotherEdgeIsAValidMediaTokenForTheOrigin() throws Exception {
        Instant now = Instant.now();
        String token = new RelayTokens(MediaTokens.SECRET, "edge-2").issue("r1", "edge-1", now, now.plusSeconds(60));

        MediaClaims claims = verifier.verify(token);

        assertThat(claims.user()).isEqualTo("relay:edge-2");
        assertThat(claims.role()).isEqualTo(RelayTokens.ROLE);
        assertThat(claims.room()).isEqualTo("r1");
        assertThat(claims.relayed()).isFalse();
        refused(new RelayTokens("another-secret-of-at-least-thirty-two-bytes", "edge-2")
            .issue("r1", "edge-1", now, now.plusSeconds(60)), "bad signature");
        refused(new RelayTokens(MediaTokens.SECRET, "edge-2").issue("r1", "edge-3", now, now.plusSeconds(60)),
            "wrong edge");
    }

    private void refused(String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidMediaTokenException.class)
            .hasMessage(reason);
    }
}
