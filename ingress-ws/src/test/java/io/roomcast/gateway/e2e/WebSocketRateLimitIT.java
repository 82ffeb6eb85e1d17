package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.RoomCommandsConsumer;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-user rate limits of WebSocket commands on a running gateway with the real broker, registry
 * and Redis: a command over its limit gets ERROR 4008 {@code rate_limited} with {@code retry_after_ms}
 * for its nonce, never reaches room-commands, and the session keeps running. The limits are the
 * defaults (20 commands, 10 joins per window) with the command window lengthened to 1 h, so the
 * test does not depend on how fast this machine sends 21 frames.
 */
@IntegrationTest
class WebSocketRateLimitIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String ROOM = "limited-" + RUN;
    private static TestGateway gateway;
    private static int port;
    private static KafkaConsumer<String, RoomCommand> commands;
    private static final Set<String> published = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.rate-limits.command.window", "1h"));
        port = gateway.port();
        commands = RoomCommandsConsumer.subscribe(kafka.bootstrapServers(), registry.registryApiUrl(), "ws-rate-limit-it-" + RUN);
    }

    @AfterAll
    static void stop() {
        if (commands != null) {
            commands.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void the21stCommandIsRateLimitedWithRetryAfterAndNeverPublished() throws Exception {
        String user = "chatty-" + RUN;
        RecordingClient client = identified(user);
        for (int i = 1; i <= 21; i++) {
            client.send("op", "raise_hand", "room", ROOM, "nonce", "c" + i);
        }
        JsonNode refused = client.expect(f -> op("ERROR").test(f) && f.path("nonce").asText().equals("c21"));
        assertThat(refused.path("code").asInt()).isEqualTo(4008);
        assertThat(refused.path("error").asText()).isEqualTo("rate_limited");
        assertThat(refused.path("retry_after_ms").asLong()).isBetween(1L, Duration.ofHours(1).toMillis());
        assertThat(client.frames().stream().filter(op("ERROR")).count()).as("only the 21st is refused").isEqualTo(1);

        // A later command of another user in the same room (same partition, same producer) marks the
        // point by which the 21st would have been published.
        identified("marker-" + RUN).send("op", "raise_hand", "room", ROOM, "nonce", "marker");
        awaitPublished(user + "/c20", "marker-" + RUN + "/marker");
        assertThat(published).contains(user + "/c1").doesNotContain(user + "/c21");

        client.send("op", "HEARTBEAT");
        client.expect(op("HEARTBEAT_ACK"));
        assertThat(client.closed()).as("the session keeps running").isNotDone();
    }

    @Test
    void the11thJoinInAMinuteIsRateLimitedAndNeverPublished() throws Exception {
        String user = "hopper-" + RUN;
        RecordingClient client = identified(user);
        for (int i = 1; i <= 11; i++) {
            client.send("op", "join", "room", ROOM + "-" + i, "nonce", "j" + i);
        }
        JsonNode refused = client.expect(f -> op("ERROR").test(f) && f.path("nonce").asText().equals("j11"));
        assertThat(refused.path("error").asText()).isEqualTo("rate_limited");
        assertThat(refused.path("message").asText()).contains("join");
        assertThat(refused.path("retry_after_ms").asLong()).isBetween(1L, Duration.ofMinutes(1).toMillis());

        identified("marker2-" + RUN).send("op", "join", "room", ROOM + "-11", "nonce", "marker");
        awaitPublished(user + "/j10", "marker2-" + RUN + "/marker");
        assertThat(published).doesNotContain(user + "/j11");
        assertThat(client.closed()).isNotDone();
    }

    /** Polls room-commands until every (user/nonce) given has been published. */
    private static void awaitPublished(String... userSlashNonce) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            commands.poll(Duration.ofMillis(200)).forEach(r -> published.add(r.value().getUserId() + "/" + r.value().getNonce()));
            return published.containsAll(List.of(userSlashNonce));
        });
    }

    private static RecordingClient identified(String user) throws Exception {
        return RecordingClient.identified("http://localhost:" + port, user);
    }
}
