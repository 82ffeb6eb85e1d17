package io.roomcast.clients.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class MediaMovesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode moved(String room, String... edges) throws Exception {
        return JSON.readTree("{\"op\":\"DISPATCH\",\"t\":\"media_moved\",\"event_id\":\"e\",\"occurred_at\":1,"
            + "\"data\":{\"room_id\":\"" + room + "\",\"edge_ids\":" + JSON.writeValueAsString(edges)
            + ",\"origin_died\":false}}");
    }

    private static String token(String room, String edge, String origin) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("ann").claim("room", room).claim("edge", edge);
        if (origin != null) {
            claims.claim("origin", origin);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner("a-secret-of-at-least-thirty-two-bytes!!"));
        return jwt.serialize();
    }

    @Test
    void aTokenNamingALapsedEdgeOrOriginMustBindAgain() throws Exception {
        assertThat(MediaMoves.affects(moved("r1", "e1"), token("r1", "e1", null))).isTrue();
        assertThat(MediaMoves.affects(moved("r1", "e1"), token("r1", "e2", "e1"))).as("a relay whose origin died")
            .isTrue();
        assertThat(MediaMoves.affects(moved("r1", "e3", "e2"), token("r1", "e2", "e1"))).as("its relay died").isTrue();
    }

    @Test
    void aTokenOnLiveEdgesOrOfAnotherRoomKeepsItsBinding() throws Exception {
        assertThat(MediaMoves.affects(moved("r1", "e3"), token("r1", "e1", null))).isFalse();
        assertThat(MediaMoves.affects(moved("r1", "e3"), token("r1", "e2", "e1"))).isFalse();
        assertThat(MediaMoves.affects(moved("r1", "e1"), token("r2", "e1", null))).isFalse();
    }

    @Test
    void theFramePredicateMatchesTheRoomsMediaMovedOnly() throws Exception {
        assertThat(MediaMoves.of("r1")).accepts(moved("r1", "e1")).rejects(moved("r2", "e1"),
            JSON.readTree("{\"op\":\"DISPATCH\",\"t\":\"notification\",\"data\":{\"room_id\":\"r1\"}}"));
    }

    @Test
    void anotherFrameOrAMalformedTokenIsAClearError() throws Exception {
        assertThatThrownBy(() -> MediaMoves.affects(JSON.readTree("{\"op\":\"HELLO\"}"), token("r1", "e1", null)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("media_moved");
        assertThatThrownBy(() -> MediaMoves.affects(moved("r1", "e1"), "not-a-jwt"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a media token");
    }
}
