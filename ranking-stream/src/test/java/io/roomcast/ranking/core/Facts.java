package io.roomcast.ranking.core;

import io.roomcast.events.EndReason;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.Visibility;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.SpeakingChanged;
import java.time.Instant;
import java.util.UUID;

/** Facts of one room as room-state-stream (versioned) and media edges (SpeakingChanged) write them. */
public final class Facts {
    private final String roomId;
    private long version;

    public Facts(String roomId) {
        this.roomId = roomId;
    }

    /** A room-state-stream fact: the next room version, a fresh eventId. */
    public RoomEvent next(Object fact, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(roomId)
            .setUserId("system").setRoomVersion(++version).setFact(fact).build();
    }

    /** A second fact of the same command (same room version). */
    public RoomEvent same(Object fact, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(roomId)
            .setUserId("system").setRoomVersion(version).setFact(fact).build();
    }

    /** A media edge's SpeakingChanged (no room version). */
    public RoomEvent speaking(String who, boolean speaking, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(roomId)
            .setUserId(who).setFact(new SpeakingChanged(who, speaking, 30)).build();
    }

    public RoomEvent created(Instant at) {
        RoomDetails details = RoomDetails.newBuilder().setTitle("Jazz").setTopic("jazz").setVisibility(Visibility.PUBLIC)
            .setSettings(RoomSettings.newBuilder().build()).build();
        return next(new RoomCreated(details, RoomLifecycle.LIVE, null), at);
    }

    public RoomEvent joined(String who, Role role, Instant at) {
        return next(new ParticipantJoined(who, role), at);
    }

    public RoomEvent left(String who, Instant at) {
        return next(new ParticipantLeft(who, LeaveReason.LEFT), at);
    }

    public RoomEvent ended(Instant at) {
        return next(new RoomEnded(EndReason.BY_MODERATOR), at);
    }
}
