package io.roomcast.gateway.rest;

import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.schemas.ReadModelKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes Redis read model entries as their writers do, for REST tests. */
final class ReadModelSeed {
    private ReadModelSeed() {
    }

    /**
     * Writes a room as room-state-stream's read model does: hash, sorted sets and, if PUBLIC and LIVE,
     * its entry in the live-public index scored by {@code startedAt} (TTL 10 min).
     */
    static void room(RedisCommands<String, String> redis, String roomId, String visibility, String lifecycle,
                     String moderator, List<String> speakers, List<String> listeners, long startedAt) {
        String key = ReadModelKeys.room(roomId);
        long now = startedAt;
        Map<String, String> hash = new HashMap<>(Map.of("title", "Room " + roomId, "visibility", visibility,
            "lifecycle", lifecycle, "createdBy", moderator, "createdAt", Long.toString(now),
            "lastActivityAt", Long.toString(now), "version", "3",
            "participants", Integer.toString(1 + speakers.size() + listeners.size()),
            "speakers", Integer.toString(1 + speakers.size()), "listeners", Integer.toString(listeners.size())));
        hash.put("handsRaised", "0");
        if ("LIVE".equals(lifecycle)) {
            hash.put("startedAt", Long.toString(now));
        }
        redis.hset(key, hash);
        redis.zadd(key + ":moderators", now, moderator);
        speakers.forEach(s -> redis.zadd(key + ":speakers", now + 1, s));
        listeners.forEach(l -> redis.zadd(key + ":listeners", now + 2, l));
        if ("PUBLIC".equals(visibility) && "LIVE".equals(lifecycle)) {
            redis.zadd(ReadModelKeys.LIVE_PUBLIC_ROOMS, startedAt, roomId);
        }
        for (String k : List.of(key, key + ":moderators", key + ":speakers", key + ":listeners",
                ReadModelKeys.LIVE_PUBLIC_ROOMS)) {
            redis.pexpire(k, Duration.ofMinutes(10).toMillis());
        }
    }

    /** Registers a media edge as the edge's heartbeat does (hash with a TTL, id in the set of edges). */
    static void edge(RedisCommands<String, String> redis, String edgeId, String address, int capacity, long load,
                     Duration ttl) {
        String key = ReadModelKeys.mediaEdge(edgeId);
        redis.hset(key, Map.of(ReadModelKeys.EDGE_ADDRESS, address, ReadModelKeys.EDGE_CAPACITY,
            Integer.toString(capacity), ReadModelKeys.EDGE_LOAD, Long.toString(load),
            ReadModelKeys.EDGE_HEARTBEAT_AT, Long.toString(System.currentTimeMillis())));
        redis.pexpire(key, ttl.toMillis());
        redis.sadd(ReadModelKeys.MEDIA_EDGES, edgeId);
    }
}
