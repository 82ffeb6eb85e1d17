package io.roomcast.schemas.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.projection.ProjectionMarks;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link ProjectionMarks} in Redis: key {@link ReadModelKeys#projected(String, int)} per partition, value {@code 1},
 * no TTL. One {@code MGET} per check. Throws Lettuce's {@code RedisException} when Redis cannot be asked.
 */
public final class RedisProjectionMarks implements ProjectionMarks {
    private final StatefulRedisConnection<String, String> connection;
    private final String groupId;

    /** @param groupId the projector's consumer group: marks are per group, so each projection rebuilds its own */
    public RedisProjectionMarks(StatefulRedisConnection<String, String> connection, String groupId) {
        this.connection = connection;
        this.groupId = groupId;
    }

    @Override
    public Set<Integer> missing(Collection<Integer> partitions) {
        List<Integer> ordered = List.copyOf(partitions);
        List<KeyValue<String, String>> values = connection.sync().mget(
            ordered.stream().map(p -> ReadModelKeys.projected(groupId, p)).toArray(String[]::new));
        Set<Integer> missing = new HashSet<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (!values.get(i).hasValue()) {
                missing.add(ordered.get(i));
            }
        }
        return missing;
    }

    @Override
    public void mark(int partition) {
        connection.sync().set(ReadModelKeys.projected(groupId, partition), "1");
    }
}
