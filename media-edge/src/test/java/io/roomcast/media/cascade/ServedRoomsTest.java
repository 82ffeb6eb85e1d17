package io.roomcast.media.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServedRoomsTest {
    @Test
    void originRoomsNameThisEdgeRelayedOnesTheirOriginAndARoomInBothIsThisEdges() {
        assertThat(ServedRooms.origins("e2", Set.of("r1", "r3"), Map.of("r2", "e1", "r3", "e1")))
            .containsExactly(Map.entry("r1", "e2"), Map.entry("r2", "e1"), Map.entry("r3", "e2"));
    }

    @Test
    void anEdgeServingNoRoomWritesNone() {
        assertThat(ServedRooms.origins("e2", Set.of(), Map.of())).isEmpty();
    }
}
