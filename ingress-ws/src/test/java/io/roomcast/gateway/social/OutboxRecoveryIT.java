package io.roomcast.gateway.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.social.outbox.OutboxRelay;
import io.roomcast.social.outbox.OutboxValues;
import io.roomcast.social.outbox.RelaySettings;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.RealServers;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The relay's recovery, made exact instead of left to where a {@code kill -9} lands ({@link OutboxKillIT}):
 * a dead relay's state is built by hand: 40 outbox rows of 4 keys, rounds 1 and 2 recorded (rows 1-20),
 * rows 1-10 and 11-15 already on the topic with their {@value OutboxRelay#ID_HEADER} headers, rows 16-20
 * never sent, rows 21-40 in no round. A new relay (rounds of 7 rows) must publish every row exactly once, each key's records in id order, and leave no row and no round behind.
 */
@IntegrationTest
class OutboxRecoveryIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @Test
    void aNewLeaderSendsWhatTheDeadRelayDidNotAndNothingTwice(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        String url = RealServers.freshDatabase("outbox_recovery_it");
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
        List<SocialEdge> edges = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Four keys (edges), each followed and unfollowed in turn; occurredAt numbers the changes.
            edges.add(SocialEdge.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.ofEpochMilli(i))
                    .setUserId(RUN + "-u" + (i % 4)).setRelation(SocialRelation.FOLLOWS)
                    .setTargetType(SocialTargetType.USER).setTargetId(RUN + "-t" + (i % 4)).setActive(i % 8 < 4)
                    .build());
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement insert = c.prepareStatement(
                     "insert into outbox (topic, record_key, value, created_at) values (?, ?, ?, 0)");
             Statement statement = c.createStatement()) {
            for (SocialEdge edge : edges) {
                insert.setString(1, Topics.SOCIAL_GRAPH.name());
                insert.setString(2, Topics.SOCIAL_GRAPH.keyOf(edge));
                insert.setBytes(3, OutboxValues.encode(Topics.SOCIAL_GRAPH, edge));
                insert.executeUpdate();
            }
            statement.execute("insert into outbox_rounds values (1, array(select generate_series(1, 10)::bigint)),"
                    + " (2, array(select generate_series(11, 20)::bigint))");
        }
        Serializer<SocialEdge> wire = EventSerdes.value(Topics.SOCIAL_GRAPH,
                EventSerdes.config(registry.registryApiUrl())).serializer();
        try (KafkaProducer<String, byte[]> deadRelay = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int id = 1; id <= 15; id++) {
                SocialEdge edge = edges.get(id - 1);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SOCIAL_GRAPH.name(),
                        Topics.SOCIAL_GRAPH.keyOf(edge), wire.serialize(Topics.SOCIAL_GRAPH.name(), edge));
                record.headers().add(OutboxRelay.ID_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(id).array());
                deadRelay.send(record).get();
            }
        }

        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("postgres");
        try (OutboxRelay relay = new OutboxRelay(dataSource, new RelaySettings(7, Duration.ofMillis(10),
                Duration.ofMillis(200), Duration.ofSeconds(30)), kafka.bootstrapServers(), registry.registryApiUrl())) {
            relay.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(url, "outbox") == 0 && count(url, "outbox_rounds") == 0);
        }

        List<ConsumerRecord<String, SocialEdge>> published = SocialTopics.readAll(kafka.bootstrapServers(),
                registry.registryApiUrl(), Topics.SOCIAL_GRAPH, key -> key.startsWith(RUN));
        assertThat(published).extracting(r -> r.value().getEventId())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(edges.stream().map(SocialEdge::getEventId).toList());
        Map<String, List<Instant>> changesPerKey = published.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> r.value().getOccurredAt(), Collectors.toList())));
        assertThat(changesPerKey).hasSize(4).allSatisfy((key, changes) -> assertThat(changes).hasSize(10).isSorted());
    }

    private static long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
