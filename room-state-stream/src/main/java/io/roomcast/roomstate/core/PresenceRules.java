package io.roomcast.roomstate.core;

import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Presence of one user: which room they are in (from ParticipantJoined / ParticipantLeft facts) and
 * when they were last seen (join time, then heartbeats). Pure: the caller keeps the entry (a
 * {@link PresenceHeartbeat} whose occurredAt is the last-seen time) and applies the outcome.
 *
 * <p>Rules (ARCHITECTURE.md, "Presence"): a user not seen for the deadline is sent a LeaveRoom with
 * reason TIMEOUT; a heartbeat in time keeps them in with no leave/join churn; joining another room
 * leaves the first one (SWITCHED_ROOM), so a user is in one room at a time. Heartbeats of a user
 * with no known room are ignored: membership comes from facts only.
 */
public final class PresenceRules {
    /** The entry to keep (null: forget the user) and a command to send (null: none). */
    public record Outcome(PresenceHeartbeat entry, RoomCommand command) {}

    private final Duration deadline;

    /** @param deadline how long without a heartbeat before a user is expired (default 45 s) */
    public PresenceRules(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * The user joined {@code roomId} at {@code at}; if they were in another room, they leave it. Joins
     * of two rooms can arrive out of order (they come from two room partitions): a join older than
     * what we know makes the user leave that older room instead.
     */
    public Outcome joined(PresenceHeartbeat entry, String userId, String roomId, Instant at) {
        return joined(entry, userId, roomId, at, at);
    }

    /**
     * As {@link #joined(PresenceHeartbeat, String, String, Instant)}, for a join fact decided at {@code at}
     * that presence learns of at {@code learnedAt}: the user counts as seen at the later of the two. The
     * join reaches presence through a repartition topic, after the room's transaction commits, while
     * heartbeats come straight from the gateway; a heartbeat processed before its join is ignored (no
     * known room), so timing the user out from {@code at} alone would expire them at once whenever that
     * path lags by more than the deadline, however regularly they heartbeat.
     */
    public Outcome joined(PresenceHeartbeat entry, String userId, String roomId, Instant at, Instant learnedAt) {
        if (entry != null && !entry.getRoomId().equals(roomId) && at.isBefore(entry.getOccurredAt())) {
            return new Outcome(entry, leave(userId, roomId, LeaveReason.SWITCHED_ROOM, at, at));
        }
        RoomCommand leave = entry != null && !entry.getRoomId().equals(roomId)
            ? leave(userId, entry.getRoomId(), LeaveReason.SWITCHED_ROOM, at, at) : null;
        PresenceHeartbeat next = PresenceHeartbeat.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes(("joined/" + userId + "/" + roomId + "/" + at.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(learnedAt.isAfter(at) ? learnedAt : at).setUserId(userId).setRoomId(roomId)
            .setSessionId(entry == null ? "" : entry.getSessionId())
            .setGatewayNode(entry == null ? "" : entry.getGatewayNode())
            .build();
        return new Outcome(next, leave);
    }

    /** The user left {@code roomId}: forgotten if that is the room we know them in. */
    public Outcome left(PresenceHeartbeat entry, String roomId) {
        boolean current = entry != null && entry.getRoomId().equals(roomId);
        return new Outcome(current ? null : entry, null);
    }

    /** A heartbeat: refreshes last-seen if it is about the user's known room (or names no room). */
    public Outcome heartbeat(PresenceHeartbeat entry, PresenceHeartbeat heartbeat) {
        if (entry == null || (heartbeat.getRoomId() != null && !heartbeat.getRoomId().equals(entry.getRoomId()))) {
            return new Outcome(entry, null);
        }
        Instant seen = heartbeat.getOccurredAt().isAfter(entry.getOccurredAt()) ? heartbeat.getOccurredAt() : entry.getOccurredAt();
        return new Outcome(PresenceHeartbeat.newBuilder(heartbeat).setRoomId(entry.getRoomId()).setOccurredAt(seen).build(), null);
    }

    /**
     * The check: a user not seen for the deadline by {@code now} leaves with reason TIMEOUT. {@code now} is the instant
     * the task has read the user's gateway node up to ({@link GatewayWatermarks}), not the wall clock.
     */
    public Outcome check(PresenceHeartbeat entry, Instant now) {
        if (now.isBefore(entry.getOccurredAt().plus(deadline))) {
            return new Outcome(entry, null);
        }
        return new Outcome(null, leave(entry.getUserId(), entry.getRoomId(), LeaveReason.TIMEOUT, entry.getOccurredAt(), now));
    }

    /**
     * A system LeaveRoom issued at {@code now}; its eventId and nonce are derived from user, room,
     * reason and {@code cause} (the join or last-seen time), so issuing it again is deduplicated.
     */
    private static RoomCommand leave(String userId, String roomId, LeaveReason reason, Instant cause, Instant now) {
        String nonce = "presence:" + reason.name().toLowerCase(java.util.Locale.ROOT) + ":" + cause.toEpochMilli();
        return RoomCommand.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes((userId + "/" + roomId + "/" + nonce).getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(now)
            .setRoomId(roomId)
            .setUserId(userId)
            .setNonce(nonce)
            .setSessionId(null)
            .setCommand(new LeaveRoom(reason))
            .build();
    }
}
