package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HallwayUpdatesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private final HallwayUpdates updates = new HallwayUpdates(new HallwayUpdates.Settings(2, Duration.ofSeconds(2)));

    private static ServerFrame.UserDispatch sent(HallwayUpdates.Decision decision) {
        assertThat(decision).isInstanceOf(HallwayUpdates.Decision.Send.class);
        return ((HallwayUpdates.Decision.Send) decision).frame();
    }

    @Test
    void theFirstRankingIsSentWithItsVersionAndTopRooms() {
        ServerFrame.UserDispatch frame = sent(updates.offer("ann", 1, List.of("r1", "r2", "r3"), T0));

        assertThat(frame.type()).isEqualTo("hallway_updated");
        assertThat(frame.occurredAt()).isEqualTo(T0);
        assertThat(frame.data().path("version").asLong()).isEqualTo(1);
        assertThat(frame.data().path("top_room_ids")).extracting(n -> n.asText()).containsExactly("r1", "r2");
    }

    @Test
    void aRankingWhoseTopRoomsDidNotChangeSendsNothing() {
        sent(updates.offer("ann", 1, List.of("r1", "r2", "r3"), T0));

        assertThat(updates.offer("ann", 2, List.of("r1", "r2", "r9"), T0.plusSeconds(5)))
            .isInstanceOf(HallwayUpdates.Decision.Nothing.class);
    }

    @Test
    void changesWithinTheIntervalAreHeldAndTheLatestSentWhenItEnds() {
        sent(updates.offer("ann", 1, List.of("r1"), T0));

        assertThat(updates.offer("ann", 2, List.of("r2"), T0.plusMillis(500)))
            .isEqualTo(new HallwayUpdates.Decision.Later(T0.plusSeconds(2)));
        assertThat(updates.offer("ann", 3, List.of("r3"), T0.plusMillis(900)))
            .as("already scheduled").isInstanceOf(HallwayUpdates.Decision.Nothing.class);
        ServerFrame.UserDispatch held = updates.due("ann", T0.plusSeconds(2)).orElseThrow();
        assertThat(held.data().path("version").asLong()).isEqualTo(3);
        assertThat(updates.due("ann", T0.plusSeconds(3))).isEmpty();
        sent(updates.offer("ann", 4, List.of("r4"), T0.plusSeconds(4)));
    }

    @Test
    void aHeldChangeThatWasUndoneIsNotSent() {
        sent(updates.offer("ann", 1, List.of("r1"), T0));
        updates.offer("ann", 2, List.of("r2"), T0.plusMillis(500));
        updates.offer("ann", 3, List.of("r1"), T0.plusMillis(600));

        assertThat(updates.due("ann", T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new HallwayUpdates.Settings(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
