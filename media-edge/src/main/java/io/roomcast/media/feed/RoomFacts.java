package io.roomcast.media.feed;

import io.roomcast.events.Participant;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.ParticipantUnmuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.media.session.RoomAuthority;

/**
 * Maps room facts onto {@link RoomAuthority} calls, with the rules of room-state-stream's state machine:
 * SPEAKER and MODERATOR speak; a mute applies to speakers; a kick or ban stops a user at once (its
 * ParticipantLeft follows); a leave, kick or ban also revokes the user's media tokens of the room issued
 * until then ({@link #revoke}); facts that do not change who is heard (hands, invites, SpeakingChanged,
 * rejections) are ignored. No I/O: the feed calls it, tests call it directly.
 */
public final class RoomFacts {
    private RoomFacts() {
    }

    /** Whether a role may send audio. */
    public static boolean speaks(Role role) {
        return role == Role.SPEAKER || role == Role.MODERATOR;
    }

    /**
     * Applies one room-events fact.
     *
     * @param nowEpochMs when the edge applies it, epoch ms
     */
    public static void apply(RoomEvent event, long nowEpochMs, RoomAuthority authority) {
        revoke(event, nowEpochMs, authority);
        String room = event.getRoomId();
        switch (event.getFact()) {
            case ParticipantJoined joined when speaks(joined.getRole()) ->
                authority.speakerAdded(room, joined.getParticipantId());
            case RoleChanged changed when speaks(changed.getTo()) ->
                authority.speakerAdded(room, changed.getParticipantId());
            case RoleChanged changed -> authority.speakerRemoved(room, changed.getParticipantId());
            case ParticipantMuted muted -> authority.muted(room, muted.getParticipantId());
            case ParticipantUnmuted unmuted -> authority.unmuted(room, unmuted.getParticipantId());
            case ParticipantLeft left -> authority.participantLeft(room, left.getParticipantId());
            case ParticipantKicked kicked -> authority.participantLeft(room, kicked.getParticipantId());
            case ParticipantBanned banned -> authority.participantLeft(room, banned.getParticipantId());
            case RoomEnded ended -> authority.roomEnded(room);
            default -> {
                // does not change who is heard
            }
        }
    }

    /**
     * Only the revocation a fact carries: ParticipantLeft, ParticipantKicked and ParticipantBanned revoke the
     * user's media tokens of the room issued until the fact's {@code occurredAt}; other facts do nothing.
     * The feed calls it alone for facts whose other effects a snapshot already holds, and for the facts it
     * replays at start to learn the revocations still in force.
     *
     * @param nowEpochMs when the edge applies it, epoch ms
     */
    public static void revoke(RoomEvent event, long nowEpochMs, RoomAuthority authority) {
        String user = switch (event.getFact()) {
            case ParticipantLeft left -> left.getParticipantId();
            case ParticipantKicked kicked -> kicked.getParticipantId();
            case ParticipantBanned banned -> banned.getParticipantId();
            default -> null;
        };
        if (user != null) {
            authority.tokensRevoked(event.getRoomId(), user, event.getOccurredAt().toEpochMilli(), nowEpochMs);
        }
    }

    /**
     * Applies a room-state snapshot as the room's starting point (bootstrap): its speakers and
     * moderators speak, muted ones are muted. A null snapshot (tombstone) ends the room.
     */
    public static void apply(String room, RoomSnapshot snapshot, RoomAuthority authority) {
        if (snapshot == null) {
            authority.roomEnded(room);
            return;
        }
        for (Participant p : snapshot.getParticipants()) {
            if (speaks(p.getRole())) {
                authority.speakerAdded(room, p.getUserId());
                if (p.getMuted()) {
                    authority.muted(room, p.getUserId());
                }
            }
        }
    }
}
