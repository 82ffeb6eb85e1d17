package io.roomcast.servers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.GuardedDecoder;
import io.roomcast.schemas.validation.RecordValidator;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record whose schema id is new arrives while the real schema registry is down: the decoder waits
 * for the registry and decodes the record once it is back, instead of refusing it as an unknown schema
 * (which dead-lettered valid records when the registry timed out).
 */
class RegistryOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRecordReadWhileTheRegistryIsDownIsDecodedWhenItIsBack() throws Exception {
        int port = Ports.free();
        String subject = Topics.PRESENCE_HEARTBEATS.valueSubject();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("kafka"), Ports.free(), Ports.free(),
                dir.resolve("kafka.log"))) {
            int id;
            // Schemas kept in Kafka (kafkasql), as on the platform: they survive the registry's restart.
            try (SchemaRegistryProcess registry = SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(), port,
                    broker.bootstrapServers(), dir.resolve("registry-1.log"))) {
                id = register(registry, subject);
            }
            PresenceHeartbeat heartbeat = PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(1_000)).setUserId("alice").setRoomId("r-1").setSessionId("s-1")
                .setClientTime(Instant.ofEpochMilli(990)).setGatewayNode("gw-1").build();
            GuardedDecoder<PresenceHeartbeat> decoder = new GuardedDecoder<>(Topics.PRESENCE_HEARTBEATS,
                new RegistryWriterSchemas("http://127.0.0.1:" + port + "/apis/registry/v3", Duration.ofMinutes(3)),
                RecordValidator.DEFAULT);

            // The registry is down: the lookup waits (before, it answered "unknown schema" at once).
            CompletableFuture<GuardedDecoder.Result<PresenceHeartbeat>> decoded =
                CompletableFuture.supplyAsync(() -> decoder.decode(wire(id, heartbeat)));
            assertThat(decoded).isNotDone();

            try (SchemaRegistryProcess again = SchemaRegistryProcess.start(SchemaRegistryProcess.defaultDistDir(), port,
                    broker.bootstrapServers(), dir.resolve("registry-2.log"))) {
                GuardedDecoder.Result<PresenceHeartbeat> result = decoded.get(3, TimeUnit.MINUTES);
                assertThat(result.rejection()).isNull();
                assertThat(result.value()).isEqualTo(heartbeat);
            }
        }
    }

    /** Registers the topic's schema under its subject (Confluent API, POST /subjects/{subject}/versions). */
    private static int register(SchemaRegistryProcess registry, String subject) throws Exception {
        String body = JSON.writeValueAsString(Map.of("schema", Topics.PRESENCE_HEARTBEATS.valueSchema().toString()));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    /** The Confluent wire format: magic byte 0, the 4-byte schema id, the Avro binary. */
    private static byte[] wire(int id, PresenceHeartbeat value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(PresenceHeartbeat.class).write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
