package io.roomcast.notify.service;

import io.roomcast.events.Notification;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.notify.core.RoomFacts;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.RealServers;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The fan-out benchmark of issue 14 (docs/benchmarks.md, "notification-worker: fan-out"), run by
 * {@code notification-worker/bench-notify [followers]}: not an IT (its name does not match), only run when asked. A
 * user with {@code roomcast.bench.followers} followers (default 100,000) starts a room; notification-worker (its own
 * JVM, default settings) decides and writes the notifications; measured from the room fact's send: the last
 * notification readable by a gateway-like consumer (read_committed, every partition, fetch.max.wait 10 ms: what a
 * gateway node reads before sending the frame) and the last inbox row. Then, in the same run and database, the
 * physical limit: the same rows written by PostgreSQL COPY and by multi-row INSERTs (1,000 rows a statement) into
 * copies of notify.inbox. Prints one JSON line (and writes it to target/bench-notify.json).
 */
@IntegrationTest
class NotificationFanoutBenchmark {
    private static final int FOLLOWERS = Integer.getInteger("roomcast.bench.followers", 100_000);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String APPLICATION = "notify-bench-" + RUN;

    @Test
    void fanOut(EmbeddedKafka kafka, SchemaRegistryProcess registry) throws Exception {
        String database = RealServers.freshDatabase("notify_bench");
        try (Connection db = DriverManager.getConnection(database, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute(Files.readString(Path.of("../notification-inbox/src/main/resources/db/migration/V20__notification_inbox.sql")));
        }
        String bootstrap = kafka.bootstrapServers();
        Map<String, Object> serdes = EventSerdes.config(registry.registryApiUrl());
        Path dir = Path.of("target", "bench-" + RUN).toAbsolutePath();
        try (ServiceProcess worker = ServiceProcess.start("notification-worker", Path.of("").toAbsolutePath(),
                "io.roomcast.notify.Application", Ports.free(), Map.of(
                    "micronaut.application.name", APPLICATION,
                    "kafka.bootstrap.servers", bootstrap,
                    "roomcast.registry-url", registry.registryApiUrl(),
                    "roomcast.notify.inbox-jdbc-url", database,
                    "kafka.streams.default.state.dir", dir.resolve("state").toString()),
                dir.resolve("notification-worker.log"))) {
            String host = "celebrity-" + RUN;
            long loadStart = System.nanoTime();
            try (KafkaProducer<String, SocialEdge> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                    "linger.ms", 20), EventSerdes.key(Topics.SOCIAL_GRAPH).serializer(),
                    EventSerdes.value(Topics.SOCIAL_GRAPH, serdes).serializer())) {
                for (int i = 0; i < FOLLOWERS; i++) {
                    SocialEdge edge = SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setUserId("bf" + i + "-" + RUN).setRelation(SocialRelation.FOLLOWS)
                        .setTargetType(SocialTargetType.USER).setTargetId(host).setActive(true).build();
                    producer.send(new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(), Topics.SOCIAL_GRAPH.keyOf(edge), edge));
                }
            }
            while (!caughtUp(bootstrap)) {
                Thread.sleep(200); // polling the broker's committed offsets: nothing to wait on
            }
            double followsLoadedS = (System.nanoTime() - loadStart) / 1e9;

