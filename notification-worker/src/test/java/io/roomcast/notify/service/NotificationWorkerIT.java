package io.roomcast.notify.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.Visibility;
import io.roomcast.notify.core.NotifyLimits;
import io.roomcast.notify.core.Preferences;
import io.roomcast.notify.core.RoomFacts;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * notification-worker as a running service (Micronaut context in this JVM) on the real broker, registry and
 * PostgreSQL (a database of its own with notification-inbox's migration): follows and a room going live in, one
 * inbox row per follower out; the same fact again, and the service restarted, add none. A scheduled room's reminder
 * timer, armed before a restart, reaches those who asked and the club's members after it.
 */
@IntegrationTest
class NotificationWorkerIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static String databaseUrl;
    private static String bootstrap;
    private static String registryUrl;
    private static Map<String, Object> serdeConfig;
    private static ApplicationContext service;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry) throws Exception {
        databaseUrl = RealServers.freshDatabase("notify_it");
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute(Files.readString(Path.of("../notification-inbox/src/main/resources/db/migration/V20__notification_inbox.sql")));
        }
        bootstrap = kafka.bootstrapServers();
        registryUrl = registry.registryApiUrl();
        serdeConfig = EventSerdes.config(registryUrl);
        service = startService();
    }

    private static ApplicationContext startService() {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.application.name", "notification-worker-it-" + RUN);
        props.put("micronaut.server.port", Ports.free());
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("kafka.streams.default.state.dir", "target/streams-" + RUN);
        props.put("roomcast.notify.registry-url", registryUrl);
        props.put("roomcast.notify.inbox-jdbc-url", databaseUrl);
        return ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static <V extends SpecificRecord> void send(Topic<String, V> topic, V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                EventSerdes.key(topic).serializer(), EventSerdes.value(topic, serdeConfig).serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(value), value)).get();
        }
    }

    private static void edge(String user, SocialRelation relation, SocialTargetType type, String target)
            throws Exception {
        send(Topics.SOCIAL_GRAPH, SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setUserId(user).setRelation(relation).setTargetType(type).setTargetId(target).setActive(true).build());
    }

    private static void follow(String follower, String followed) throws Exception {
        edge(follower, SocialRelation.FOLLOWS, SocialTargetType.USER, followed);
    }

    /** Whether the worker's committed offsets reached the end of these topics. */
    private static boolean caughtUp(Topic<?, ?>... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets("notification-worker-it-" + RUN).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (Topic<?, ?> topic : topics) {
                for (int p = 0; p < topic.partitions(); p++) {
                    ends.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Map<String, Integer> inboxRows(String roomId) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(databaseUrl, "postgres", "");
             Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select user_id, count(*) from notify.inbox where room_id = '" + roomId
                 + "' group by user_id")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getInt(2));
            }
        }
        return rows;
    }

    @Test
    void followersOfAHostGetOneInboxRowEachWhateverTheRedeliveries() throws Exception {
        String host = "host-" + RUN;
        List<String> followers = List.of("f1-" + RUN, "f2-" + RUN, "f3-" + RUN);
        for (String follower : followers) {
            follow(follower, host);
        }
        NotificationSettings quiet = Preferences.defaults("f3-" + RUN);
        quiet.setEventId(UUID.randomUUID());
        quiet.setVersion(1);
        quiet.setQuietStartMinute(0);
        quiet.setQuietEndMinute(23 * 60 + 59);
        send(Topics.NOTIFICATION_SETTINGS, quiet);
        RoomFacts room = new RoomFacts("room-" + RUN, host);
        // The follows and settings are on other partitions than the room's fact: the worker takes them in first.
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(Topics.SOCIAL_GRAPH, Topics.NOTIFICATION_SETTINGS));
        RoomEvent created = room.createdLive(Instant.now());
        send(Topics.ROOM_EVENTS, created);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(inboxRows(room.roomId()))
            .isEqualTo(Map.of(followers.get(0), 1, followers.get(1), 1)));

        send(Topics.ROOM_EVENTS, created);
        service.close();
        service = startService();
        send(Topics.ROOM_EVENTS, created);
        RoomFacts second = new RoomFacts("room2-" + RUN, host);
        send(Topics.ROOM_EVENTS, second.createdLive(Instant.now()));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(inboxRows(second.roomId()))
            .hasSize(2));
        assertThat(inboxRows(room.roomId())).as("no row doubled after redeliveries and a restart")
            .isEqualTo(Map.of(followers.get(0), 1, followers.get(1), 1));
    }

    @Test
    void aReminderArmedBeforeARestartIsStoredOnceAfterIt() throws Exception {
        String club = "club-" + RUN;
        String asker = "asker-" + RUN;
        String member = "member-" + RUN;
        RoomFacts room = new RoomFacts("scheduled-" + RUN, "rhost-" + RUN);
        edge(asker, SocialRelation.REMINDS, SocialTargetType.ROOM, room.roomId());
        edge(asker, SocialRelation.MEMBER, SocialTargetType.CLUB, club);
        edge(member, SocialRelation.MEMBER, SocialTargetType.CLUB, club);
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(Topics.SOCIAL_GRAPH));
        // Due 20 s from now (the default lead, 10 min, before the start): the timer is armed, then the service
        // restarts on its RocksDB state; the reminder comes after the restart (or, on a slow machine, before it).
        Instant startsAt = Instant.now().plus(NotifyLimits.DEFAULTS.reminderLead()).plusSeconds(20);
        send(Topics.ROOM_EVENTS, room.scheduled(Visibility.PUBLIC, club, Instant.now(), startsAt));
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(Topics.ROOM_EVENTS));
        service.close();
        service = startService();

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(inboxRows(room.roomId()))
            .isEqualTo(Map.of(asker, 1, member, 1)));
    }
}
