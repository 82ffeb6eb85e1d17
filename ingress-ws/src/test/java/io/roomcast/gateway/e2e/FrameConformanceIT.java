package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.TestGateway;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Frames RFC 6455 says to fail the connection for (issue 11, A23, A32, A34) close it with the RFC's
 * status, never reach the session protocol (no READY), and leave the gateway serving others; a
 * half-sent upgrade is closed after the upgrade timeout (A68).
 */
@IntegrationTest
class FrameConformanceIT {
    private static TestGateway gateway;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-frames",
            "roomcast.gateway.protocol.upgrade-timeout", "1s"));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Issue 11, A68: a half-sent upgrade request (slowloris) is closed after the upgrade timeout. */
    @Test
    void aHalfSentUpgradeRequestIsClosedAfterTheUpgradeTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(socket.getInputStream().read()).as("closed by the server, nothing answered").isEqualTo(-1);
        }
    }

    /** No extension is negotiated (docs/protocol.md): a permessage-deflate offer (RFC 7692) is declined, and text flows. */
    @Test
    void aPermessageDeflateOfferIsDeclined() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(gateway.port(),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
            assertThat(ws.upgradeAnswer().toLowerCase(java.util.Locale.ROOT)).doesNotContain("sec-websocket-extensions");
            assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).contains("HELLO");
            ws.send(RawWebSocket.TEXT, 0, "{\"op\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).contains("HEARTBEAT_ACK");
        }
    }

    @ParameterizedTest(name = "{0} -> close {3}")
    @CsvSource({
        "binary IDENTIFY (RFC 6455 section 7.4.1), 2, 0, 1003",
        "text with RSV1 and no extension negotiated (section 5.2), 1, 64, 1002",
        "text that is not UTF-8 (section 8.1), 1, 0, 1007"})
    void isRefusedWithTheRfcsCloseStatus(String what, int opcode, int flags, int expectedClose) throws Exception {
        byte[] identify = "{\"op\":\"IDENTIFY\",\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = expectedClose == 1007 ? new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'} : identify;
        try (RawWebSocket ws = new RawWebSocket(gateway.port())) {
            RawWebSocket.Frame hello = ws.read();
            assertThat(new String(hello.payload(), StandardCharsets.UTF_8)).contains("HELLO");

            ws.send(opcode, flags, payload);
            RawWebSocket.Frame close = ws.readUntilClose();

            assertThat(close.closeCode()).as(what).isEqualTo(expectedClose);
        }
        RecordingClient next = RecordingClient.connect(RecordingClient.webSocketUrl(gateway.url()));
        assertThat(next.expect(op("HELLO"))).as("the gateway serves the next client").isNotNull();
    }
}
