package io.roomcast.roomstate.readmodel;

import static io.roomcast.roomstate.readmodel.Snapshots.T0;
import static io.roomcast.roomstate.readmodel.Snapshots.at;
import static io.roomcast.roomstate.readmodel.Snapshots.hand;
import static io.roomcast.roomstate.readmodel.Snapshots.participant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.roomcast.events.Role;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.roomstate.readmodel.RoomContent.Member;
import io.roomcast.roomstate.readmodel.RoomContent.Presence;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomReadModelWriterTest {

    private final RoomSnapshot live = Snapshots.live("r1", 7, List.of(
            participant("creator", Role.MODERATOR, 0, 0L),
            participant("mod2", Role.MODERATOR, 20, null),
            participant("ann", Role.SPEAKER, 30, 60L),
            participant("bob", Role.LISTENER, 40, null),
            participant("cid", Role.INVITED_SPEAKER, 50, null),
            participant("dee", Role.LISTENER, 45, null)),
            List.of(hand("dee", 70), hand("bob", 80)));

    @Test
    void hashHoldsEveryDocumentedFieldInEpochMsAndCounts() {
        RoomContent content = RoomReadModelWriter.contentOf(live);

        assertThat(content.roomId()).isEqualTo("r1");
        assertThat(content.version()).isEqualTo(7);
        assertThat(content.hash()).containsExactly(
                entry("title", "Late night jazz"),
                entry("topic", "jazz"),
                entry("category", "jazz"),
                entry("visibility", "CLUB"),
                entry("clubId", "club-7"),
                entry("lifecycle", "LIVE"),
                entry("createdBy", "creator"),
                entry("createdAt", Long.toString(T0.toEpochMilli())),
                entry("startsAt", Long.toString(at(5).toEpochMilli())),
                entry("startedAt", Long.toString(at(10).toEpochMilli())),
                entry("lastActivityAt", Long.toString(at(107).toEpochMilli())),
                entry("version", "7"),
                entry("participants", "6"),
                entry("speakers", "3"),
                entry("listeners", "3"),
                entry("handsRaised", "2"),
                entry("snapshot", io.roomcast.schemas.RoomSnapshotText.encode(live)));
        // Compared as text: Avro's equals fails on timestamp unions inside arrays (GenericData.compare).
        assertThat(io.roomcast.schemas.RoomSnapshotText.decode(content.hash().get("snapshot")))
                .hasToString(live.toString());
    }

    @Test
    void absentOptionalFieldsAreLeftOut() {
        RoomSnapshot scheduled = RoomSnapshot.newBuilder(live)
                .setDetails(Snapshots.details(null, Visibility.PUBLIC, null))
                .setLifecycle(RoomLifecycle.SCHEDULED)
                .setStartsAt(null)
                .setStartedAt(null)
                .build();

        assertThat(RoomReadModelWriter.contentOf(scheduled).hash())
                .doesNotContainKeys("topic", "category", "clubId", "startsAt", "startedAt")
                .containsEntry("visibility", "PUBLIC")
                .containsEntry("lifecycle", "SCHEDULED");
    }

    @Test
    void onlyAPublicLiveRoomIsInTheLivePublicIndexScoredByWhenItWentLive() {
        RoomSnapshot publicLive = RoomSnapshot.newBuilder(live)
                .setDetails(Snapshots.details("jazz", Visibility.PUBLIC, null)).build();
        assertThat(RoomReadModelWriter.contentOf(publicLive).livePublicSinceMs()).isEqualTo(at(10).toEpochMilli());
        assertThat(RoomReadModelWriter.contentOf(RoomSnapshot.newBuilder(publicLive).setStartedAt(null).build())
                .livePublicSinceMs()).as("no start time: creation time").isEqualTo(T0.toEpochMilli());

        assertThat(RoomReadModelWriter.contentOf(live).livePublicSinceMs()).as("club").isNull();
        assertThat(RoomReadModelWriter.contentOf(RoomSnapshot.newBuilder(publicLive)
                .setDetails(Snapshots.details("jazz", Visibility.PRIVATE, null)).build()).livePublicSinceMs())
                .as("private").isNull();
        for (RoomLifecycle notLive : List.of(RoomLifecycle.SCHEDULED, RoomLifecycle.ENDED)) {
            assertThat(RoomReadModelWriter.contentOf(RoomSnapshot.newBuilder(publicLive).setLifecycle(notLive).build())
                    .livePublicSinceMs()).as(notLive.name()).isNull();
        }
    }

    @Test
    void rolesGoToTheirSetsScoredBySpeakerSinceElseJoinedAt() {
        RoomContent content = RoomReadModelWriter.contentOf(live);

        assertThat(content.moderators()).containsExactly(
                new Member("creator", T0.toEpochMilli()),
                new Member("mod2", at(20).toEpochMilli()));
        assertThat(content.speakers()).containsExactly(new Member("ann", at(60).toEpochMilli()));
        assertThat(content.listeners()).containsExactly(
                new Member("bob", at(40).toEpochMilli()),
                new Member("cid", at(50).toEpochMilli()),
                new Member("dee", at(45).toEpochMilli()));
        assertThat(content.handRaised()).containsExactly(
                new Member("dee", at(70).toEpochMilli()),
                new Member("bob", at(80).toEpochMilli()));
    }

    @Test
    void everyParticipantGetsPresenceWithRoleAndJoinTime() {
        assertThat(RoomReadModelWriter.contentOf(live).presence()).containsExactly(
                new Presence("creator", Role.MODERATOR, T0.toEpochMilli()),
                new Presence("mod2", Role.MODERATOR, at(20).toEpochMilli()),
                new Presence("ann", Role.SPEAKER, at(30).toEpochMilli()),
                new Presence("bob", Role.LISTENER, at(40).toEpochMilli()),
                new Presence("cid", Role.INVITED_SPEAKER, at(50).toEpochMilli()),
                new Presence("dee", Role.LISTENER, at(45).toEpochMilli()));
    }

    @Test
    void emptyRoomHasZeroCountsAndEmptySets() {
        RoomContent content = RoomReadModelWriter.contentOf(Snapshots.live("r2", 1, List.of(), List.of()));

        assertThat(content.hash()).containsEntry("participants", "0").containsEntry("speakers", "0")
                .containsEntry("listeners", "0").containsEntry("handsRaised", "0");
        assertThat(content.speakers()).isEmpty();
        assertThat(content.moderators()).isEmpty();
        assertThat(content.listeners()).isEmpty();
        assertThat(content.handRaised()).isEmpty();
        assertThat(content.presence()).isEmpty();
    }

    @Test
    void aUserListedTwiceIsRefused() {
        RoomSnapshot twice = Snapshots.live("r1", 2, List.of(
                participant("bob", Role.LISTENER, 1, null),
                participant("bob", Role.SPEAKER, 2, 3L)), List.of());
        RoomSnapshot twoHands = Snapshots.live("r1", 2, List.of(participant("bob", Role.LISTENER, 1, null)),
                List.of(hand("bob", 2), hand("bob", 3)));

        assertThatThrownBy(() -> RoomReadModelWriter.contentOf(twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bob");
        assertThatThrownBy(() -> RoomReadModelWriter.contentOf(twoHands))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bob");
    }

    @Test
    void contentIsImmutable() {
        RoomContent content = RoomReadModelWriter.contentOf(live);

        assertThatThrownBy(() -> content.hash().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> content.listeners().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTombstoneHasNoContent() {
        assertThatThrownBy(() -> RoomReadModelWriter.contentOf(null)).isInstanceOf(NullPointerException.class);
    }
}
