package io.roomcast.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chaos run's reference model: the rules docs/protocol.md gives for each fact. */
class RoomFoldTest {
    @Test
    void joinsHandsRolesMutesAndLeavesGiveTheRoomTheProtocolDescribes() {
        RoomFold room = new RoomFold();
        room.apply("room_created", null, null, 1);
        room.apply("participant_joined", "host", "moderator", 1);
        room.apply("participant_joined", "ann", "listener", 2);
        room.apply("participant_joined", "bob", "listener", 3);
        room.apply("hand_raised", "ann", null, 4);
        room.apply("hand_lowered", "ann", null, 5);
        room.apply("role_changed", "ann", "speaker", 5);
        room.apply("participant_muted", "ann", null, 6);
        room.apply("hand_raised", "bob", null, 7);
        room.apply("speaking_changed", "ann", null, 0);

        assertThat(room.version()).isEqualTo(7);
        assertThat(room.withRole("moderator")).containsExactly("host");
        assertThat(room.withRole("speaker")).containsExactly("ann");
        assertThat(room.withRole("listener")).containsExactly("bob");
        assertThat(room.hands()).containsExactly("bob");
        assertThat(room.members().get("ann")).isEqualTo(new RoomFold.Member("speaker", true, false));

        room.apply("role_changed", "ann", "listener", 8); // a demoted speaker is a listener, never muted
        room.apply("participant_left", "bob", null, 9);
        assertThat(room.members().get("ann")).isEqualTo(new RoomFold.Member("listener", false, false));
        assertThat(room.members()).containsOnlyKeys("host", "ann");

        room.apply("room_ended", null, null, 10);
        assertThat(room.members()).isEmpty();
        assertThat(room.ended()).isTrue();
    }

    @Test
    void avroRecordNamesBecomeTheProtocolsEventTypes() {
        assertThat(ChaosChecks.snake("ParticipantJoined")).isEqualTo("participant_joined");
        assertThat(ChaosChecks.snake("RoomEnded")).isEqualTo("room_ended");
        assertThat(ChaosChecks.snake("HandRaised")).isEqualTo("hand_raised");
    }
}
