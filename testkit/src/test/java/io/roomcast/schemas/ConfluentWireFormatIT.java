package io.roomcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.WireFormatReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * What an analytics team sees: bytes on a topic in the Confluent wire format, decodable with only the
 * registry's Confluent-compatible API and a plain Avro generic reader ({@link WireFormatReader}), no Roomcast class.
 */
@IntegrationTest
class ConfluentWireFormatIT {
    @Test
    void aFactOnRoomEventsDecodesWithTheRegistryAndAGenericReader(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        Topic<String, RoomEvent> topic = Topics.ROOM_EVENTS;
        RoomEvent joined = RoomEvent.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(Instant.ofEpochMilli(1_795_000_000_000L))
            .setRoomId("wire-room")
            .setUserId("alice")
            .setNonce("n-1")
            .setFact(new ParticipantJoined("alice", Role.LISTENER))
            .build();

        byte[] bytes = produceAndReadRaw(kafka, registry, topic, joined);

        // Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary.
        assertThat(bytes[0]).isZero();
        int schemaId = WireFormatReader.schemaId(bytes);
        WireFormatReader reader = new WireFormatReader(registry.ccompatUrl());
        GenericRecord decoded = reader.decode(bytes);

        assertThat(decoded.get("roomId")).hasToString("wire-room");
        assertThat(decoded.get("userId")).hasToString("alice");
        assertThat(decoded.get("nonce")).hasToString("n-1");
        assertThat(decoded.get("eventId")).hasToString(joined.getEventId().toString());
        assertThat(decoded.get("occurredAt")).isEqualTo(1_795_000_000_000L);
        GenericRecord fact = (GenericRecord) decoded.get("fact");
        assertThat(fact.getSchema().getName()).isEqualTo("ParticipantJoined");
        assertThat(fact.get("participantId")).hasToString("alice");
        assertThat(fact.get("role")).hasToString("LISTENER");
        // The id is the one the subject <topic>-value lists, as Confluent clients expect.
        assertThat(reader.get("/subjects/room-events-value/versions/latest").path("id").asInt())
            .isEqualTo(schemaId);
        // Producing registered nothing of its own (no per-record subjects, no new version).
        assertThat(reader.get("/subjects")).extracting(JsonNode::asText)
            .noneMatch(subject -> subject.startsWith("io.roomcast"));
        assertThat(reader.get("/subjects/room-events-value/versions")).hasSize(1);
    }

    private static byte[] produceAndReadRaw(EmbeddedKafka kafka, SchemaRegistryProcess registry,
                                            Topic<String, RoomEvent> topic, RoomEvent event) throws Exception {
        try (Serde<String> keys = EventSerdes.key(topic);
             Serde<RoomEvent> values = EventSerdes.value(topic, EventSerdes.config(registry.registryApiUrl()));
             KafkaProducer<String, RoomEvent> producer = new KafkaProducer<>(
                 Map.of("bootstrap.servers", kafka.bootstrapServers()), keys.serializer(), values.serializer())) {
            var sent = producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(event), event)).get();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                     Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
                consumer.assign(List.of(partition));
                consumer.seek(partition, sent.offset());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() == sent.offset()) {
                            return record.value();
                        }
                    }
                }
            }
        }
        throw new AssertionError("the produced record did not come back within 30 s");
    }
}
