package io.roomcast.schemas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The media-token claims as docs/media-protocol.md section 1 lists them. */
class MediaTokenClaimsTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void anOriginTokenCarriesTheDocumentedClaimsInEpochSeconds() {
        Map<String, Object> claims = MediaTokenClaims.forEdge("ann", "r-1", "SPEAKER", "edge-a", NOW,
            NOW.plusSeconds(300)).toMap();

        assertThat(claims).containsEntry("sub", "ann").containsEntry("aud", "roomcast-media")
            .containsEntry("token_use", "media").containsEntry("room", "r-1").containsEntry("role", "SPEAKER")
            .containsEntry("edge", "edge-a").containsEntry("iat", NOW.getEpochSecond())
            .containsEntry("nbf", NOW.getEpochSecond()).containsEntry("exp", NOW.getEpochSecond() + 300)
            .containsKey("jti").doesNotContainKeys("origin", "origin_address");
    }

    @Test
    void aRelayedTokenNamesTheOriginAndItsAddress() {
        Map<String, Object> claims = new MediaTokenClaims("bob", "r-1", "LISTENER", "edge-b", "edge-a",
            "10.0.0.1:7000", NOW, NOW.plusSeconds(60)).toMap();

        assertThat(claims).containsEntry("origin", "edge-a").containsEntry("origin_address", "10.0.0.1:7000");
    }

    @Test
    void everyTokenHasItsOwnId() {
        MediaTokenClaims claims = MediaTokenClaims.forEdge("ann", "r-1", "LISTENER", "edge-a", NOW, NOW.plusSeconds(1));

        assertThat(claims.toMap().get("jti")).isNotEqualTo(claims.toMap().get("jti"));
    }

    @Test
    void incompleteOrBackwardClaimsAreRefused() {
        assertThatThrownBy(() -> MediaTokenClaims.forEdge("ann", " ", "LISTENER", "edge-a", NOW, NOW.plusSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room");
        assertThatThrownBy(() -> new MediaTokenClaims("ann", "r-1", "LISTENER", "edge-b", "edge-a", null, NOW,
            NOW.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin_address");
        assertThatThrownBy(() -> MediaTokenClaims.forEdge("ann", "r-1", "LISTENER", "edge-a", NOW, NOW))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp");
    }
}
