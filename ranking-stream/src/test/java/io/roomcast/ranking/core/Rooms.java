package io.roomcast.ranking.core;

import io.roomcast.events.HallwayViewer;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Room snapshots and viewers as the hallway reads them (room-state, the social graph). */
public final class Rooms {
    private Rooms() {}

    /** A LIVE room by {@code host}, {@code speakers} on stage (the host too, as MODERATOR) and {@code listeners}. */
    public static RoomSnapshot live(String roomId, String host, Visibility visibility, String topic, String clubId,
                                    List<String> speakers, List<String> listeners, Instant at) {
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant(host, Role.MODERATOR, false, at, at));
        speakers.forEach(user -> participants.add(new Participant(user, Role.SPEAKER, false, at, at)));
        listeners.forEach(user -> participants.add(new Participant(user, Role.LISTENER, false, at, null)));
        return snapshot(roomId, host, visibility, topic, clubId, RoomLifecycle.LIVE, null, participants, at);
    }

    /** A SCHEDULED room by {@code host}, announced for {@code startsAt}. */
    public static RoomSnapshot scheduled(String roomId, String host, Visibility visibility, String clubId,
                                         Instant startsAt, Instant at) {
        return snapshot(roomId, host, visibility, null, clubId, RoomLifecycle.SCHEDULED, startsAt, List.of(), at);
    }

    private static RoomSnapshot snapshot(String roomId, String host, Visibility visibility, String topic, String clubId,
                                         RoomLifecycle lifecycle, Instant startsAt, List<Participant> participants,
                                         Instant at) {
        RoomDetails details = RoomDetails.newBuilder().setTitle("Room " + roomId).setTopic(topic).setVisibility(visibility)
            .setClubId(clubId).setSettings(RoomSettings.newBuilder().build()).build();
        return RoomSnapshot.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(roomId).setVersion(1)
            .setDetails(details).setLifecycle(lifecycle).setCreatedBy(host).setCreatedAt(at).setStartsAt(startsAt)
            .setStartedAt(lifecycle == RoomLifecycle.LIVE ? at : null).setLastActivityAt(at)
            .setParticipants(participants).setHandQueue(List.of()).setInvitedUserIds(new ArrayList<>())
            .setBannedUserIds(new ArrayList<>()).build();
    }

    /** A viewer who follows nobody and nothing. */
    public static HallwayViewer viewer(String userId) {
        return new HallwayViewer(userId, new HashMap<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>());
    }

    /** A viewer who follows {@code users} (since {@code since}) and the {@code topics} with their weights. */
    public static HallwayViewer viewer(String userId, List<String> users, Map<String, Double> topics, Instant since) {
        HallwayViewer viewer = viewer(userId);
        users.forEach(user -> viewer.getFollows().put(user, since.toEpochMilli()));
        viewer.getTopics().putAll(topics);
        return viewer;
    }
}
