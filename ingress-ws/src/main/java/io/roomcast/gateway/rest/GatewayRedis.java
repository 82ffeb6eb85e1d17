package io.roomcast.gateway.rest;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The gateway's Redis connection (one multiplexed Lettuce connection, thread-safe), used by the
 * REST read model reader and the rate limiter. Setting {@code roomcast.redis-uri}. Connects on first
 * use of the bean; closed with the application context.
 *
 * <p>Standalone Redis; a Redis Cluster deployment needs the cluster client behind the same calls
 * (every key this package reads of one room, or one user's rate-limit counters, share a hash slot).
 */
@Singleton
public final class GatewayRedis implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    /**
     * @param redisUri Lettuce URI, e.g. {@code redis://127.0.0.1:6379}
     * @throws io.lettuce.core.RedisException if Redis cannot be reached
     */
    public GatewayRedis(@Value("${roomcast.redis-uri}") String redisUri) {
        this.client = RedisClient.create(redisUri);
        try {
            this.connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** @return blocking commands (one round trip per call) */
    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** @return non-blocking commands */
    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** Closes the connection and the client. */
    @PreDestroy
    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
