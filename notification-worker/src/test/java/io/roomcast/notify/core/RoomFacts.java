package io.roomcast.notify.core;

import io.roomcast.events.EndReason;
import io.roomcast.events.HandRaised;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomInviteSent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.SpeakerInvited;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.UUID;

/** Facts of one room, as room-state-stream writes them (actor = the command's user). */
public record RoomFacts(String roomId, String host) {
    public RoomEvent fact(String actor, Object fact, Instant at) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setRoomId(roomId)
            .setUserId(actor).setFact(fact).build();
    }

    public RoomEvent created(Visibility visibility, String clubId, RoomLifecycle lifecycle, Instant at) {
        return fact(host, new RoomCreated(details(visibility, clubId), lifecycle,
            lifecycle == RoomLifecycle.SCHEDULED ? at.plusSeconds(3600) : null), at);
    }

    /** A SCHEDULED room created at {@code at}, its start announced for {@code startsAt}. */
    public RoomEvent scheduled(Visibility visibility, String clubId, Instant at, Instant startsAt) {
        return fact(host, new RoomCreated(details(visibility, clubId), RoomLifecycle.SCHEDULED, startsAt), at);
    }

    private static RoomDetails details(Visibility visibility, String clubId) {
        return RoomDetails.newBuilder().setTitle("Jazz at night").setTopic("jazz")
            .setVisibility(visibility).setClubId(clubId).setSettings(RoomSettings.newBuilder().build()).build();
    }

    public RoomEvent createdLive(Instant at) {
        return created(Visibility.PUBLIC, null, RoomLifecycle.LIVE, at);
    }

    public RoomEvent started(Instant at) {
        return fact(host, new RoomStarted(), at);
    }

    public RoomEvent joined(String who, Role role, Instant at) {
        return fact(who, new ParticipantJoined(who, role), at);
    }

    public RoomEvent roleChanged(String who, Role from, Role to, Instant at) {
        return fact(host, new RoleChanged(who, from, to), at);
    }

    public RoomEvent speakerInvited(String who, Instant at) {
        return fact(host, new SpeakerInvited(who), at);
    }

    public RoomEvent roomInvite(String who, Instant at) {
        return fact(host, new RoomInviteSent(who), at);
    }

    public RoomEvent handRaised(String who, Instant at) {
        return fact(who, new HandRaised(who, at), at);
    }

    public RoomEvent ended(Instant at) {
        return fact(host, new RoomEnded(EndReason.BY_MODERATOR), at);
    }
}
