package io.roomcast.roomstate.core;

import io.roomcast.events.RoomEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Collects the facts of one decision in order, each in its RoomEvent envelope. Event ids are
 * derived from the cause (the command's eventId, or the room and time of a timer) and the fact's
 * position, so deciding the same input twice yields the same ids (replay-safe, RFC 9562 version 3).
 */
final class FactLog {
    private final String roomId;
    private final String actor;
    private final String nonce;
    private final String commandId;
    private final String cause;
    private final Instant now;
    private final List<RoomEvent> facts = new ArrayList<>();

    /**
     * @param actor     user acting, or null for system facts
     * @param nonce     the command's nonce, or null
     * @param commandId the command's eventId, or null
     * @param cause     what makes ids unique: the command's eventId, or room + timer time
     */
    FactLog(String roomId, String actor, String nonce, String commandId, String cause, Instant now) {
        this.roomId = roomId;
        this.actor = actor;
        this.nonce = nonce;
        this.commandId = commandId;
        this.cause = cause;
        this.now = now;
    }

    void add(Object fact) {
        facts.add(RoomEvent.newBuilder()
            .setEventId(nextId())
            .setOccurredAt(now)
            .setRoomId(roomId)
            .setUserId(actor)
            .setNonce(nonce)
            .setCommandId(commandId)
            .setFact(fact)
            .build());
    }

    private UUID nextId() {
        return id(Integer.toString(facts.size()));
    }

    /** The id of the snapshot this decision produces. */
    UUID snapshotId() {
        return id("snapshot");
    }

    private UUID id(String suffix) {
        return UUID.nameUUIDFromBytes((cause + "/" + suffix).getBytes(StandardCharsets.UTF_8));
    }

    /** @param roomVersion the room's snapshot version after this decision (null: no room), stamped on every fact */
    List<RoomEvent> facts(Long roomVersion) {
        facts.forEach(fact -> fact.setRoomVersion(roomVersion));
        return List.copyOf(facts);
    }

    boolean isEmpty() {
        return facts.isEmpty();
    }

    String actor() {
        return actor;
    }

    String nonce() {
        return nonce;
    }

    Instant now() {
        return now;
    }
}
