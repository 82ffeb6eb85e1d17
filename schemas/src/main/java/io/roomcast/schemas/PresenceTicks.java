package io.roomcast.schemas;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.schemas.streams.DecodeOrDeadLetter;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.Rejection;
import java.time.Instant;
import java.util.UUID;

/**
 * A gateway node's tick on {@code presence-heartbeats}: a {@link PresenceHeartbeat} with no user (userId, sessionId,
 * roomId and clientTime null, record key null) that every gateway node writes into every partition of the topic once
 * a tick interval (ingress-ws {@code roomcast.gateway.presence-tick-interval}, 1 s). A node's records reach a partition
 * in the order it sent them (one idempotent producer), so a tick at T read from a partition says that every heartbeat
 * the node stamped before T was read before it: presence judges silence by what it has read from each node, never
 * by its own clock (README, room-state-stream, "Presence after a fail-over, a broker outage or a backlog").
 */
public final class PresenceTicks {
    private PresenceTicks() {}

    /**
     * @param gatewayNode the node writing the tick ({@code roomcast.gateway.node-id})
     * @param at          when it wrote it, wall clock
     * @return the tick: a random eventId (each tick is its own record), every user field null
     */
    public static PresenceHeartbeat tick(String gatewayNode, Instant at) {
        return PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setUserId(null)
            .setRoomId(null).setSessionId(null).setClientTime(null).setGatewayNode(gatewayNode).build();
    }

    /** @return true if {@code record} is a node's tick, false if it is a user's heartbeat */
    public static boolean isTick(PresenceHeartbeat record) {
        return record.getUserId() == null;
    }

    /**
     * Where a record of {@code presence-heartbeats} belongs: a heartbeat under its userId on that key's partition
     * ({@link DecodeOrDeadLetter#placement}); a tick under no key, on any partition.
     *
     * @param partitions the topic's partition count
     * @return why the record does not belong here, or null
     */
    public static Rejection placement(String key, PresenceHeartbeat record, int partition, int partitions) {
        if (!isTick(record)) {
            return DecodeOrDeadLetter.placement(key, record.getUserId(), "userId", partition, partitions);
        }
        return key == null ? null : new Rejection(Reason.KEY_MISMATCH, "a tick (no userId) is keyed '" + key + "'");
    }
}
