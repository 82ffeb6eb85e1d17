package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.PushPriority;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PushDeliveriesTest {
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private static Notification notification(NotificationKind kind, String title, String dedupKey) {
        return Notification.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(T0).setUserId("ann")
            .setKind(kind).setActorId("host").setRoomId("r1").setClubId(null).setTitle(title).setBody("Jazz night")
            .setDedupKey(dedupKey).setSourceEventId(null).setCount(null).build();
    }

    @Test
    void aDeliveryCarriesTheNotificationsIdTextAndRoomAndExpiresAfterTheTtl() {
        Notification n = notification(NotificationKind.FOLLOWED_STARTED_ROOM, "host started a room", "ann|r1|LIVE");
        PushDelivery push = PushDeliveries.of(n, Duration.ofMinutes(15));
        assertThat(push.getEventId()).isEqualTo(n.getEventId());
        assertThat(push.getUserId()).isEqualTo("ann");
        assertThat(push.getTitle()).isEqualTo("host started a room");
        assertThat(push.getBody()).isEqualTo("Jazz night");
        assertThat(push.getRoomId()).isEqualTo("r1");
        assertThat(push.getOccurredAt()).isEqualTo(T0);
        assertThat(push.getExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(push.getPriority()).isEqualTo(PushPriority.NORMAL);
    }

    @Test
    void anActionWaitingOnTheRecipientIsHighPriority() {
        for (NotificationKind kind : NotificationKind.values()) {
            boolean urgent = kind == NotificationKind.SPEAKER_INVITE || kind == NotificationKind.ROOM_INVITE
                || kind == NotificationKind.HAND_RAISED;
            assertThat(PushDeliveries.of(notification(kind, "t", "k"), Duration.ofMinutes(1)).getPriority())
                .as(kind.name()).isEqualTo(urgent ? PushPriority.HIGH : PushPriority.NORMAL);
        }
    }

    @Test
    void theCollapseKeyIsAStableUrlSafeDigestWithinApnsLimitWhateverTheDedupKey() {
        String longKey = "u".repeat(200) + "|" + "r".repeat(200) + "|LIVE";
        String key = PushDeliveries.collapseKey(longKey);
        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+").isEqualTo(PushDeliveries.collapseKey(longKey));
        assertThat(PushDeliveries.collapseKey("ann|r1|LIVE")).isNotEqualTo(PushDeliveries.collapseKey("ann|r2|LIVE"));
    }

    @Test
    void longTextIsCutOnCharactersNotBytesAndEndsInAnEllipsis() {
        String title = "🎷".repeat(200);
        PushDelivery push = PushDeliveries.of(notification(NotificationKind.FOLLOWED_SPEAKING, title, "k"),
            Duration.ofMinutes(1));
        assertThat(push.getTitle().codePointCount(0, push.getTitle().length())).isEqualTo(PushDeliveries.TITLE_MAX);
        assertThat(push.getTitle()).startsWith("🎷🎷").endsWith("🎷…");
        assertThat(PushDeliveries.cut("<b>x</b>", 120)).isEqualTo("<b>x</b>");
    }
}
