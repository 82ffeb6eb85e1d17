package io.roomcast.roomstate.readmodel;

import io.roomcast.events.HandRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Room snapshots for the read-model tests, built with the Avro builders. */
final class Snapshots {

    /** A fixed base time; every other time in the tests is an offset from it. */
    static final Instant T0 = Instant.parse("2025-05-01T18:00:00Z");

    private Snapshots() {
    }

    static Instant at(long secondsAfterT0) {
        return T0.plusSeconds(secondsAfterT0);
    }

    static Participant participant(String userId, Role role, long joinedAfter, Long speakerSinceAfter) {
        return Participant.newBuilder()
                .setUserId(userId)
                .setRole(role)
                .setMuted(false)
                .setJoinedAt(at(joinedAfter))
                .setSpeakerSince(speakerSinceAfter == null ? null : at(speakerSinceAfter))
                .build();
    }

    static HandRequest hand(String userId, long requestedAfter) {
        return HandRequest.newBuilder().setUserId(userId).setRequestedAt(at(requestedAfter)).build();
    }

    static RoomDetails details(String topic, Visibility visibility, String clubId) {
        return RoomDetails.newBuilder()
                .setTitle("Late night jazz")
                .setTopic(topic)
                .setVisibility(visibility)
                .setClubId(clubId)
                .setSettings(RoomSettings.newBuilder().setHandRaisesEnabled(true).build())
                .build();
    }

    /** A LIVE public room created by {@code creator} at T0, started at T0+10 s. */
    static RoomSnapshot live(String roomId, long version, List<Participant> participants, List<HandRequest> hands) {
        return RoomSnapshot.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(at(100 + version))
                .setRoomId(roomId)
                .setVersion(version)
                .setDetails(details("jazz", Visibility.CLUB, "club-7"))
                .setLifecycle(RoomLifecycle.LIVE)
                .setCreatedBy("creator")
                .setCreatedAt(T0)
                .setStartsAt(at(5))
                .setStartedAt(at(10))
                .setLastActivityAt(at(100 + version))
                .setParticipants(participants)
                .setHandQueue(hands)
                .setInvitedUserIds(List.of())
                .setBannedUserIds(List.of())
                .build();
    }
}
