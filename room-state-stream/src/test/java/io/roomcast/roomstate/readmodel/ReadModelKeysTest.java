package io.roomcast.roomstate.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.roomcast.schemas.ReadModelKeys;
import org.junit.jupiter.api.Test;

class ReadModelKeysTest {

    @Test
    void namesFollowTheDocumentedLayout() {
        assertThat(ReadModelKeys.room("r1")).isEqualTo("room:{r1}");
        assertThat(ReadModelKeys.speakers("r1")).isEqualTo("room:{r1}:speakers");
        assertThat(ReadModelKeys.moderators("r1")).isEqualTo("room:{r1}:moderators");
        assertThat(ReadModelKeys.listeners("r1")).isEqualTo("room:{r1}:listeners");
        assertThat(ReadModelKeys.handRaised("r1")).isEqualTo("room:{r1}:hand_raised");
        assertThat(ReadModelKeys.departed("r1")).isEqualTo("room:{r1}:departed");
        assertThat(ReadModelKeys.presence("u1")).isEqualTo("presence:{u1}");
    }

    @Test
    void allKeysOfARoomShareOneClusterSlot() {
        String roomId = "3f1c2a9e-7b4d-4e1a-9c3f-0d2b8e6a1f55";
        assertThat(ReadModelKeys.allOfRoom(roomId))
                .extracting(SlotHash::getSlot)
                .containsOnly(SlotHash.getSlot(roomId));
    }

    @Test
    void emptyIdsAreRefusedBecauseAnEmptyHashTagDoesNotPinTheSlot() {
        assertThatThrownBy(() -> ReadModelKeys.room("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadModelKeys.presence("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadModelKeys.room(null)).isInstanceOf(NullPointerException.class);
    }
}
