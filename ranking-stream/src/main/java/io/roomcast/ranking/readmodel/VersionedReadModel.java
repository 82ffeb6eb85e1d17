package io.roomcast.ranking.readmodel;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RecordText;
import io.roomcast.schemas.redis.LuaScript;
import java.time.Duration;
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
 * the newest record. Every write sets the key's TTL to {@code expiry}. Thread-safe.
 *
 * @param <V> the topic's value class
 */
public final class VersionedReadModel<V extends SpecificRecord> {
    private static final LuaScript WRITE = new LuaScript("""
            local stored = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
            if stored >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """);

    private final StatefulRedisConnection<String, String> connection;
    private final Function<String, String> redisKey;
    private final String field;
    private final ToLongFunction<V> version;
    private final RecordText<V> text;
    private final Duration expiry;

    /**
     * @param connection a Redis connection (owned by the caller)
     * @param redisKey   the record key's Redis key, from {@link ReadModelKeys}
     * @param field      the hash field of the record's text
     * @param version    the record's version (increasing per key)
     * @param expiry     TTL of a key after its last write
     */
    public VersionedReadModel(StatefulRedisConnection<String, String> connection, Function<String, String> redisKey,
                              String field, ToLongFunction<V> version, Class<V> type, Duration expiry) {
        this.connection = connection;
        this.redisKey = redisKey;
        this.field = field;
        this.version = version;
        this.text = new RecordText<>(type);
        this.expiry = expiry;
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
            return connection.sync().del(hash) > 0;
        }
        Long written = WRITE.run(connection.sync(), ScriptOutputType.INTEGER, new String[] {hash},
            ReadModelKeys.VERSION, Long.toString(version.applyAsLong(value)), field, text.encode(value),
            Long.toString(expiry.toMillis()));
        return written == 1;
    }
}
