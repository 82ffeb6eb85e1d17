package io.roomcast.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.JoinRequest;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.schemas.RoomSnapshotText;
import java.time.Instant;
import java.util.UUID;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomViewsTest {

    @Test
    void onlyLivePublicRoomsAreListed() {
        assertThat(RoomViews.isListed(Map.of("visibility", "PUBLIC", "lifecycle", "LIVE"))).isTrue();
        assertThat(RoomViews.isListed(Map.of("visibility", "PRIVATE", "lifecycle", "LIVE"))).isFalse();
        assertThat(RoomViews.isListed(Map.of("visibility", "CLUB", "lifecycle", "LIVE"))).isFalse();
        assertThat(RoomViews.isListed(Map.of("visibility", "PUBLIC", "lifecycle", "SCHEDULED"))).isFalse();
        assertThat(RoomViews.isListed(Map.of())).isFalse();
    }

    @Test
    void aPrivateRoomIsVisibleToItsParticipantsAndCreatorOnly() {
        RoomViews.RoomContent room = new RoomViews.RoomContent("r", Map.of("visibility", "PRIVATE", "createdBy", "host"),
            List.of(Map.entry("spk", 2L)), List.of(), List.of(Map.entry("lis", 3L)), List.of());
        assertThat(RoomViews.visibleTo(room, "spk")).isTrue();
        assertThat(RoomViews.visibleTo(room, "lis")).isTrue();
        assertThat(RoomViews.visibleTo(room, "host")).isTrue();
        assertThat(RoomViews.visibleTo(room, "stranger")).isFalse();
        RoomViews.RoomContent open = new RoomViews.RoomContent("r", Map.of("visibility", "PUBLIC"),
            List.of(), List.of(), List.of(), List.of());
        assertThat(RoomViews.visibleTo(open, "stranger")).isTrue();
    }

    @Test
    void aHiddenRoomIsVisibleToItsInviteesAndRequestersAsTheSnapshotListsThem() {
        RoomSnapshot snapshot = RoomSnapshot.newBuilder()
            .setEventId(UUID.randomUUID()).setOccurredAt(Instant.EPOCH).setRoomId("r").setVersion(3)
            .setDetails(new RoomDetails("Hidden", null, Visibility.SOCIAL, null, new RoomSettings(true, null, null, true), null))
            .setLifecycle(RoomLifecycle.LIVE).setCreatedBy("host").setCreatedAt(Instant.EPOCH)
            .setLastActivityAt(Instant.EPOCH).setParticipants(List.of()).setHandQueue(List.of())
            .setInvitedUserIds(List.of("ivy")).setBannedUserIds(List.of("ben"))
            .setJoinRequests(List.of(new JoinRequest("asa", Instant.EPOCH))).build();
        RoomViews.RoomContent room = new RoomViews.RoomContent("r", Map.of("visibility", "SOCIAL", "createdBy", "host",
            "snapshot", RoomSnapshotText.encode(snapshot)), List.of(), List.of(), List.of(), List.of());

        assertThat(RoomViews.visibleTo(room, "ivy")).isTrue();
        assertThat(RoomViews.visibleTo(room, "asa")).isTrue();
        assertThat(RoomViews.visibleTo(room, "ben")).isFalse();
        assertThat(RoomViews.visibleTo(room, "stranger")).isFalse();
        assertThat(RoomViews.isListed(Map.of("visibility", "SOCIAL", "lifecycle", "LIVE"))).isFalse();
    }

    @Test
    void theViewCarriesFieldsCountsAndMembersWithLowerCaseEnums() {
        RoomViews.RoomContent room = new RoomViews.RoomContent("r-9", Map.of("title", "Jazz", "visibility", "PUBLIC",
            "lifecycle", "LIVE", "version", "7", "participants", "2", "speakers", "1", "listeners", "1",
            "handsRaised", "1", "startedAt", "1000"),
            List.of(), List.of(Map.entry("mod", 5L)), List.of(Map.entry("lis", 6L)), List.of(Map.entry("lis", 7L)));
        RestBodies.RoomView v = RoomViews.view(room);
        assertThat(v.roomId()).isEqualTo("r-9");
        assertThat(v.visibility()).isEqualTo("public");
        assertThat(v.lifecycle()).isEqualTo("live");
        assertThat(v.version()).isEqualTo(7);
        assertThat(v.startedAt()).isEqualTo(1000L);
        assertThat(v.topic()).isNull();
        assertThat(v.counts()).isEqualTo(new RestBodies.Counts(2, 1, 1, 1));
        assertThat(v.moderators()).containsExactly(new RestBodies.Member("mod", 5));
        assertThat(v.handRaised()).containsExactly(new RestBodies.Member("lis", 7));
        assertThat(RoomViews.summary("r-9", room.hash()).participants()).isEqualTo(2);
    }
}
