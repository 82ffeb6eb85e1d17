package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationFramesTest {
    static Notification sample() {
        return Notification.newBuilder().setEventId(UUID.fromString("0b6f2c1e-0000-4000-8000-000000000001"))
            .setOccurredAt(Instant.ofEpochMilli(1_767_225_600_123L)).setUserId("ann")
            .setKind(NotificationKind.FOLLOWED_STARTED_ROOM).setActorId("bob").setRoomId("r-42")
            .setTitle("Bob started a room").setBody("Bob live").setDedupKey("ann|r-42|LIVE").build();
    }

    @Test
    void aNotificationIsAUserDispatchWithTheInboxIdAndFields() {
        ServerFrame.UserDispatch frame = NotificationFrames.frame(sample());

        assertThat(frame.type()).isEqualTo("notification");
        assertThat(frame.eventId()).isEqualTo("0b6f2c1e-0000-4000-8000-000000000001");
        assertThat(frame.occurredAt()).isEqualTo(Instant.ofEpochMilli(1_767_225_600_123L));
        assertThat(frame.data().toString()).isEqualTo("{\"kind\":\"followed_started_room\",\"title\":\"Bob started a room\","
            + "\"body\":\"Bob live\",\"actor_id\":\"bob\",\"room_id\":\"r-42\"}");
    }

    @Test
    void aDigestCarriesItsCountAndNoRoom() {
        Notification digest = sample();
        digest.setKind(NotificationKind.DIGEST);
        digest.setActorId(null);
        digest.setRoomId(null);
        digest.setCount(5);

        assertThat(NotificationFrames.frame(digest).data().toString()).isEqualTo("{\"kind\":\"digest\","
            + "\"title\":\"Bob started a room\",\"body\":\"Bob live\",\"count\":5}");
    }
}
