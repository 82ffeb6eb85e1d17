package io.roomcast.media.service;

import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.RoomEvent;
import io.roomcast.testkit.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Media edges as running services in this JVM, and the facts and payloads the edge ITs send them. */
final class Edges {
    private Edges() {
    }

    /**
     * Starts an edge on the test kit's servers: UDP on 127.0.0.1, any free port; HTTP on a free port.
     * Returns once it is healthy (registered in Redis, following room facts), as a deployment waits on
     * {@code /health} before sending it participants.
     *
     * @param settings more settings, overriding these
     */
    static ApplicationContext start(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                    String edgeId, Map<String, Object> settings) {
        ApplicationContext context = run(kafka, registry, redisUri, edgeId, settings);
        MediaEdge edge = context.getBean(MediaEdge.class);
        await().atMost(Duration.ofSeconds(30)).until(edge::healthy);
        return context;
    }

    /** As {@link #start}, without waiting for the edge to be healthy. */
    static ApplicationContext run(EmbeddedKafka kafka, SchemaRegistryProcess registry, String redisUri,
                                  String edgeId, Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(Map.of(
            "micronaut.server.port", Ports.free(),
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "roomcast.registry-url", registry.registryApiUrl(),
            "roomcast.redis-uri", redisUri,
            "roomcast.media.edge-id", edgeId,
            "roomcast.media.udp-host", "127.0.0.1",
            "roomcast.media.udp-port", 0));
        config.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, config).getApplicationContext();
    }

    /** A room-events fact of {@code room} now, without room version. */
    static RoomEvent fact(String room, Object payload) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(room)
            .setFact(payload).build();
    }

    /** {@code length} bytes derived from {@code seed}: distinct packets are distinguishable. */
    static byte[] payload(int seed, int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (seed * 31 + i);
        }
        return payload;
    }
}
