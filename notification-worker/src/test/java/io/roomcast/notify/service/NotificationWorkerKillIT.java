package io.roomcast.notify.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.events.Notification;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.notify.core.RoomFacts;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.ConsumerGroups;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No notification lost, none doubled across a kill -9 (issue 14): notification-worker in its own JVM (this module's
 * build) on the real broker, registry and PostgreSQL; a host with {@code roomcast.it.kill.followers} followers (default
 * 10,000) starts a room; as soon as the first inbox rows of the fan-out are written the worker is killed with SIGKILL,
 * then started again on the same state folder. Every follower ends with exactly one inbox row for the room, and the
 * notifications and push-deliveries topics read as the gateway reads them (read_committed) hold exactly one record per follower: at most one
 * live frame per session.
 */
@IntegrationTest
class NotificationWorkerKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationWorkerKillIT.class);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final int FOLLOWERS = Integer.getInteger("roomcast.it.kill.followers", 10_000);
    private static final String APPLICATION = "notify-kill-" + RUN;
    private static String databaseUrl;
    private static String bootstrap;
    private static String registryUrl;
    private static ServiceProcess worker;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry) throws Exception {
        databaseUrl = RealServers.freshDatabase("notify_kill_it");
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute(Files.readString(Path.of("../notification-inbox/src/main/resources/db/migration/V20__notification_inbox.sql")));
        }
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.registryApiUrl();
        worker = startWorker();
    }

    private static ServiceProcess startWorker() {
        Path dir = Path.of("target", "kill-" + RUN).toAbsolutePath();
        return ServiceProcess.start("notification-worker", Path.of("").toAbsolutePath(), "io.roomcast.notify.Application",
            Ports.free(), Map.of(
                "micronaut.application.name", APPLICATION,
                "kafka.bootstrap.servers", bootstrap,
                "roomcast.registry-url", registryUrl,
                "roomcast.notify.inbox-jdbc-url", databaseUrl,
                "kafka.streams.default.state.dir", dir.resolve("state").toString()),
            dir.resolve("notification-worker.log"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aKillNineMidFanOutLeavesEveryFollowerExactlyOneInboxRowOneRecordAndOnePush() throws Exception {
        String host = "celebrity-" + RUN;
        Map<String, Object> serdes = EventSerdes.config(registryUrl);
        try (KafkaProducer<String, SocialEdge> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", 20), EventSerdes.key(Topics.SOCIAL_GRAPH).serializer(),
                EventSerdes.value(Topics.SOCIAL_GRAPH, serdes).serializer())) {
            for (int i = 0; i < FOLLOWERS; i++) {
                SocialEdge edge = SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                    .setUserId(follower(i)).setRelation(SocialRelation.FOLLOWS).setTargetType(SocialTargetType.USER)
                    .setTargetId(host).setActive(true).build();
                producer.send(new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(), Topics.SOCIAL_GRAPH.keyOf(edge), edge));
            }
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> caughtUp(Topics.SOCIAL_GRAPH.name(),
            Topics.SOCIAL_GRAPH.partitions()));

        RoomFacts room = new RoomFacts("kill-room-" + RUN, host);
        long started = System.nanoTime();
        try (KafkaProducer<String, RoomEvent> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer())) {
            RoomEvent created = room.createdLive(Instant.now());
            producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), created.getRoomId(), created)).get();
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10)).until(() -> rows(room.roomId()) > 0);
        ProcessHandle.of(worker.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(worker.pid()).isEmpty());
        int rowsAtKill = rows(room.roomId());
        LOG.info("kill -9 of notification-worker {} ms after the room's fact, {} of {} inbox rows written",
            Duration.ofNanos(System.nanoTime() - started).toMillis(), rowsAtKill, FOLLOWERS);
        worker.close();
        worker = startWorker();

        await().atMost(Duration.ofMinutes(5)).until(() -> rows(room.roomId()) >= FOLLOWERS);
        LOG.info("every follower's row {} ms after the room's fact (restart included)",
            Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(rowsAtKill).as("killed in the middle of the fan-out").isLessThan(FOLLOWERS);
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             PreparedStatement sql = db.prepareStatement("select count(*), count(distinct user_id), min(user_id), "
                 + "max(user_id) from notify.inbox where room_id = ?")) {
            sql.setString(1, room.roomId());
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("rows").isEqualTo(FOLLOWERS);
                assertThat(rs.getInt(2)).as("distinct followers").isEqualTo(FOLLOWERS);
            }
        }
        List<String> followers = IntStream.range(0, FOLLOWERS).mapToObj(NotificationWorkerKillIT::follower).toList();
        Map<String, Integer> records = committedPerRecipient(Topics.NOTIFICATIONS, Notification::getRoomId, room.roomId());
        assertThat(records.values()).as("records per follower in notifications (read_committed)").containsOnly(1);
        assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(followers);
        Map<String, Integer> pushes = committedPerRecipient(Topics.PUSH_DELIVERIES, PushDelivery::getRoomId, room.roomId());
        assertThat(pushes.values()).as("records per follower in push-deliveries (read_committed)").containsOnly(1);
        assertThat(pushes.keySet()).containsExactlyInAnyOrderElementsOf(followers);
    }

    private static String follower(int i) {
        return "kf" + i + "-" + RUN;
    }

    private static int rows(String roomId) throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             PreparedStatement sql = db.prepareStatement("select count(*) from notify.inbox where room_id = ?")) {
            sql.setString(1, roomId);
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The committed records of a user-keyed {@code topic} about {@code roomId}, counted per recipient (the key), read
     * to the topic's end.
     */
    private static <T extends SpecificRecord> Map<String, Integer> committedPerRecipient(Topic<String, T> topic, Function<T, String> roomOf,
                                                                  String roomId) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                EventSerdes.key(topic).deserializer(),
                EventSerdes.value(topic, EventSerdes.config(registryUrl)).deserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                    if (roomId.equals(roomOf.apply(record.value()))) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** Whether the worker's committed offsets reached the end of {@code topic}. */
    private static boolean caughtUp(String topic, int partitions) throws Exception {
        return ConsumerGroups.caughtUp(bootstrap, APPLICATION, topic, partitions);
    }
}
