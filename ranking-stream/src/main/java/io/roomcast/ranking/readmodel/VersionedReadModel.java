package io.roomcast.ranking.readmodel;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RecordText;
import io.roomcast.schemas.redis.LuaScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Redis hash per key of a compacted topic, holding the newest record of that key:
 * {@value ReadModelKeys#VERSION} (the record's version) and one field with the record as {@link RecordText}.
 * Used for room stats ({@code room-stats:{roomId}}, field {@value ReadModelKeys#STATS}, read by the gateway's
 * {@code GET /rooms/{id}/stats}) and hallways ({@code hallway:{userId}}, field {@value ReadModelKeys#RANKING},
 * read by {@code GET /hallway}).
 *
 * <p>{@link #write} is idempotent and replay-safe: a record whose version is not above the stored one changes
 * nothing (one Lua script: compare and set, atomic), so a re-delivered batch or a replay of the topic leaves
 * the newest record. Every write sets the key's TTL to {@code expiry}. With a {@link ScoredIndex}, the same
 * script scores or removes the key in that sorted set (standalone Redis; on Cluster the index is in another
 * slot and needs its own write). Thread-safe.
 *
 * @param <V> the topic's value class
 */
public final class VersionedReadModel<V extends SpecificRecord> {
    /** KEYS: hash[, index]. ARGV: version field, version, field, text, ttl ms[, member, score or '' to leave]. */
    private static final LuaScript WRITE = new LuaScript("""
            local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
            if stored >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            if KEYS[2] then
              if ARGV[7] == '' then
                redis.call('ZREM', KEYS[2], ARGV[6])
              else
                redis.call('ZADD', KEYS[2], ARGV[7], ARGV[6])
              end
            end
            return 1
            """);

    /**
     * A sorted set kept beside the hashes in the same script: each key's member is scored by its newest
     * record, or removed.
     *
     * @param key   the sorted set, from {@link ReadModelKeys}
     * @param score the record's score, or null to take the key out of the index (a tombstone always does)
     * @param <V>   the topic's value class
     */
    public record ScoredIndex<V>(String key, Function<V, Long> score) {
    }

    private final StatefulRedisConnection<String, String> connection;
    private final Function<String, String> redisKey;
    private final String field;
    private final ToLongFunction<V> version;
    private final RecordText<V> text;
    private final Duration expiry;
    private final ScoredIndex<V> index;

    /**
     * @param connection a Redis connection (owned by the caller)
     * @param redisKey   the record key's Redis key, from {@link ReadModelKeys}
     * @param field      the hash field of the record's text
     * @param version    the record's version (increasing per key)
     * @param expiry     TTL of a key after its last write
     * @param index      a sorted set of the keys kept with the hashes, or null for none
     */
    public VersionedReadModel(StatefulRedisConnection<String, String> connection, Function<String, String> redisKey,
                              String field, ToLongFunction<V> version, Class<V> type, Duration expiry,
                              ScoredIndex<V> index) {
        this.connection = connection;
        this.redisKey = redisKey;
        this.field = field;
        this.version = version;
        this.text = new RecordText<>(type);
        this.expiry = expiry;
        this.index = index;
    }

    /**
     * Stores a key's record unless Redis holds the same or a newer version; a tombstone (null) removes it.
     *
     * @return true if written (or removed), false for a record not newer than the stored one
     * @throws io.lettuce.core.RedisException when Redis fails
     */
    public boolean write(String key, V value) {
        String hash = redisKey.apply(key);
        if (value == null) {
            boolean removed = connection.sync().del(hash) > 0;
            return index == null ? removed : connection.sync().zrem(index.key(), key) > 0 || removed;
        }
        List<String> keys = index == null ? List.of(hash) : List.of(hash, index.key());
        List<String> args = new ArrayList<>(List.of(ReadModelKeys.VERSION, Long.toString(version.applyAsLong(value)),
            field, text.encode(value), Long.toString(expiry.toMillis())));
        if (index != null) {
            Long score = index.score().apply(value);
            args.add(key);
            args.add(score == null ? "" : Long.toString(score));
        }
        Long written = WRITE.run(connection.sync(), ScriptOutputType.INTEGER, keys.toArray(String[]::new),
            args.toArray(String[]::new));
        return written == 1;
    }
}
