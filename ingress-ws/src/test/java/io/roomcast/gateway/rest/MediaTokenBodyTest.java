package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.serde.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media-token answer as docs/openapi.yml requires it, with Micronaut's own serializer. */
class MediaTokenBodyTest {

    @Test
    void aGatewayWithoutTurnAnswersAnEmptyIceServerListNotNone() throws Exception {
        String json = ObjectMapper.getDefault().writeValueAsString(new RestBodies.MediaTokenBody("jwt", "r-1", "alice",
            "listener", "edge-1", "127.0.0.1:5004", 1_767_225_600_000L, null, null, List.of()));

        assertThat(json).contains("\"ice_servers\":[]").contains("\"edge_address\":\"127.0.0.1:5004\"")
            .doesNotContain("whip_url");
    }
}
