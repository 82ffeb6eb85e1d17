package io.roomcast.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.gateway.media.EdgeAssignment.RoomEdges;
import io.roomcast.gateway.media.EdgeFailover.Move;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeFailoverTest {

    @Test
    void anEdgeLapsesWhenItWasLiveBeforeAndIsNotNow() {
        assertThat(EdgeFailover.lapsed(Set.of("e1", "e2", "e3"), Set.of("e2", "e4"))).containsExactly("e1", "e3");
        assertThat(EdgeFailover.lapsed(Set.of(), Set.of("e1"))).as("a first check, or a new edge").isEmpty();
        assertThat(EdgeFailover.lapsed(Set.of("e1"), Set.of("e1"))).isEmpty();
    }

    @Test
    void aRoomWhoseOriginLapsedMovesWithItsOriginDied() {
        List<Move> moves = EdgeFailover.moves(Set.of("e1"), Map.of("r1", new RoomEdges("e1", Set.of("e2"))));

        assertThat(moves).containsExactly(new Move("r1", List.of("e1"), true));
    }

    @Test
    void aRoomWhoseRelayLapsedMovesTooButItsOriginLives() {
        List<Move> moves = EdgeFailover.moves(Set.of("e3", "e2"),
            Map.of("r1", new RoomEdges("e1", Set.of("e3", "e2", "e4"))));

        assertThat(moves).containsExactly(new Move("r1", List.of("e2", "e3"), false));
    }

    @Test
    void theOriginAndARelayLapsingTogetherAreOneMoveNamingBoth() {
        List<Move> moves = EdgeFailover.moves(Set.of("e1", "e2"), Map.of("r1", new RoomEdges("e2", Set.of("e1"))));

        assertThat(moves).containsExactly(new Move("r1", List.of("e1", "e2"), true));
    }

    @Test
    void aRoomWhoseDeadOriginAnotherNodesClientsAlreadyReplacedStillMovesHere() {
        RoomEdges replaced = new RoomEdges("e2", Set.of(), Set.of("e1"), Set.of());
        RoomEdges relayDropped = new RoomEdges("e2", Set.of(), Set.of(), Set.of("e3"));

        assertThat(EdgeFailover.moves(Set.of("e1"), Map.of("r1", replaced)))
            .containsExactly(new Move("r1", List.of("e1"), true));
        assertThat(EdgeFailover.moves(Set.of("e3"), Map.of("r1", relayDropped)))
            .containsExactly(new Move("r1", List.of("e3"), false));
        assertThat(EdgeFailover.moves(Set.of("e9"), Map.of("r1", replaced))).as("retired, but not what lapsed now")
            .isEmpty();
    }

    @Test
    void roomsOnLiveEdgesAndRoomsWithoutMediaStay() {
        List<Move> moves = EdgeFailover.moves(Set.of("e9"), Map.of(
            "on-live", new RoomEdges("e1", Set.of("e2")),
            "no-media-yet", new RoomEdges(null, Set.of()),
            "stale-relay-only", new RoomEdges(null, Set.of("e9")),
            "moved", new RoomEdges("e9", Set.of())));

        assertThat(moves).extracting(Move::roomId).containsExactly("moved");
    }

    @Test
    void movesComeInRoomOrderAndNothingLapsedMovesNothing() {
        Map<String, RoomEdges> rooms = Map.of("r2", new RoomEdges("e1", Set.of()), "r1", new RoomEdges("e1", Set.of()),
            "r3", new RoomEdges("e2", Set.of("e1")));

        assertThat(EdgeFailover.moves(Set.of("e1"), rooms)).extracting(Move::roomId).containsExactly("r1", "r2", "r3");
        assertThat(EdgeFailover.moves(Set.of(), rooms)).isEmpty();
    }

    @Test
    void aMoveNamesAtLeastOneEdge() {
        assertThatThrownBy(() -> new Move("r1", List.of(), false)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("r1");
    }
}
