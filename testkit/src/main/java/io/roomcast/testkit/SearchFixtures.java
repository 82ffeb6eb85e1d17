package io.roomcast.testkit;

import io.roomcast.events.Club;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.UserProfile;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Records of the topics search reads (search-core, search-indexer and gateway tests), as room-state-stream, ranking-stream and the user/club API write them. */
public final class SearchFixtures {
    private SearchFixtures() {}

    /** A LIVE room snapshot hosted by {@code host} (a MODERATOR in it) with the given listeners. */
    public static RoomSnapshot room(String roomId, long version, String title, String topic, Visibility visibility,
                                    String clubId, String host, List<String> invited, List<String> listeners) {
        Instant now = Instant.now();
        List<Participant> participants = new java.util.ArrayList<>();
        participants.add(new Participant(host, Role.MODERATOR, false, now, now));
        listeners.forEach(l -> participants.add(new Participant(l, Role.LISTENER, true, now, null)));
        return RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(roomId)
                .setUserId(host).setNonce(null).setVersion(version)
                .setDetails(RoomDetails.newBuilder().setTitle(title).setTopic(topic).setVisibility(visibility)
                        .setClubId(clubId).setSettings(RoomSettings.newBuilder().build()).build())
                .setLifecycle(RoomLifecycle.LIVE).setCreatedBy(host).setCreatedAt(now).setStartsAt(null)
                .setStartedAt(now).setLastActivityAt(now).setParticipants(participants).setHandQueue(List.of())
                .setInvitedUserIds(invited).setBannedUserIds(List.of()).setJoinRequests(List.of()).build();
    }

    /** A PUBLIC LIVE room without topic, club, invitations or listeners. */
    public static RoomSnapshot publicRoom(String roomId, long version, String title, String host) {
        return room(roomId, version, title, null, Visibility.PUBLIC, null, host, List.of(), List.of());
    }

    /** The room's statistics with {@code listeners} live listeners. */
    public static RoomStats stats(String roomId, long version, Visibility visibility, int listeners) {
        return RoomStats.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(roomId)
                .setVersion(version).setVisibility(visibility).setStartedAt(Instant.now()).setEndedAt(null)
                .setListeners(listeners).setSpeakers(1).setPeakConcurrent(listeners + 1).setTotalJoins(listeners + 1)
                .setJoinsPerMinute1m(0).setJoinsPerMinute5m(0).setStaysCompleted(0).setAverageStayMs(null)
                .setHandRaises(0).setSpeakTime(List.of()).setHourly(List.of()).build();
    }

    /** A user profile. */
    public static UserProfile user(String userId, long version, String username, String displayName, String bio) {
        return UserProfile.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(userId)
                .setVersion(version).setUsername(username).setDisplayName(displayName).setBio(bio).setAvatarUrl(null)
                .setFollowerCount(0).setFollowingCount(0).setCreatedAt(Instant.now()).build();
    }

    /** A public club. */
    public static Club club(String clubId, long version, String name, String description, List<String> topics) {
        return Club.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setClubId(clubId)
                .setVersion(version).setName(name).setDescription(description).setTopics(topics).setPrivate$(false)
                .setRules(null).setCreatedBy("founder").setMemberCount(1).setCreatedAt(Instant.now()).build();
    }
}
