package io.roomcast.gateway;

import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;

/**
 * room-state-stream in its own JVM (from its module build) on the test kit's broker, registry and
 * Redis, for the end-to-end tests that need rooms to be decided for real. Its state and log go under
 * {@code target/<name>/}; its Streams application id is {@code name}, so each test class has its own.
 */
public final class RoomStateService {
    private RoomStateService() {
    }

    /**
     * @param name a name unique to this test run (application id, state and log folder)
     * @return the running service; close it after the gateways
     */
    public static ServiceProcess start(String name, EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                       RedisServer redis) {
        int port = Ports.free();
        return ServiceProcess.start("room-state-stream", Path.of("..", "room-state-stream").toAbsolutePath(),
            "io.roomcast.roomstate.Application", port, Map.of(
                "micronaut.application.name", name,
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "roomcast.registry-url", registry.registryApiUrl(),
                "roomcast.redis-uri", redis.uri(),
                "kafka.streams.default.state.dir", Path.of("target", name).toAbsolutePath().toString(),
                "kafka.streams.default.application.server", "localhost:" + port),
            Path.of("target", name, "room-state-stream.log"));
    }
}