            RoomFacts room = new RoomFacts("bench-room-" + RUN, host);
            AtomicInteger readable = new AtomicInteger();
            AtomicLong lastReadableNanos = new AtomicLong();
            CountDownLatch atEnd = new CountDownLatch(1);
            Thread gatewayLike = Thread.ofPlatform().start(() -> readNotifications(bootstrap, serdes, room.roomId(),
                atEnd, readable, lastReadableNanos));
            atEnd.await();
            long sent = System.nanoTime();
            try (KafkaProducer<String, RoomEvent> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    EventSerdes.key(Topics.ROOM_EVENTS).serializer(), EventSerdes.value(Topics.ROOM_EVENTS, serdes).serializer())) {
                RoomEvent created = room.createdLive(Instant.now());
                producer.send(new ProducerRecord<>(Topics.ROOM_EVENTS.name(), created.getRoomId(), created)).get();
            }
            long firstRowNanos = 0;
            long lastRowNanos;
            long deadline = sent + Duration.ofMinutes(20).toNanos();
            while (true) {
                int rows = rows(database, room.roomId());
                long now = System.nanoTime();
                if (rows > 0 && firstRowNanos == 0) {
                    firstRowNanos = now;
                }
                if (rows >= FOLLOWERS) {
                    lastRowNanos = now;
                    break;
                }
                if (now > deadline) {
                    throw new AssertionError("only " + rows + " of " + FOLLOWERS + " rows after 20 minutes");
                }
                Thread.sleep(20); // polling PostgreSQL: nothing to wait on
            }
            gatewayLike.join(Duration.ofMinutes(5));
            double lastRowS = (lastRowNanos - sent) / 1e9;
            double lastReadableS = (lastReadableNanos.get() - sent) / 1e9;
            double projectorS = (lastRowNanos - firstRowNanos) / 1e9;

            List<Object[]> same = rowsOf(database, room.roomId());
            double copyS = copy(database, same);
            double multiS = multiRowInsert(database, same);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("followers", FOLLOWERS);
            out.put("follows_loaded_s", round(followsLoadedS));
            out.put("notifications_readable", readable.get());
            out.put("last_readable_s", round(lastReadableS));
            out.put("first_inbox_row_s", round((firstRowNanos - sent) / 1e9));
            out.put("last_inbox_row_s", round(lastRowS));
            out.put("notifications_per_s", Math.round(FOLLOWERS / lastRowS));
            out.put("inbox_rows_per_s_while_writing", Math.round(FOLLOWERS / Math.max(projectorS, 1e-3)));
            out.put("copy_rows_per_s", Math.round(FOLLOWERS / copyS));
            out.put("multi_row_insert_rows_per_s", Math.round(FOLLOWERS / multiS));
            out.put("inbox_vs_copy_pct", round(100.0 * (FOLLOWERS / Math.max(projectorS, 1e-3)) / (FOLLOWERS / copyS)));
            out.put("load_average_1m", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
            String line = out.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
            Files.writeString(Path.of("target", "bench-notify.json"), line + "\n");
            System.out.println(line);
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void readNotifications(String bootstrap, Map<String, Object> serdes, String roomId,
                                          CountDownLatch atEnd, AtomicInteger readable, AtomicLong lastNanos) {
        try (KafkaConsumer<String, Notification> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                EventSerdes.key(Topics.NOTIFICATIONS).deserializer(),
                EventSerdes.value(Topics.NOTIFICATIONS, serdes).deserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.NOTIFICATIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topics.NOTIFICATIONS.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            atEnd.countDown();
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            while (readable.get() < FOLLOWERS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Notification> record : consumer.poll(Duration.ofMillis(100))) {
                    if (roomId.equals(record.value().getRoomId())) {
                        readable.incrementAndGet();
                        lastNanos.set(System.nanoTime());
                    }
                }
            }
        }
    }

    private static int rows(String database, String roomId) throws Exception {
        try (Connection db = DriverManager.getConnection(database, "postgres", "");
             PreparedStatement sql = db.prepareStatement("select count(*) from notify.inbox where room_id = ?")) {
            sql.setString(1, roomId);
            try (ResultSet rs = sql.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<Object[]> rowsOf(String database, String roomId) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(database, "postgres", "");
             PreparedStatement sql = db.prepareStatement("select event_id, user_id, occurred_at, kind, actor_id, room_id, "
                 + "title, body from notify.inbox where room_id = ?")) {
            sql.setString(1, roomId);
            try (ResultSet rs = sql.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {UUID.randomUUID(), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)});
                }
            }
        }
        return rows;
    }

    /** COPY of the rows (new event ids) into a copy of notify.inbox, one transaction; seconds. */
    private static double copy(String database, List<Object[]> rows) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                text.append(i == 0 ? "" : "\t").append(r[i] == null ? "\\N" : r[i].toString().replace("\t", " "));
            }
            text.append('\n');
        }
        try (Connection db = DriverManager.getConnection(database, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute("create table notify.inbox_copy (like notify.inbox including all)");
            db.setAutoCommit(false);
            long start = System.nanoTime();
            db.unwrap(PGConnection.class).getCopyAPI().copyIn("copy notify.inbox_copy (event_id, user_id, occurred_at, "
                + "kind, actor_id, room_id, title, body) from stdin", new StringReader(text.toString()));
            db.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** Multi-row INSERTs (1,000 rows each, on conflict do nothing as the projector) into another copy; seconds. */
    private static double multiRowInsert(String database, List<Object[]> rows) throws Exception {
        int per = 1_000;
        try (Connection db = DriverManager.getConnection(database, "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute("create table notify.inbox_multi (like notify.inbox including all)");
            db.setAutoCommit(false);
            String values = IntStream.range(0, per).mapToObj(i -> "(?, ?, ?, ?, ?, ?, ?, ?)").collect(Collectors.joining(","));
            long start = System.nanoTime();
            for (int from = 0; from < rows.size(); from += per) {
                List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + per));
                String text = chunk.size() == per ? values
                    : IntStream.range(0, chunk.size()).mapToObj(i -> "(?, ?, ?, ?, ?, ?, ?, ?)").collect(Collectors.joining(","));
                try (PreparedStatement insert = db.prepareStatement("insert into notify.inbox_multi (event_id, user_id, "
                        + "occurred_at, kind, actor_id, room_id, title, body) values " + text
                        + " on conflict (event_id) do nothing")) {
                    int p = 1;
                    for (Object[] r : chunk) {
                        for (Object v : r) {
                            insert.setObject(p++, v);
                        }
                    }
                    insert.executeUpdate();
                }
            }
            db.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static boolean caughtUp(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION)
                .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int p = 0; p < Topics.SOCIAL_GRAPH.partitions(); p++) {
                ends.put(new TopicPartition(Topics.SOCIAL_GRAPH.name(), p), OffsetSpec.latest());
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
}
