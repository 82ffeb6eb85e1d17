package io.roomcast.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.CommandRejected;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.FanoutMetrics;
import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.fanout.PartitionInterest;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The gateway's room-events feed on the real broker and registry: only interesting partitions, in order, each fact once. */
@IntegrationTest
class FactFeedIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void factsOfAJoinedRoomReachItsSessionsInOrderAndCommandResultsOnlyTheirSender(
            EmbeddedKafka kafka, SchemaRegistryProcess registry) throws Exception {
        Map<String, Object> serdes = EventSerdes.config(registry.registryApiUrl());
        String room = "feed-room-" + UUID.randomUUID();
        PartitionInterest interest = new PartitionInterest(FactFeed::partitionOf);
        Fanout fanout = new Fanout(Fanout.Settings.DEFAULT, System::currentTimeMillis, FanoutMetrics.NONE, interest);
        SessionOutbox alice = new SessionOutbox("s-alice", "user-s-alice", SessionOutbox.Limits.DEFAULT, SessionOutbox.NO_LISTENER);
        SessionOutbox bob = new SessionOutbox("s-bob", "user-s-bob", SessionOutbox.Limits.DEFAULT, SessionOutbox.NO_LISTENER);

        try (FactFeed feed = new FactFeed(kafka.bootstrapServers(), serdes, fanout, interest,
                 new FrameCodec(ProtocolSettings.defaults()), Duration.ofMinutes(2), Duration.ofMillis(10));
             KafkaProducer<String, RoomEvent> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                 EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer())) {
            fanout.beginJoin(alice, room);
            fanout.beginJoin(bob, room);
            fanout.join(alice, room, 0);
            fanout.join(bob, room, 0);
            await().atMost(Duration.ofSeconds(10))
                .until(() -> feed.assignedPartitions().equals(java.util.Set.of(FactFeed.partitionOf(room))));

            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room,
                    fact(room, "user-" + i, i, new ParticipantJoined("user-" + i, Role.LISTENER), "n" + i, null)));
            }
            producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, fact(room, "alice", 5,
                new CommandRejected("RaiseHand", RejectionReason.NOT_IN_ROOM, "not in room", "s-alice"), "n-alice", "s-alice")));
            producer.flush();

            List<JsonNode> forAlice = drain(alice, 6);
            List<JsonNode> forBob = drain(bob, 5);
            assertThat(forAlice.subList(0, 5)).extracting(f -> f.path("data").path("participant_id").asText())
                .containsExactly("user-1", "user-2", "user-3", "user-4", "user-5");
            assertThat(forAlice.subList(0, 5)).extracting(f -> f.path("seq").asLong()).isSorted();
            assertThat(forAlice.get(5).path("op").asText()).isEqualTo("COMMAND_RESULT");
            assertThat(forAlice.get(5).path("reason").asText()).isEqualTo("not_in_room");
            assertThat(forBob).extracting(f -> f.path("op").asText()).containsOnly("DISPATCH");
            assertThat(bob.poll()).as("bob gets no one else's command result").isNull();
            assertThat(feed.undecodable()).isZero();
        }
    }

    /**
     * Issue 11's poison records on room-events (a 13-byte record declaring a 2 GB string, bytes that are not
     * Avro, another topic's schema): each skipped and counted, never allocated, and the fact after them delivered.
     */
    @Test
    void poisonRecordsAreSkippedAndTheFactAfterThemIsDelivered(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        Map<String, Object> serdes = EventSerdes.config(registry.registryApiUrl());
        String room = "feed-poison-" + UUID.randomUUID();
        PartitionInterest interest = new PartitionInterest(FactFeed::partitionOf);
        Fanout fanout = new Fanout(Fanout.Settings.DEFAULT, System::currentTimeMillis, FanoutMetrics.NONE, interest);
        SessionOutbox carol = new SessionOutbox("s-carol", "user-s-carol", SessionOutbox.Limits.DEFAULT, SessionOutbox.NO_LISTENER);
        byte[] valid = EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer().serialize(Topics.ROOM_EVENTS.name(),
            fact(room, "user-1", 1, new ParticipantJoined("user-1", Role.LISTENER), "n1", null));
        byte[] bomb = java.nio.ByteBuffer.allocate(13).put(java.util.Arrays.copyOf(valid, 5))
            .put(new byte[] {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e}) // zig-zag varint of 2,000,000,000
            .put("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).array();
        byte[] otherSchema = EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdes).serializer().serialize(
            Topics.PRESENCE_HEARTBEATS.name(), io.roomcast.events.PresenceHeartbeat.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId("mallory").setRoomId(room)
                .setSessionId("s").setClientTime(null).setGatewayNode("x").build());
        try (FactFeed feed = new FactFeed(kafka.bootstrapServers(), serdes, fanout, interest,
                 new FrameCodec(ProtocolSettings.defaults()), Duration.ofMinutes(2), Duration.ofMillis(10));
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                 new org.apache.kafka.common.serialization.StringSerializer(),
                 new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            fanout.beginJoin(carol, room);
            fanout.join(carol, room, 0);
            await().atMost(Duration.ofSeconds(10))
                .until(() -> feed.assignedPartitions().equals(java.util.Set.of(FactFeed.partitionOf(room))));
            for (byte[] poison : List.of(bomb, "{not avro}".getBytes(java.nio.charset.StandardCharsets.UTF_8), otherSchema)) {
                raw.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, poison));
            }
            raw.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), room, valid)).get();

            List<JsonNode> frames = drain(carol, 1);
            assertThat(frames).extracting(f -> f.path("data").path("participant_id").asText()).containsExactly("user-1");
            assertThat(feed.undecodable()).isEqualTo(3);
        }
    }

    private static List<JsonNode> drain(SessionOutbox outbox, int count) throws Exception {
        List<Frame> frames = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            outbox.drainTo(frames, 100);
            return frames.size() >= count;
        });
        List<JsonNode> parsed = new ArrayList<>();
        for (Frame f : frames) {
            parsed.add(JSON.readTree(((io.roomcast.gateway.ws.Outgoing) f.payload()).text()));
        }
        return parsed;
    }

    private static RoomEvent fact(String room, String actor, long version, Object payload, String nonce, String session) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(room)
            .setUserId(actor).setNonce(nonce).setCommandId(UUID.randomUUID().toString()).setRoomVersion(version)
            .setFact(payload).build();
    }
}
