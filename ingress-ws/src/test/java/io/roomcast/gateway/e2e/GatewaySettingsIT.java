package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.gateway.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running gateway announces the protocol settings it was started with (application.yml overridden). */
@IntegrationTest
class GatewaySettingsIT {

    @Test
    void helloAnnouncesTheConfiguredHeartbeatIntervalAndFrameLimit(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                                                   RedisServer redis) throws Exception {
        try (TestGateway gateway = TestGateway.start(kafka, registry, redis, Map.of(
                "roomcast.gateway.protocol.heartbeat-interval", "7s",
                "roomcast.gateway.protocol.max-frame-bytes", "4096"))) {
            RecordingClient client = RecordingClient.connect(RecordingClient.webSocketUrl(gateway.url()));
            JsonNode hello = client.expect(op("HELLO"));
            assertThat(hello.path("heartbeat_interval_ms").asLong()).isEqualTo(7_000);
            assertThat(hello.path("max_frame_bytes").asInt()).isEqualTo(4_096);
        }
    }
}
