package io.roomcast.gateway.rest;

import io.roomcast.schemas.ReadModelKeys;

import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Value;
import io.roomcast.schemas.redis.LuaScript;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads the Redis read model of room-state-stream for the REST API (key layout in {@link ReadModelKeys}).
 *
 * <p><b>Snapshot</b>: the room hash and its four sorted sets in one Lua script (atomic, one round
 * trip; all five keys share the slot of {@code {roomId}}).
 *
 * <p><b>Listing</b>: pages through the live-public index {@value ReadModelKeys#LIVE_PUBLIC_ROOMS}
 * (kept by room-state-stream in the same script as each room's keys), newest first: by the time the
 * room went live, descending, then by room id (bytes, descending) for rooms that went live in the
 * same ms; a category's index the same way; the trending index (ranking-stream's) by momentum. One script per page reads the index entries after the cursor (O(log N + page)); the
 * page's room hashes are then read pipelined, and an entry whose hash is not PUBLIC and LIVE (not
 * expected: both are written together; possible if the room's keys expired) is skipped, so a private
 * room is never listed and a page may hold fewer rooms than asked, with a next cursor. A room live for
 * the whole listing is returned exactly once.
 *
 * <p>Thread-safe; every method blocks for Redis round trips (call off the event loop).
 */
@Singleton
public final class RoomReadModelReader {

    /** KEYS: hash, speakers, moderators, listeners, hand_raised. Returns {} or {hash, 4 × zrange withscores}. */
    static final LuaScript SNAPSHOT_SCRIPT = new LuaScript("""
            local h = redis.call('HGETALL', KEYS[1])
            if #h == 0 then return {} end
            local out = {h}
            for i = 2, 5 do out[i] = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES') end
            return out
            """);

    /**
     * KEYS: hash, speakers, moderators, listeners. ARGV: user. Returns -1 (no room), 0 (not in it),
     * 1 listener set, 2 speaker, 3 moderator.
     */
    static final LuaScript ROLE_SCRIPT = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 3 end
            if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 2 end
            if redis.call('ZSCORE', KEYS[4], ARGV[1]) then return 1 end
            return 0
            """);

    /**
     * KEYS: the live-public index. ARGV: after score (epoch ms), after room id (empty: from the
     * newest), count. Returns up to count (room id, score) pairs after that position, newest first;
     * rooms of the same score in descending byte order, as ZRANGE REV gives them.
     */
    static final LuaScript LIST_SCRIPT = new LuaScript("""
            local limit = tonumber(ARGV[3])
            if ARGV[2] == '' then
              return redis.call('ZRANGE', KEYS[1], '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, limit, 'WITHSCORES')
            end
            local function below(a, b)
              for k = 1, math.min(#a, #b) do
                local x, y = string.byte(a, k), string.byte(b, k)
                if x ~= y then return x < y end
              end
              return #a < #b
            end
            local out = {}
            local ties = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[1], 'BYSCORE', 'REV', 'WITHSCORES')
            for i = 1, #ties, 2 do
              if #out < 2 * limit and below(ties[i], ARGV[2]) then
                out[#out + 1] = ties[i]
                out[#out + 1] = ties[i + 1]
              end
            end
            if #out < 2 * limit then
              local rest = redis.call('ZRANGE', KEYS[1], '(' .. ARGV[1], '-inf', 'BYSCORE', 'REV',
                'LIMIT', 0, limit - #out / 2, 'WITHSCORES')
              for i = 1, #rest do out[#out + 1] = rest[i] end
            end
            return out
            """);

    /** The room hash fields a listing entry needs (not the whole snapshot text the hash also holds). */
    private static final String[] LISTING_FIELDS = {ReadModelKeys.TITLE, ReadModelKeys.TOPIC, ReadModelKeys.CLUB_ID,
        ReadModelKeys.LANGUAGE,
        ReadModelKeys.VISIBILITY, ReadModelKeys.LIFECYCLE, ReadModelKeys.PARTICIPANTS, ReadModelKeys.SPEAKERS,
        ReadModelKeys.LISTENERS, ReadModelKeys.STARTED_AT};

    /** Where a user stands in a room. */
    public enum Standing { NO_ROOM, NOT_IN_ROOM, LISTENER_SET, SPEAKER, MODERATOR }

    /**
     * A page of the listing.
     *
     * @param rooms rooms in this page
     * @param next  the cursor of the next page, or empty at the end
     */
    public record Page(List<RestBodies.RoomSummary> rooms, Optional<ListingCursor> next) {
    }

    private final GatewayRedis redis;
    private final Duration readTimeout;

    /**
     * @param redis       the gateway's Redis connection
     * @param readTimeout longest wait for a listing page's room hashes (setting
     *                    {@code roomcast.gateway.rest.list-read-timeout}, default 10 s), at least 1 ms
     * @throws IllegalArgumentException if readTimeout is below 1 ms
     */
    public RoomReadModelReader(GatewayRedis redis,
                               @Value("${roomcast.gateway.rest.list-read-timeout:10s}") Duration readTimeout) {
        if (readTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("list-read-timeout must be at least 1 ms: " + readTimeout);
        }
        this.redis = redis;
        this.readTimeout = readTimeout;
    }

    /**
     * @param roomId the room
     * @return the room's hash and sorted sets, or empty if the read model has no such room
     * @throws RedisException if Redis fails
     */
    @SuppressWarnings("unchecked")
    public Optional<RoomViews.RoomContent> snapshot(String roomId) {
        List<Object> reply = (List<Object>) eval(SNAPSHOT_SCRIPT, ScriptOutputType.MULTI,
                ReadModelKeys.allOfRoom(roomId).subList(0, 5));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        List<Object> flat = (List<Object>) reply.get(0);
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return Optional.of(new RoomViews.RoomContent(roomId, hash, members(reply.get(1)), members(reply.get(2)),
                members(reply.get(3)), members(reply.get(4))));
    }

    /**
     * @param roomId the room
     * @param userId the user
     * @return where the user stands in the room
     * @throws RedisException if Redis fails
     */
    public Standing standing(String roomId, String userId) {
        Long code = (Long) eval(ROLE_SCRIPT, ScriptOutputType.INTEGER,
                ReadModelKeys.allOfRoom(roomId).subList(0, 4), userId);
        return switch (code.intValue()) {
            case -1 -> Standing.NO_ROOM;
            case 0 -> Standing.NOT_IN_ROOM;
            case 1 -> Standing.LISTENER_SET;
            case 2 -> Standing.SPEAKER;
            default -> Standing.MODERATOR;
        };
    }

    /**
     * The role named in the user's presence hash, if it points to roomId (tells LISTENER from
     * INVITED_SPEAKER, which share the listeners set).
     *
     * @return the role's enum name, or empty
     * @throws RedisException if Redis fails
     */
    public Optional<String> presenceRole(String userId, String roomId) {
        List<io.lettuce.core.KeyValue<String, String>> fields = redis.sync().hmget(ReadModelKeys.presence(userId),
                ReadModelKeys.PRESENCE_ROOM_ID, ReadModelKeys.PRESENCE_ROLE);
        if (fields.size() == 2 && fields.get(0).hasValue() && roomId.equals(fields.get(0).getValue())
                && fields.get(1).hasValue()) {
            return Optional.of(fields.get(1).getValue());
        }
        return Optional.empty();
    }

    /**
     * One page of a listing: the rooms of a sorted set, highest score first, whose hash is PUBLIC and LIVE
     * (see the class comment for order and guarantees).
     *
     * @param index  the listing's sorted set: {@link ReadModelKeys#LIVE_PUBLIC_ROOMS} (newest first),
     *               {@link ReadModelKeys#livePublicRoomsOf} (a category's) or {@link ReadModelKeys#TRENDING_ROOMS}
     * @param after  where the previous page ended ({@link ListingCursor#START} first)
     * @param limit  rooms at most, at least 1
     * @return the page, with a next cursor unless the index holds nothing after it
     * @throws RedisException if Redis fails or the room hashes are not read within the read timeout
     */
    public Page listing(String index, ListingCursor after, int limit) {
        Positions positions = positions(index, after, limit);
        List<Map.Entry<String, Long>> page = positions.page();
        List<RedisFuture<List<KeyValue<String, String>>>> hashes = new ArrayList<>(page.size());
        for (Map.Entry<String, Long> entry : page) {
            hashes.add(redis.async().hmget(ReadModelKeys.room(entry.getKey()), LISTING_FIELDS));
        }
        await(hashes, "room hashes");
        List<RestBodies.RoomSummary> rooms = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            Map<String, String> hash = new HashMap<>();
            hashes.get(i).toCompletableFuture().join().forEach(kv -> kv.ifHasValue(v -> hash.put(kv.getKey(), v)));
            if (RoomViews.isListed(hash)) {
                rooms.add(RoomViews.summary(page.get(i).getKey(), hash));
            }
        }
        return new Page(rooms, positions.next());
    }

    /**
     * A page of a sorted set's members with integer scores, highest first, after a position.
     *
     * @param page (member, score) pairs
     * @param more whether members follow the page
     */
    public record Positions(List<Map.Entry<String, Long>> page, boolean more) {
        /** The cursor after the page, or empty at the end. */
        public Optional<ListingCursor> next() {
            return more ? Optional.of(new ListingCursor(page.getLast().getValue(), page.getLast().getKey()))
                    : Optional.empty();
        }
    }

    /**
     * The members of a sorted set after {@code after}, highest score first (ties: member bytes, descending),
     * in one script (O(log N + limit)).
     *
     * @throws RedisException if Redis fails
     */
    @SuppressWarnings("unchecked")
    public Positions positions(String index, ListingCursor after, int limit) {
        List<Object> flat = (List<Object>) eval(LIST_SCRIPT, ScriptOutputType.MULTI,
                List.of(index), Long.toString(after.score()), after.roomId(), Integer.toString(limit + 1));
        List<Map.Entry<String, Long>> entries = members(flat);
        boolean more = entries.size() > limit;
        return new Positions(more ? entries.subList(0, limit) : entries, more);
    }

    /**
     * Waits for pipelined reads.
     *
     * @throws RedisException when they are not all answered within the read timeout
     */
    void await(List<? extends RedisFuture<?>> reads, String what) {
        if (!LettuceFutures.awaitAll(readTimeout.toMillis(), TimeUnit.MILLISECONDS, reads.toArray(RedisFuture[]::new))) {
            throw new RedisException(what + " not read within " + readTimeout.toMillis() + " ms");
        }
    }

    private static List<Map.Entry<String, Long>> members(Object withScores) {
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) withScores;
        List<Map.Entry<String, Long>> out = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.add(new AbstractMap.SimpleImmutableEntry<>((String) flat.get(i),
                    (long) Double.parseDouble((String) flat.get(i + 1))));
        }
        return out;
    }

    private Object eval(LuaScript script, ScriptOutputType type, List<String> keys, String... args) {
        return script.run(redis.sync(), type, keys.toArray(String[]::new), args);
    }
}
