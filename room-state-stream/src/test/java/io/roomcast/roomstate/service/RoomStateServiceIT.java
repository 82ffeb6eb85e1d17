package io.roomcast.roomstate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.events.*;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * room-state-stream as a running service (Micronaut context in this JVM) on the real broker,
 * registry and Redis: commands in -> facts, snapshots, Redis keys and GET /rooms/{id}; presence
 * expiry; a poison pill to the dead-letter topic while processing goes on; metrics.
 */
@IntegrationTest
class RoomStateServiceIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    private static ApplicationContext service;
    private static String baseUrl;
    private static KafkaProducer<String, RoomCommand> producer;
    private static KafkaConsumer<String, RoomEvent> factsConsumer;
    private static final List<RoomEvent> facts = new CopyOnWriteArrayList<>();
    private static Map<String, Object> serdeConfig;
    private static KafkaProducer<String, PresenceHeartbeat> heartbeatProducer;
    private static final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        int port = Ports.free();
        service = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.application.name", "room-state-it-" + RUN,
            "micronaut.server.port", port,
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "kafka.streams.default.state.dir", "target/streams-" + RUN,
            "kafka.streams.default.application.server", "localhost:" + port,
            "roomcast.registry-url", registry.registryApiUrl(),
            "roomcast.redis-uri", redis.uri(),
            "roomcast.presence-deadline", "3s",
            "roomcast.presence-check-interval", "200ms")).getApplicationContext();
        baseUrl = "http://localhost:" + port;
        serdeConfig = EventSerdes.config(registry.registryApiUrl());
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            EventSerdes.key(Topics.ROOM_COMMANDS).serializer(), EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer());
        factsConsumer = consumer(kafka, Topics.ROOM_EVENTS);
        heartbeatProducer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            EventSerdes.key(Topics.PRESENCE_HEARTBEATS).serializer(),
            EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdeConfig).serializer());
        heartbeats.scheduleAtFixedRate(RoomStateServiceIT::tick, 0, 300, TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() {
        heartbeats.shutdownNow();
        heartbeatProducer.close();
        producer.close();
        factsConsumer.close();
        service.close();
    }

    @Test
    void commandsBecomeFactsSnapshotsRedisKeysAndAQueryableRoom(RedisServer redis) throws Exception {
        String room = "room-" + RUN + "-a";
        heartbeats.scheduleAtFixedRate(() -> List.of("alice", "bob").forEach(user -> heartbeat(user, room)),
            0, 300, TimeUnit.MILLISECONDS);
        send(room, "alice", new CreateRoom(details("Jazz")));
        send(room, "bob", new JoinRoom());
        send(room, "bob", new RaiseHand());
        send(room, "alice", new AcceptHand("bob"));
        send(room, "carol", new AcceptHand("bob"));

        awaitFacts(room, 7);
        assertThat(factsOf(room)).extracting(e -> e.getFact().getClass().getSimpleName()).containsExactly(
            "RoomCreated", "ParticipantJoined", "ParticipantJoined", "HandRaised", "HandLowered", "RoleChanged",
            "CommandRejected");
        assertThat(factsOf(room).get(6).getFact()).isInstanceOfSatisfying(CommandRejected.class,
            r -> assertThat(r.getReason()).isEqualTo(RejectionReason.NOT_MODERATOR));

        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> redisConnection = client.connect()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(redisConnection.sync().hget("room:{" + room + "}", "title")).isEqualTo("Jazz");
                assertThat(redisConnection.sync().zrange("room:{" + room + "}:speakers", 0, -1)).containsExactly("bob");
                assertThat(redisConnection.sync().zrange("room:{" + room + "}:moderators", 0, -1)).containsExactly("alice");
            });
        }
        HttpResponse<String> view = answered("/rooms/" + room);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"title\":\"Jazz\"", "\"userId\":\"bob\",\"role\":\"SPEAKER\"");
        assertThat(answered("/rooms/no-such-room-" + RUN).statusCode()).isEqualTo(404);
        assertThat(get("/prometheus").body())
            .contains("roomcast_commands_total{outcome=\"applied\",type=\"CreateRoom\"}")
            .contains("roomcast_command_latency_seconds_bucket");
    }

    /**
     * What a Redis restart does here (it keeps nothing on disk): every key is gone, the projection's marks too. The
     * room has no new command, so only reading room-state again from its start brings it back.
     */
    @Test
    void aReadModelThatLostItsDataIsRebuiltFromRoomStateWithoutANewCommand(RedisServer redis) {
        String room = "room-" + RUN + "-lost";
        heartbeats.scheduleAtFixedRate(() -> heartbeat("dora", room), 0, 300, TimeUnit.MILLISECONDS);
        send(room, "dora", new CreateRoom(details("Lost and found")));
        awaitFacts(room, 2);
        try (RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> redisConnection = client.connect()) {
            var sync = redisConnection.sync();
            await().atMost(Duration.ofSeconds(20)).until(() -> "Lost and found".equals(sync.hget("room:{" + room + "}", "title")));
            List<String> lost = new java.util.ArrayList<>(sync.keys("room:{" + room + "}*"));
            lost.addAll(sync.keys("readmodel:projected:room-state-it-" + RUN + "-redis:*"));
            assertThat(lost).contains("room:{" + room + "}").anyMatch(k -> k.startsWith("readmodel:projected:"));
            sync.del(lost.toArray(String[]::new));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(sync.hget("room:{" + room + "}", "title")).isEqualTo("Lost and found");
                assertThat(sync.zrange("room:{" + room + "}:moderators", 0, -1)).containsExactly("dora");
            });
        }
    }

    @Test
    void aUserWithoutHeartbeatsIsExpiredWithATimeoutLeave() {
        String room = "room-" + RUN + "-p";
        send(room, "host", new CreateRoom(details("Presence")));
        send(room, "dave", new JoinRoom());

        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(room).stream()
            .anyMatch(e -> e.getFact() instanceof ParticipantLeft l && l.getParticipantId().equals("dave")
                && l.getReason() == LeaveReason.TIMEOUT));
    }

    @Test
    void aPoisonPillGoesToTheDeadLetterTopicAndTheNextCommandIsStillApplied(EmbeddedKafka kafka) throws Exception {
        String room = "room-" + RUN + "-x";
        byte[] garbage = "{not avro}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), room, garbage)).get();
        }
        send(room, "erin", new CreateRoom(details("After the pill")));

        awaitFacts(room, 2);
        assertThat(factsOf(room).getFirst().getFact()).isInstanceOf(RoomCreated.class);
        try (KafkaConsumer<String, DeadLetter> dlq = consumer(kafka, Topics.deadLetterOf(Topics.ROOM_COMMANDS))) {
            List<DeadLetter> letters = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> letters.add(r.value()));
                return letters.stream().anyMatch(l -> new String(bytes(l.getKey()), StandardCharsets.UTF_8).equals(room));
            });
            DeadLetter letter = letters.stream()
                .filter(l -> new String(bytes(l.getKey()), StandardCharsets.UTF_8).equals(room)).findFirst().orElseThrow();
            assertThat(letter.getReason()).startsWith("undecodable:");
            assertThat(bytes(letter.getValue())).isEqualTo(garbage);
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ROOM_COMMANDS.name());
        }
    }

    /**
     * Issue 11's Kafka corpus, produced to room-commands with a raw producer: another topic's schema
     * with its own registry id (D15, D16), a 13-byte record declaring a 2 GB string (D17), a join with
     * an empty user id (D14), a 1,000-character room id (D12), a CreateRoom for an existing room on
     * another partition (D13), bytes that are not Avro. Each is dead-lettered with its reason code; the
     * service stays UP and still applies a normal command.
     */
    @Test
    void theKafkaCorpusIsDeadLetteredAndTheServiceStaysUpAndApplyingCommands(EmbeddedKafka kafka) throws Exception {
        String room = "room-" + RUN + "-corpus";
        send(room, "host", new CreateRoom(details("Corpus")));
        awaitFacts(room, 2);
        Instant now = Instant.now();
        byte[] validJoin = EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer().serialize(
            Topics.ROOM_COMMANDS.name(), command(room, "ann", new JoinRoom()));
        byte[] bomb = java.nio.ByteBuffer.allocate(13).put(java.util.Arrays.copyOf(validJoin, 5))
            .put(new byte[] {(byte) 0x80, (byte) 0xd0, (byte) 0xac, (byte) 0xf3, 0x0e}) // zig-zag varint of 2,000,000,000
            .put("abc".getBytes(StandardCharsets.US_ASCII)).array();
        String longRoom = "r".repeat(1000);
        int roomPartition = Topics.ROOM_COMMANDS.partitionOf(room);
        Map<String, ProducerRecord<String, byte[]>> corpus = new java.util.LinkedHashMap<>();
        corpus.put("unknown_schema", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), roomPartition, room,
            EventSerdes.value(Topics.PRESENCE_HEARTBEATS, serdeConfig).serializer().serialize(
                Topics.PRESENCE_HEARTBEATS.name(), PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now).setUserId("mallory").setRoomId(room).setSessionId("s").setClientTime(null)
                    .setGatewayNode("x").build())));
        corpus.put("unknown_schema ", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), roomPartition, room,
            EventSerdes.value(Topics.ROOM_EVENTS, serdeConfig).serializer().serialize(Topics.ROOM_EVENTS.name(),
                RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(room)
                    .setUserId("mallory").setNonce("n").setFact(new ParticipantJoined("mallory", Role.MODERATOR)).build())));
        corpus.put("length_exceeds_record", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), roomPartition, room, bomb));
        corpus.put("invalid", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), roomPartition, room,
            EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer().serialize(Topics.ROOM_COMMANDS.name(),
                command(room, "", new JoinRoom()))));
        corpus.put("invalid ", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), longRoom,
            EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer().serialize(Topics.ROOM_COMMANDS.name(),
                command(longRoom, "mallory", new CreateRoom(details("Long"))))));
        corpus.put("wrong_partition", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(),
            (roomPartition + 1) % Topics.ROOM_COMMANDS.partitions(), room,
            EventSerdes.value(Topics.ROOM_COMMANDS, serdeConfig).serializer().serialize(Topics.ROOM_COMMANDS.name(),
                command(room, "mallory", new CreateRoom(details("Copy"))))));
        corpus.put("undecodable", new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), roomPartition, room,
            "{\"op\":\"join\"}".getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : corpus.values()) {
                raw.send(record).get();
            }
        }

        send(room, "frank", new JoinRoom());

        await().atMost(Duration.ofSeconds(60)).until(() -> factsOf(room).stream()
            .anyMatch(e -> e.getFact() instanceof ParticipantJoined j && j.getParticipantId().equals("frank")));
        assertThat(factsOf(room)).as("nothing of the corpus applied (no second RoomCreated, no mallory, no empty user)")
            .noneMatch(e -> "mallory".equals(e.getUserId()) || "".equals(e.getUserId()))
            .filteredOn(e -> e.getFact() instanceof RoomCreated).hasSize(1);
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        try (KafkaConsumer<String, DeadLetter> dlq = consumer(kafka, Topics.deadLetterOf(Topics.ROOM_COMMANDS))) {
            List<String> reasons = new CopyOnWriteArrayList<>();
            List<String> expected = corpus.keySet().stream().map(String::strip).toList();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(r -> {
                    String key = new String(bytes(r.value().getKey()), StandardCharsets.UTF_8);
                    if (key.equals(room) || key.equals(longRoom)) {
                        reasons.add(r.value().getReason().substring(0, r.value().getReason().indexOf(':')));
                    }
                });
                assertThat(reasons).containsExactlyInAnyOrderElementsOf(expected);
            });
        }
    }

    private static RoomCommand command(String room, String user, Object command) {
        return RoomCommand.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setRoomId(room).setUserId(user).setNonce(UUID.randomUUID().toString()).setSessionId(null)
            .setCommand(command).build();
    }

    private static RoomDetails details(String title) {
        return new RoomDetails(title, "music", Visibility.PUBLIC, null, new RoomSettings(true, null, null, false), null);
    }

    private static void send(String room, String user, Object command) {
        RoomCommand value = RoomCommand.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setRoomId(room).setUserId(user).setNonce(UUID.randomUUID().toString()).setSessionId(null)
            .setCommand(command).build();
        producer.send(new ProducerRecord<>(Topics.ROOM_COMMANDS.name(), room, value));
        producer.flush();
    }

    /** What the gateway does for a connected client every 15 s (here every 300 ms). */
    private static void heartbeat(String user, String room) {
        heartbeatProducer.send(new ProducerRecord<>(Topics.PRESENCE_HEARTBEATS.name(), user, PresenceHeartbeat.newBuilder()
            .setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setUserId(user).setRoomId(room)
            .setSessionId("session-" + user).setClientTime(null).setGatewayNode("it").build()));
    }

    /** What every gateway node does every second (here every 300 ms): a tick into every partition. */
    private static void tick() {
        PresenceHeartbeat tick = PresenceTicks.tick("it", Instant.now());
        heartbeatProducer.partitionsFor(Topics.PRESENCE_HEARTBEATS.name()).forEach(partition -> heartbeatProducer.send(
            new ProducerRecord<>(Topics.PRESENCE_HEARTBEATS.name(), partition.partition(), null, tick)));
    }

    private static void awaitFacts(String room, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> factsOf(room).size() >= count);
    }

    private static List<RoomEvent> factsOf(String room) {
        factsConsumer.poll(Duration.ofMillis(100)).forEach(r -> facts.add(r.value()));
        return facts.stream().filter(e -> e.getRoomId().equals(room)).toList();
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> KafkaConsumer<String, V> consumer(
            EmbeddedKafka kafka, Topic<?, V> topic) {
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic.name() + "-" + RUN,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new org.apache.kafka.common.serialization.StringDeserializer(), EventSerdes.value(topic, serdeConfig).deserializer());
        consumer.subscribe(List.of(topic.name()));
        return consumer;
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /**
     * GET as a client of the documented contract: a 503 (rooms being rebalanced) carries Retry-After and
     * is asked again. A new application id always rebalances twice: the first assignment creates the
     * repartition topic, whose metadata then triggers a second one (~3 s later), and the room's facts
     * can be decided in between, so the store may be answered 503 after Redis already has the room.
     */
    private static HttpResponse<String> answered(String path) {
        List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> answer = get(path);
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                return false;
            }
            answers.add(answer);
            return true;
        });
        return answers.getFirst();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
