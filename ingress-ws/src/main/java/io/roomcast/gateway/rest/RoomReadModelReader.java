package io.roomcast.gateway.rest;

import io.roomcast.schemas.ReadModelKeys;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Value;
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
 * <p><b>Listing</b>: there is no index of live public rooms in the read model yet, so the listing
 * SCANs the keyspace with {@code MATCH room:{*} TYPE hash} in batches of
 * {@code roomcast.gateway.rest.list-scan-batch} keys (default 500) and filters each room hash
 * (PUBLIC and LIVE). Cost: O(keys in the database) per full listing, spread over pages; a page
 * scans at most {@code roomcast.gateway.rest.list-max-scan-batches} batches (default 20) and may
 * then return fewer rooms than asked with a next cursor. SCAN guarantees a room present for the whole
 * listing is returned at least once; one created or ended meanwhile may or may not be. The order is
 * the hash order of the keyspace, not a ranking. An index ({@code rooms:live:public} sorted set kept
 * by room-state-stream) would make this O(page) and ordered.
 *
 * <p>Thread-safe; every method blocks for Redis round trips (call off the event loop).
 */
@Singleton
public final class RoomReadModelReader {

    /** KEYS: hash, speakers, moderators, listeners, hand_raised. Returns {} or {hash, 4 × zrange withscores}. */
    static final String SNAPSHOT_SCRIPT = """
            local h = redis.call('HGETALL', KEYS[1])
            if #h == 0 then return {} end
            local out = {h}
            for i = 2, 5 do out[i] = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES') end
            return out
            """;

    /**
     * KEYS: hash, speakers, moderators, listeners. ARGV: user. Returns -1 (no room), 0 (not in it),
     * 1 listener set, 2 speaker, 3 moderator.
     */
    static final String ROLE_SCRIPT = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 3 end
            if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 2 end
            if redis.call('ZSCORE', KEYS[4], ARGV[1]) then return 1 end
            return 0
            """;

    /** The room hash fields a listing entry needs (not the whole snapshot text the hash also holds). */
    private static final String[] LISTING_FIELDS = {ReadModelKeys.TITLE, ReadModelKeys.TOPIC, ReadModelKeys.CLUB_ID,
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
    private final int scanBatch;
    private final int maxScanBatches;
    private final String snapshotSha;
    private final String roleSha;

    /**
     * @param redis          the gateway's Redis connection
     * @param scanBatch      SCAN COUNT hint per batch, at least 1
     * @param maxScanBatches SCAN batches per page at most, at least 1
     */
    public RoomReadModelReader(GatewayRedis redis,
                               @Value("${roomcast.gateway.rest.list-scan-batch:500}") int scanBatch,
                               @Value("${roomcast.gateway.rest.list-max-scan-batches:20}") int maxScanBatches) {
        if (scanBatch < 1 || maxScanBatches < 1) {
            throw new IllegalArgumentException("list-scan-batch and list-max-scan-batches must be at least 1");
        }
        this.redis = redis;
        this.scanBatch = scanBatch;
        this.maxScanBatches = maxScanBatches;
        this.snapshotSha = redis.sync().digest(SNAPSHOT_SCRIPT);
        this.roleSha = redis.sync().digest(ROLE_SCRIPT);
    }

    /**
     * @param roomId the room
     * @return the room's hash and sorted sets, or empty if the read model has no such room
     * @throws RedisException if Redis fails
     */
    @SuppressWarnings("unchecked")
    public Optional<RoomViews.RoomContent> snapshot(String roomId) {
        List<Object> reply = (List<Object>) eval(snapshotSha, SNAPSHOT_SCRIPT, ScriptOutputType.MULTI,
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
        Long code = (Long) eval(roleSha, ROLE_SCRIPT, ScriptOutputType.INTEGER,
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
     * One page of live public rooms (see the class comment for cost and guarantees).
     *
     * @param cursor where to continue ({@link ListingCursor#START} first)
     * @param limit  rooms at most, at least 1
     * @return the page
     * @throws RedisException if Redis fails
     */
    public Page livePublicRooms(ListingCursor cursor, int limit) {
        List<RestBodies.RoomSummary> rooms = new ArrayList<>();
        String scanCursor = cursor.scanCursor();
        int skip = cursor.skip();
        long timeoutMs = Duration.ofSeconds(10).toMillis();
        for (int batch = 0; batch < maxScanBatches; batch++) {
            KeyScanCursor<String> scan = redis.sync().scan(ScanCursor.of(scanCursor),
                    KeyScanArgs.Builder.type("hash").match(ReadModelKeys.ROOM_HASH_PATTERN).limit(scanBatch));
            List<String> keys = scan.getKeys();
            List<RedisFuture<List<KeyValue<String, String>>>> hashes = new ArrayList<>(keys.size());
            for (int i = skip; i < keys.size(); i++) {
                hashes.add(redis.async().hmget(keys.get(i), LISTING_FIELDS));
            }
            if (!LettuceFutures.awaitAll(timeoutMs, TimeUnit.MILLISECONDS, hashes.toArray(RedisFuture[]::new))) {
                throw new RedisException("room hashes not read within " + timeoutMs + " ms");
            }
            for (int i = skip; i < keys.size(); i++) {
                if (rooms.size() == limit) {
                    return new Page(rooms, Optional.of(new ListingCursor(scanCursor, i)));
                }
                String roomId = ReadModelKeys.roomIdOf(keys.get(i));
                Map<String, String> hash = new HashMap<>();
                hashes.get(i - skip).toCompletableFuture().join()
                        .forEach(kv -> kv.ifHasValue(v -> hash.put(kv.getKey(), v)));
                if (roomId != null && RoomViews.isListed(hash)) {
                    rooms.add(RoomViews.summary(roomId, hash));
                }
            }
            if (scan.isFinished()) {
                return new Page(rooms, Optional.empty());
            }
            scanCursor = scan.getCursor();
            skip = 0;
        }
        return new Page(rooms, Optional.of(new ListingCursor(scanCursor, 0)));
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

    private Object eval(String sha, String script, ScriptOutputType type, List<String> keys, String... args) {
        String[] k = keys.toArray(String[]::new);
        try {
            return redis.sync().evalsha(sha, type, k, args);
        } catch (RedisNoScriptException e) {
            return redis.sync().eval(script, type, k, args);
        }
    }
}
