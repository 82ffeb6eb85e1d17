package io.roomcast.roomstate.core;

import io.roomcast.events.HandRequest;
import io.roomcast.events.JoinRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mutable working copy of one room while a command is decided: participants by user id in join
 * order, the hand queue and the join requests in request order, invitations and bans. Built from a snapshot and turned
 * back into a new one; the snapshot it came from is never modified.
 */
final class Room {
    final RoomSnapshot base;
    final Map<String, Participant> participants = new LinkedHashMap<>();
    final Map<String, HandRequest> hands = new LinkedHashMap<>();
    final Set<String> invited = new LinkedHashSet<>();
    final Set<String> banned = new LinkedHashSet<>();
    final Map<String, JoinRequest> joinRequests = new LinkedHashMap<>();

    Room(RoomSnapshot base) {
        this.base = RoomSnapshot.newBuilder(base).build();
        this.base.getParticipants().forEach(p -> participants.put(p.getUserId(), p));
        this.base.getHandQueue().forEach(h -> hands.put(h.getUserId(), h));
        invited.addAll(this.base.getInvitedUserIds());
        banned.addAll(this.base.getBannedUserIds());
        this.base.getJoinRequests().forEach(r -> joinRequests.put(r.getUserId(), r));
    }

    Optional<Participant> participant(String userId) {
        return Optional.ofNullable(participants.get(userId));
    }

    Role roleOf(String userId) {
        Participant p = participants.get(userId);
        return p == null ? null : p.getRole();
    }

    boolean isModerator(String userId) {
        return roleOf(userId) == Role.MODERATOR;
    }

    long count(Role role) {
        return participants.values().stream().filter(p -> p.getRole() == role).count();
    }

    /** SPEAKER plus MODERATOR participants. */
    long speakers() {
        return count(Role.SPEAKER) + count(Role.MODERATOR);
    }

    /** The speaker who has been one the longest (earliest speakerSince), for moderator hand-over. */
    Optional<Participant> longestStandingSpeaker() {
        return participants.values().stream()
            .filter(p -> p.getRole() == Role.SPEAKER)
            .min(Comparator.comparing(p -> p.getSpeakerSince() == null ? p.getJoinedAt() : p.getSpeakerSince()));
    }

    void setRole(String userId, Role role, Instant now) {
        Participant p = participants.get(userId);
        boolean speaking = role == Role.SPEAKER || role == Role.MODERATOR;
        boolean wasSpeaking = p.getRole() == Role.SPEAKER || p.getRole() == Role.MODERATOR;
        p.setRole(role);
        if (speaking && !wasSpeaking) {
            p.setSpeakerSince(now);
        } else if (!speaking) {
            p.setSpeakerSince(null);
            p.setMuted(false);
        }
    }

    /** The new snapshot: version + 1, the given actor and nonce, activity at {@code now}. */
    RoomSnapshot toSnapshot(Instant now, java.util.UUID eventId, String actor, String nonce) {
        return RoomSnapshot.newBuilder(base)
            .setEventId(eventId)
            .setOccurredAt(now)
            .setUserId(actor)
            .setNonce(nonce)
            .setVersion(base.getVersion() + 1)
            .setLastActivityAt(now)
            .setParticipants(new ArrayList<>(participants.values()))
            .setHandQueue(new ArrayList<>(hands.values()))
            .setInvitedUserIds(new ArrayList<>(invited))
            .setBannedUserIds(new ArrayList<>(banned))
            .setJoinRequests(new ArrayList<>(joinRequests.values()))
            .build();
    }
}
