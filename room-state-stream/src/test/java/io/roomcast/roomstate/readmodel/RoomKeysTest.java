package io.roomcast.roomstate.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

class RoomKeysTest {

    @Test
    void namesFollowTheDocumentedLayout() {
        assertThat(RoomKeys.room("r1")).isEqualTo("room:{r1}");
        assertThat(RoomKeys.speakers("r1")).isEqualTo("room:{r1}:speakers");
        assertThat(RoomKeys.moderators("r1")).isEqualTo("room:{r1}:moderators");
        assertThat(RoomKeys.listeners("r1")).isEqualTo("room:{r1}:listeners");
        assertThat(RoomKeys.handRaised("r1")).isEqualTo("room:{r1}:hand_raised");
        assertThat(RoomKeys.departed("r1")).isEqualTo("room:{r1}:departed");
        assertThat(RoomKeys.presence("u1")).isEqualTo("presence:{u1}");
    }

    @Test
    void allKeysOfARoomShareOneClusterSlot() {
        String roomId = "3f1c2a9e-7b4d-4e1a-9c3f-0d2b8e6a1f55";
        assertThat(RoomKeys.allOfRoom(roomId))
                .extracting(SlotHash::getSlot)
                .containsOnly(SlotHash.getSlot(roomId));
    }

    @Test
    void emptyIdsAreRefusedBecauseAnEmptyHashTagDoesNotPinTheSlot() {
        assertThatThrownBy(() -> RoomKeys.room("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomKeys.presence("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RoomKeys.room(null)).isInstanceOf(NullPointerException.class);
    }
}
