package io.roomcast.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway node in the test JVM (Micronaut's embedded server on a free port) wired to the test
 * kit's broker, registry and Redis, with dev tokens enabled; {@code settings} add to or override
 * that (e.g. {@code roomcast.redis-uri} with a database of its own, a node id, a limit).
 */
public final class TestGateway implements AutoCloseable {
    private final ApplicationContext context;
    private final int port;

    private TestGateway(ApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    public static TestGateway start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis,
                                    Map<String, Object> settings) {
        int port = Ports.free();
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", port);
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("roomcast.registry-url", registry.registryApiUrl());
        config.put("roomcast.redis-uri", redis.uri());
        config.put("roomcast.gateway.dev-tokens.enabled", true);
        config.putAll(settings);
        return new TestGateway(ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext(), port);
    }

    public int port() {
        return port;
    }

    /** {@code http://localhost:<port>} */
    public String url() {
        return "http://localhost:" + port;
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
