package io.roomcast.roomstate.readmodel;

import io.roomcast.schemas.ReadModelKeys;

import io.lettuce.core.RedisClient;
import io.roomcast.schemas.projection.ProjectionMarks;
import io.roomcast.schemas.redis.RedisProjectionMarks;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.redis.LuaScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Redis read model of room state (ARCHITECTURE.md, "Join" flow), written from the snapshots
 * of the {@code room-state} topic; key layout in {@link ReadModelKeys}, content in {@link RoomReadModelWriter}.
 *
 * <p>{@link #apply} is idempotent and replay-safe: a snapshot whose version is not above the
 * stored one changes nothing, so replaying the topic from the start, or a re-delivery, leaves the
 * same content as applying the newest snapshot once. A newer snapshot replaces the room hash and
 * its four sorted sets in one Lua script (atomic) and sets their TTL to the idle expiry; the same
 * script adds the room to the live-public index {@value ReadModelKeys#LIVE_PUBLIC_ROOMS} (score:
 * when it went live) and to its category's ({@link ReadModelKeys#livePublicRoomsOf}) while it is PUBLIC
 * and LIVE and removes it otherwise (a topic change moves it to the new category's), and a tombstone
 * removes it, so no index lists a room its hash does not show as public and live. The room's keys
 * share the slot of {@code {roomId}}; each index is one key in its own slot (the category's is named
 * inside the script, from the stored category), so on Redis Cluster their update must move to a
 * separate write (see {@link ReadModelKeys}).
 *
 * <p>Presence keys live in other slots and are written after the room, one single-key script per
 * user, pipelined, only for participants whose presence changed since this writer's last write of
 * the room (all of them for a room new to Redis or to this writer, a re-applied version, and every
 * half idle expiry: {@link PresenceWrites}): a participant's {@code presence:{userId}} is set (TTL = idle expiry) unless it
 * points to another room the user joined later; a user who left loses it only if it still points
 * to this room. Users who left are first recorded in the room's {@code departed} set by the room
 * script and removed from it once their presence is cleared, so a write that fails half-way is
 * finished by the next {@link #apply} of the room (the same snapshot again, a newer one, or a
 * tombstone). With each presence write the user's history ({@link ReadModelKeys#history}, behind
 * {@code GET /users/me/history}) records the room, its title, topic and the user's role, and with each
 * departure the time the user left (the snapshot's last activity; a tombstone's: now).
 *
 * <p>Thread-safe; calls for one room must come in snapshot order from one thread at a time (one
 * writer per room, as the Streams task guarantees). Uses a standalone {@link RedisClient}; a
 * Redis Cluster deployment needs the cluster client behind the same scripts.
 */
public final class RedisReadModel implements AutoCloseable {

    /** Presence commands in flight at once per {@link #apply} (count). */
    private static final int PRESENCE_BATCH = 1_000;
    /** Arguments per ZADD/SADD inside the scripts (count; Lua's unpack stack is about 8,000). */
    private static final int SCRIPT_CHUNK = 1_000;

    private static final String STATUS_APPLIED = "APPLIED";
    private static final String STATUS_SAME = "SAME";
    private static final String STATUS_STALE = "STALE";
    private static final String STATUS_DELETED = "DELETED";
    /** Applied where Redis had no room hash (a new room, or Redis lost it): all presence is written. */
    private static final String STATUS_CREATED = "CREATED";

    /** Lua helpers shared by the room scripts: chunked variadic calls, the departed outbox. */
    private static final String LUA_HELPERS = """
            local function chunked(cmd, key, items)
              for s = 1, #items, %1$d do
                redis.call(cmd, key, unpack(items, s, math.min(s + %1$d - 1, #items)))
              end
            end
            local function departed_list(key)
              local out = {}
              for _, m in ipairs(redis.call('SMEMBERS', key)) do out[#out + 1] = m end
              return out
            end
            """.formatted(SCRIPT_CHUNK);

    /**
     * KEYS: hash, speakers, moderators, listeners, hand_raised, departed, live-public index. ARGV:
     * version, ttl ms, room id, live-public score (epoch ms, or empty: not listed), category index prefix,
     * category (empty: none), hash pair count, pairs, then for each sorted set: member count, (score,
     * member) pairs. The category index ({@link ReadModelKeys#livePublicRoomsOf}) is named by the script
     * from the prefix and the stored or new category (a topic change moves the room between two indices).
     * Returns {status, departed user ids...}.
     */
    private static final LuaScript APPLY_SCRIPT = new LuaScript(LUA_HELPERS + """
            local version = tonumber(ARGV[1])
            local ttl = ARGV[2]
            local stored = redis.call('HGET', KEYS[1], '%1$s')
            local status
            if stored and tonumber(stored) > version then
              status = '%3$s'
            elseif stored and tonumber(stored) == version then
              status = '%2$s'
            else
              status = stored and '%4$s' or '%5$s'
              local was = redis.call('HGET', KEYS[1], '%6$s')
              if was and was ~= ARGV[6] then redis.call('ZREM', ARGV[5] .. was, ARGV[3]) end
              local indices = {KEYS[7]}
              if ARGV[6] ~= '' then indices[2] = ARGV[5] .. ARGV[6] end
              for _, index in ipairs(indices) do
                if ARGV[4] == '' then
                  redis.call('ZREM', index, ARGV[3])
                else
                  redis.call('ZADD', index, ARGV[4], ARGV[3])
                  redis.call('PEXPIRE', index, ttl)
                end
              end
              local i = 7
              local n = tonumber(ARGV[i]); i = i + 1
              local hash = {}
              for j = 1, n * 2 do hash[j] = ARGV[i]; i = i + 1 end
              local sets = {}
              local present = {}
              for g = 1, 4 do
                n = tonumber(ARGV[i]); i = i + 1
                local items = {}
                for j = 1, n * 2 do items[j] = ARGV[i]; i = i + 1 end
                sets[g] = items
                if g <= 3 then
                  for j = 2, n * 2, 2 do present[items[j]] = true end
                end
              end
              local leavers = {}
              local seen = {}
              for g = 2, 4 do
                for _, m in ipairs(redis.call('ZRANGE', KEYS[g], 0, -1)) do
                  if not present[m] and not seen[m] then
                    seen[m] = true
                    leavers[#leavers + 1] = m
                  end
                end
              end
              for g = 1, 5 do redis.call('DEL', KEYS[g]) end
              redis.call('HSET', KEYS[1], unpack(hash))
              for g = 1, 4 do chunked('ZADD', KEYS[g + 1], sets[g]) end
              for g = 1, 5 do redis.call('PEXPIRE', KEYS[g], ttl) end
              local back = {}
              for _, m in ipairs(redis.call('SMEMBERS', KEYS[6])) do
                if present[m] then back[#back + 1] = m end
              end
              chunked('SREM', KEYS[6], back)
              chunked('SADD', KEYS[6], leavers)
              redis.call('PEXPIRE', KEYS[6], ttl)
            end
            local out = departed_list(KEYS[6])
            table.insert(out, 1, status)
            return out
            """.formatted(ReadModelKeys.VERSION, STATUS_SAME, STATUS_STALE, STATUS_APPLIED, STATUS_CREATED,
            ReadModelKeys.CATEGORY));

    /**
     * KEYS as {@link #APPLY_SCRIPT}; ARGV: ttl ms, room id, category index prefix. Returns {'DELETED',
     * departed user ids...}.
     */
    private static final LuaScript DELETE_SCRIPT = new LuaScript(LUA_HELPERS + """
            redis.call('ZREM', KEYS[7], ARGV[2])
            local was = redis.call('HGET', KEYS[1], '%2$s')
            if was then redis.call('ZREM', ARGV[3] .. was, ARGV[2]) end
            for g = 2, 4 do chunked('SADD', KEYS[6], redis.call('ZRANGE', KEYS[g], 0, -1)) end
            for g = 1, 5 do redis.call('DEL', KEYS[g]) end
            redis.call('PEXPIRE', KEYS[6], ARGV[1])
            local out = departed_list(KEYS[6])
            table.insert(out, 1, '%1$s')
            return out
            """.formatted(STATUS_DELETED, ReadModelKeys.CATEGORY));

    /**
     * KEYS: presence key. ARGV: roomId, role, joinedAt ms, ttl ms. Skips (0) if the key points to
     * another room joined later; else sets the three fields and the TTL (1).
     */
    private static final LuaScript SET_PRESENCE_SCRIPT = new LuaScript("""
            local cur = redis.call('HMGET', KEYS[1], '%1$s', '%3$s')
            if cur[1] and cur[1] ~= ARGV[1] and cur[2] and tonumber(cur[2]) > tonumber(ARGV[3]) then
              return 0
            end
            redis.call('HSET', KEYS[1], '%1$s', ARGV[1], '%2$s', ARGV[2], '%3$s', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """.formatted(ReadModelKeys.PRESENCE_ROOM_ID, ReadModelKeys.PRESENCE_ROLE,
            ReadModelKeys.PRESENCE_JOINED_AT));

    /** KEYS: presence key. ARGV: roomId. Deletes the key (1) only if it points to that room. */
    private static final LuaScript CLEAR_PRESENCE_SCRIPT = new LuaScript("""
            if redis.call('HGET', KEYS[1], '%s') == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """.formatted(ReadModelKeys.PRESENCE_ROOM_ID));

    /**
     * KEYS: history, history rooms. ARGV: roomId, joinedAt ms, title, topic ('' none), role, limit, ttl ms.
     * Records the room in the user's history (the leave time cleared: the user is in it) and drops the
     * oldest rooms over the limit.
     */
    private static final LuaScript SET_HISTORY_SCRIPT = new LuaScript("""
            local function field(room, suffix) return room .. '|' .. suffix end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('HSET', KEYS[2], field(ARGV[1], '%1$s'), ARGV[3], field(ARGV[1], '%3$s'), ARGV[5])
            if ARGV[4] == '' then
              redis.call('HDEL', KEYS[2], field(ARGV[1], '%2$s'))
            else
              redis.call('HSET', KEYS[2], field(ARGV[1], '%2$s'), ARGV[4])
            end
            redis.call('HDEL', KEYS[2], field(ARGV[1], '%4$s'))
            local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[6])
            if over > 0 then
              for _, r in ipairs(redis.call('ZRANGE', KEYS[1], 0, over - 1)) do
                redis.call('HDEL', KEYS[2], field(r, '%1$s'), field(r, '%2$s'), field(r, '%3$s'), field(r, '%4$s'))
              end
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[7])
            redis.call('PEXPIRE', KEYS[2], ARGV[7])
            return 1
            """.formatted(ReadModelKeys.HISTORY_TITLE, ReadModelKeys.HISTORY_TOPIC, ReadModelKeys.HISTORY_ROLE,
            ReadModelKeys.HISTORY_LEFT_AT));

    /** KEYS: history, history rooms. ARGV: roomId, left at ms. Marks the room left if it is in the history. */
    private static final LuaScript LEFT_HISTORY_SCRIPT = new LuaScript("""
            if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
              redis.call('HSET', KEYS[2], ARGV[1] .. '|%s', ARGV[2])
              return 1
            end
            return 0
            """.formatted(ReadModelKeys.HISTORY_LEFT_AT));

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> sync;
    private final RedisAsyncCommands<String, String> async;
    private final long idleExpiryMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PresenceWrites presenceWrites;

    /**
     * Connects.
     *
     * @param redisUri   Lettuce URI, e.g. {@code redis://127.0.0.1:6379}
     * @param idleExpiry TTL of every room and presence key, refreshed at each write (setting
     *                   {@code idleExpiry} of the room limits, default 24 h); at least 1 ms
     * @throws IllegalArgumentException if idleExpiry is below 1 ms or the URI is malformed
     * @throws RedisException           if Redis cannot be reached
     */
    public RedisReadModel(String redisUri, Duration idleExpiry) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(idleExpiry, "idleExpiry");
        if (idleExpiry.toMillis() < 1) {
            throw new IllegalArgumentException("idleExpiry must be at least 1 ms: " + idleExpiry);
        }
        this.idleExpiryMs = idleExpiry.toMillis();
        this.presenceWrites = new PresenceWrites(Math.max(1, idleExpiryMs / 2));
        this.client = RedisClient.create(redisUri);
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        this.sync = connection.sync();
        this.async = connection.async();
    }

    /**
     * Writes one record of the {@code room-state} topic.
     *
     * @param roomId         the record key
     * @param snapshotOrNull the room's snapshot, or null (tombstone: the room ended) to delete the
     *                       room's keys and the presence keys that still point to it
     * @throws IllegalArgumentException if the snapshot's roomId is not roomId, or the snapshot
     *                                  lists a user twice (nothing is written)
     * @throws RedisException           if Redis fails or times out; the room keys are then either
     *                                  fully replaced or untouched, and calling again finishes the
     *                                  presence updates
     */
    public void apply(String roomId, RoomSnapshot snapshotOrNull) {
        List<String> keys = new ArrayList<>(ReadModelKeys.allOfRoom(roomId));
        keys.add(ReadModelKeys.LIVE_PUBLIC_ROOMS);
        if (snapshotOrNull == null) {
            List<Object> reply = eval(DELETE_SCRIPT, keys, List.of(Long.toString(idleExpiryMs), roomId,
                ReadModelKeys.LIVE_PUBLIC_BY_CATEGORY));
            clearPresence(roomId, departed(reply), System.currentTimeMillis());
            presenceWrites.forget(roomId);
            return;
        }
        if (!roomId.equals(snapshotOrNull.getRoomId())) {
            throw new IllegalArgumentException("record key " + roomId + " is not the snapshot's room "
                    + snapshotOrNull.getRoomId());
        }
        RoomContent content = RoomReadModelWriter.contentOf(snapshotOrNull);
        List<Object> reply = eval(APPLY_SCRIPT, keys, applyArgs(content));
        String status = (String) reply.getFirst();
        clearPresence(roomId, departed(reply), snapshotOrNull.getLastActivityAt().toEpochMilli());
        if (STATUS_APPLIED.equals(status) || STATUS_SAME.equals(status) || STATUS_CREATED.equals(status)) {
            // SAME: this version was stored before; its presence writes may not have completed.
            long now = System.currentTimeMillis();
            PresenceWrites.Plan plan = presenceWrites.plan(roomId, content.presence(), !STATUS_APPLIED.equals(status), now);
            setPresence(content, plan.writes());
            presenceWrites.written(roomId, content.presence(), plan, now);
        }
    }

    /**
     * The room hash, for tests and health checks.
     *
     * @param roomId the room
     * @return the fields of {@code room:{roomId}}, or empty if the room has no hash
     * @throws RedisException if Redis fails
     */
    public Optional<Map<String, String>> roomHash(String roomId) {
        Map<String, String> hash = sync.hgetall(ReadModelKeys.room(roomId));
        return hash == null || hash.isEmpty() ? Optional.empty() : Optional.of(hash);
    }

    /** @return the marks of a projection into this read model, on its connection */
    public ProjectionMarks marks(String groupId) {
        return new RedisProjectionMarks(connection, groupId);
    }

    /** Closes the connection and the client; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            client.shutdown();
        }
    }

    private List<String> applyArgs(RoomContent content) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(content.version()));
        args.add(Long.toString(idleExpiryMs));
        args.add(content.roomId());
        args.add(content.livePublicSinceMs() == null ? "" : Long.toString(content.livePublicSinceMs()));
        args.add(ReadModelKeys.LIVE_PUBLIC_BY_CATEGORY);
        args.add(content.hash().getOrDefault(ReadModelKeys.CATEGORY, ""));
        args.add(Integer.toString(content.hash().size()));
        content.hash().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        for (List<RoomContent.Member> set : List.of(content.speakers(), content.moderators(), content.listeners(),
                content.handRaised())) {
            args.add(Integer.toString(set.size()));
            for (RoomContent.Member m : set) {
                args.add(Long.toString(m.scoreMs()));
                args.add(m.userId());
            }
        }
        return args;
    }

    private static List<String> departed(List<Object> reply) {
        List<String> users = new ArrayList<>(reply.size() - 1);
        for (Object o : reply.subList(1, reply.size())) {
            users.add((String) o);
        }
        return users;
    }

    /** Deletes the presence of departed users that still points to roomId, then empties the outbox. */
    private void clearPresence(String roomId, List<String> departed, long leftAtMs) {
        if (departed.isEmpty()) {
            return;
        }
        runPipelined(departed.size(), i -> CLEAR_PRESENCE_SCRIPT.runAsync(async, ScriptOutputType.INTEGER,
                new String[] {ReadModelKeys.presence(departed.get(i))}, roomId));
        runPipelined(departed.size(), i -> LEFT_HISTORY_SCRIPT.runAsync(async, ScriptOutputType.INTEGER,
                new String[] {ReadModelKeys.history(departed.get(i)), ReadModelKeys.historyRooms(departed.get(i))},
                roomId, Long.toString(leftAtMs)));
        for (int from = 0; from < departed.size(); from += PRESENCE_BATCH) {
            List<String> chunk = departed.subList(from, Math.min(from + PRESENCE_BATCH, departed.size()));
            sync.srem(ReadModelKeys.departed(roomId), chunk.toArray(String[]::new));
        }
    }

    private void setPresence(RoomContent content, List<RoomContent.Presence> presence) {
        String roomId = content.roomId();
        String ttl = Long.toString(idleExpiryMs);
        runPipelined(presence.size(), i -> {
            RoomContent.Presence p = presence.get(i);
            return SET_PRESENCE_SCRIPT.runAsync(async, ScriptOutputType.INTEGER,
                    new String[] {ReadModelKeys.presence(p.userId())}, roomId, p.role().name(),
                    Long.toString(p.joinedAtMs()), ttl);
        });
        String title = content.hash().get(ReadModelKeys.TITLE);
        String topic = content.hash().getOrDefault(ReadModelKeys.TOPIC, "");
        String limit = Integer.toString(ReadModelKeys.HISTORY_LIMIT);
        String historyTtl = Long.toString(ReadModelKeys.HISTORY_TTL_MS);
        runPipelined(presence.size(), i -> {
            RoomContent.Presence p = presence.get(i);
            return SET_HISTORY_SCRIPT.runAsync(async, ScriptOutputType.INTEGER,
                    new String[] {ReadModelKeys.history(p.userId()), ReadModelKeys.historyRooms(p.userId())}, roomId,
                    Long.toString(p.joinedAtMs()), title, topic, p.role().name(), limit, historyTtl);
        });
    }

    private interface Command {
        CompletionStage<?> send(int index);
    }

    /**
     * Sends commands 0..count-1 without waiting for each answer (at most {@link #PRESENCE_BATCH}
     * in flight); a script Redis lost (restart, SCRIPT FLUSH) is sent again by {@link LuaScript}.
     */
    private void runPipelined(int count, Command command) {
        for (int from = 0; from < count; from += PRESENCE_BATCH) {
            awaitAll(from, Math.min(from + PRESENCE_BATCH, count), command);
        }
    }

    private void awaitAll(int from, int to, Command command) {
        List<CompletableFuture<?>> futures = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            futures.add(command.send(i).toCompletableFuture());
        }
        long timeoutMs = connection.getTimeout().toMillis();
        RedisException first = null;
        for (CompletableFuture<?> f : futures) {
            try {
                f.get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                RedisException failure = e.getCause() instanceof RedisException re
                        ? re : new RedisException(e.getCause());
                if (first == null) {
                    first = failure;
                }
            } catch (TimeoutException e) {
                throw new RedisException("presence write timed out after " + timeoutMs + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while writing presence", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private List<Object> eval(LuaScript script, List<String> keys, List<String> args) {
        return script.run(sync, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new));
    }
}
