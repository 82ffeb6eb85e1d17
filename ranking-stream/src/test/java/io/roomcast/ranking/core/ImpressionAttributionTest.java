package io.roomcast.ranking.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayListing;
import io.roomcast.events.ImpressedRoom;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.RecentImpressions;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImpressionAttributionTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private final ImpressionAttribution attribution = new ImpressionAttribution(
        new ImpressionAttribution.Settings(Duration.ofMinutes(10), 3));

    private static HallwayImpression shown(Instant at, int first, String... rooms) {
        List<ImpressedRoom> impressed = new ArrayList<>();
        for (int i = 0; i < rooms.length; i++) {
            impressed.add(ImpressedRoom.newBuilder().setRoomId(rooms[i]).setPosition(first + i)
                .setLifecycle(RoomLifecycle.LIVE).setScore(1.0 - i / 10.0).setReasons(List.of()).setListenerCount(1)
                .setSpeakerCount(1).build());
        }
        return HallwayImpression.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId("ann")
            .setListing(HallwayListing.HALLWAY).setRankingVersion(1).setColdStart(false).setRooms(impressed).build();
    }

    private static RoomEvent joined(String room, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.nameUUIDFromBytes((room + at).getBytes())).setOccurredAt(at)
            .setRoomId(room).setUserId("ann").setFact(new ParticipantJoined("ann", Role.LISTENER)).build();
    }

    @Test
    void aJoinIsAttributedToTheNewestImpressionThatShowedTheRoomWithItsPosition() {
        HallwayImpression first = shown(T0, 0, "r1", "r2");
        HallwayImpression second = shown(T0.plusSeconds(30), 2, "r3", "r2");
        RecentImpressions recent = attribution.remember(attribution.remember(null, first), second);

        HallwayAttribution a = attribution.attribute(recent, joined("r2", T0.plusSeconds(40)));
        assertThat(a.getImpressionId()).as("the newer page showed r2 too").isEqualTo(second.getEventId());
        assertThat(a.getPosition()).isEqualTo(3);
        assertThat(a.getAfterMs()).isEqualTo(10_000);
        assertThat(a.getUserId()).isEqualTo("ann");
        assertThat(a.getListing()).isEqualTo(HallwayListing.HALLWAY);
        assertThat(attribution.attribute(recent, joined("r1", T0.plusSeconds(40))).getImpressionId())
            .isEqualTo(first.getEventId());
        assertThat(attribution.attribute(recent, joined("r2", T0.plusSeconds(40))).getEventId())
            .as("the same join gives the same id").isEqualTo(a.getEventId());
    }

    @Test
    void aJoinOfARoomNotShownAfterTheWindowOrBeforeTheImpressionOrNoJoinIsNotAttributed() {
        RecentImpressions recent = attribution.remember(null, shown(T0, 0, "r1"));
        assertThat(attribution.attribute(recent, joined("r9", T0.plusSeconds(5)))).as("not shown").isNull();
        assertThat(attribution.attribute(recent, joined("r1", T0.plus(Duration.ofMinutes(11))))).as("too late").isNull();
        assertThat(attribution.attribute(recent, joined("r1", T0.minusSeconds(1)))).as("before it").isNull();
        assertThat(attribution.attribute(null, joined("r1", T0.plusSeconds(1)))).as("no impression").isNull();
        RoomEvent left = RoomEvent.newBuilder(joined("r1", T0.plusSeconds(1)))
            .setFact(new ParticipantLeft("ann", LeaveReason.LEFT)).build();
        assertThat(attribution.attribute(recent, left)).as("not a join").isNull();
    }

    @Test
    void onlyTheNewestImpressionsOfTheWindowAreKept() {
        RecentImpressions recent = null;
        for (int i = 0; i < 5; i++) {
            recent = attribution.remember(recent, shown(T0.plusSeconds(i), 0, "r" + i));
        }
        assertThat(recent.getImpressions()).hasSize(3);
        assertThat(attribution.attribute(recent, joined("r0", T0.plusSeconds(10)))).as("dropped: keep 3").isNull();
        assertThat(attribution.attribute(recent, joined("r4", T0.plusSeconds(10)))).isNotNull();

        RecentImpressions later = attribution.remember(recent, shown(T0.plus(Duration.ofMinutes(20)), 0, "r9"));
        assertThat(later.getImpressions()).as("the older ones left the window").hasSize(1);
        assertThat(attribution.expire(later, T0.plus(Duration.ofMinutes(31)))).isNull();
        assertThat(attribution.expire(later, T0.plus(Duration.ofMinutes(25))).getImpressions()).hasSize(1);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new ImpressionAttribution.Settings(Duration.ZERO, 3))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImpressionAttribution.Settings(Duration.ofMinutes(1), 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
