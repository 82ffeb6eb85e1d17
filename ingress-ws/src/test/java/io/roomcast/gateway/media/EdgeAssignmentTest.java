package io.roomcast.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.gateway.media.EdgeAssignment.Assignment;
import io.roomcast.gateway.media.EdgeAssignment.RoomEdges;
import io.roomcast.schemas.ReadModelKeys;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgeAssignmentTest {
    private static final RoomEdges NEW_ROOM = new RoomEdges(null, Set.of());

    private static EdgeRegistration edge(String id, int capacity, long load) {
        return new EdgeRegistration(id, "10.0.0." + id.charAt(id.length() - 1) + ":5004", capacity, load);
    }

    @Test
    void aNewRoomsFirstSpeakerMakesTheLeastLoadedLiveEdgeItsOrigin() {
        Assignment a = EdgeAssignment.assign(true, NEW_ROOM,
            List.of(edge("e1", 100, 40), edge("e2", 100, 10), edge("e3", 100, 30))).orElseThrow();

        assertThat(a.edge().id()).isEqualTo("e2");
        assertThat(a.origin().id()).isEqualTo("e2");
        assertThat(a.originChanged()).isTrue();
        assertThat(a.relayed()).isFalse();
    }

    @Test
    void leastLoadedMeansTheSmallestShareOfCapacityThenTheId() {
        Assignment a = EdgeAssignment.assign(true, NEW_ROOM,
            List.of(edge("e1", 100, 50), edge("e2", 1000, 100), edge("e3", 1000, 100), edge("e4", 0, 0))).orElseThrow();

        assertThat(a.edge().id()).as("10%% of e2 and e3 beats 50%% of e1; e2 < e3 by id; capacity 0 last")
            .isEqualTo("e2");
    }

    @Test
    void speakersGoToTheOriginEvenWhenItIsFull() {
        Assignment a = EdgeAssignment.assign(true, new RoomEdges("e1", Set.of("e2")),
            List.of(edge("e1", 10, 10), edge("e2", 10, 0))).orElseThrow();

        assertThat(a.edge().id()).isEqualTo("e1");
        assertThat(a.originChanged()).isFalse();
    }

    @Test
    void aListenerGoesToTheLeastLoadedOfTheRoomsEdgesUnderCapacityNeverToAnEdgeOutsideTheRoom() {
        RoomEdges room = new RoomEdges("e1", Set.of("e2", "e3"));
        List<EdgeRegistration> live = List.of(edge("e1", 10, 5), edge("e2", 10, 10), edge("e3", 10, 7),
            edge("e4", 10, 0));

        Assignment a = EdgeAssignment.assign(false, room, live).orElseThrow();

        assertThat(a.edge().id()).as("e2 is full, e1 beats e3, e4 is not the room's").isEqualTo("e1");
        assertThat(a.relayed()).isFalse();
        assertThat(a.addedRelays()).isEmpty();
        assertThat(a.removedRelays()).isEmpty();
    }

    @Test
    void aListenerOnARelayIsTokenedForTheRelayWithTheOrigin() {
        Assignment a = EdgeAssignment.assign(false, new RoomEdges("e1", Set.of("e2")),
            List.of(edge("e1", 10, 10), edge("e2", 10, 3))).orElseThrow();

        assertThat(a.edge().id()).isEqualTo("e2");
        assertThat(a.origin().id()).isEqualTo("e1");
        assertThat(a.relayed()).isTrue();
    }

    @Test
    void whenAllTheRoomsEdgesAreFullTheLeastLoadedLiveEdgeWithRoomIsBroughtInAsARelay() {
        RoomEdges room = new RoomEdges("e1", Set.of("e2"));
        List<EdgeRegistration> live = List.of(edge("e1", 10, 10), edge("e2", 10, 12), edge("e3", 10, 9),
            edge("e4", 10, 2), edge("e5", 10, 10));

        Assignment a = EdgeAssignment.assign(false, room, live).orElseThrow();

        assertThat(a.edge().id()).isEqualTo("e4");
        assertThat(a.addedRelays()).containsExactly("e4");
        assertThat(a.origin().id()).isEqualTo("e1");
        assertThat(a.relayed()).isTrue();
    }

    @Test
    void whenEveryLiveEdgeIsFullAListenerGetsNoAssignment() {
        Optional<Assignment> a = EdgeAssignment.assign(false, new RoomEdges("e1", Set.of()),
            List.of(edge("e1", 10, 10), edge("e2", 10, 10)));

        assertThat(a).isEmpty();
    }

    @Test
    void noLiveEdgeMeansNoAssignment() {
        assertThat(EdgeAssignment.assign(true, NEW_ROOM, List.of())).isEmpty();
        assertThat(EdgeAssignment.assign(false, new RoomEdges("e1", Set.of("e2")), List.of())).isEmpty();
    }

    @Test
    void aDeadRelayLeavesTheRoomAndItsListenersAreAssignedAnotherEdge() {
        RoomEdges room = new RoomEdges("e1", Set.of("e2"));
        List<EdgeRegistration> live = List.of(edge("e1", 10, 10), edge("e3", 10, 4));

        Assignment a = EdgeAssignment.assign(false, room, live).orElseThrow();

        assertThat(a.removedRelays()).containsExactly("e2");
        assertThat(a.edge().id()).isEqualTo("e3");
        assertThat(a.addedRelays()).containsExactly("e3");
        assertThat(a.retired(room)).as("remembered for the nodes that check later").containsExactly(
            Map.entry("e2", ReadModelKeys.RETIRED_RELAY));
    }

    @Test
    void aDeadOriginIsReplacedByTheLeastLoadedLiveEdgeWhichStopsBeingARelay() {
        RoomEdges room = new RoomEdges("e1", Set.of("e2", "e3"));
        List<EdgeRegistration> live = List.of(edge("e2", 10, 2), edge("e3", 10, 6));

        Assignment speaker = EdgeAssignment.assign(true, room, live).orElseThrow();

        assertThat(speaker.originChanged()).isTrue();
        assertThat(speaker.origin().id()).isEqualTo("e2");
        assertThat(speaker.removedRelays()).containsExactly("e2");
        assertThat(speaker.retired(room)).as("the dead origin, not the live relay that became the origin")
            .containsExactly(Map.entry("e1", ReadModelKeys.RETIRED_ORIGIN));
        assertThat(EdgeAssignment.assign(true, new RoomEdges("e2", Set.of()), live).orElseThrow()
            .retired(new RoomEdges("e2", Set.of()))).as("a live origin kept: nothing retired").isEmpty();

        Assignment listener = EdgeAssignment.assign(false, room, live).orElseThrow();
        assertThat(listener.edge().id()).isEqualTo("e2");
        assertThat(listener.relayed()).isFalse();
    }
}
