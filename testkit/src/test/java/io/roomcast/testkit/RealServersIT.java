package io.roomcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.roomcast.servers.PostgresServer;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The four real servers, injected as parameters, answer; a second request gets the same instances. */
@IntegrationTest
class RealServersIT {

    private final EmbeddedKafka kafkaFromConstructor;

    RealServersIT(EmbeddedKafka kafka) {
        this.kafkaFromConstructor = kafka;
    }

    @Test
    void kafkaProducesAndConsumes(EmbeddedKafka kafka) throws Exception {
        assertThat(kafka).isSameAs(kafkaFromConstructor);
        String topic = "testkit-it";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "room-1", "hello")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("room-1");
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void schemaRegistryAnswersWithBackwardCompatibility(SchemaRegistryProcess registry) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/subjects"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(registry.ccompatUrl() + "/config"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).contains("BACKWARD");
        }
    }

    @Test
    void redisAnswersPing(RedisServer redis) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void postgresAnswersSelect1(PostgresServer postgres) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("roomcast"), postgres.user(), "");
             ResultSet rs = connection.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void serversAreStartedOncePerJvm(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis,
                                     PostgresServer postgres) {
        assertThat(kafka).isSameAs(RealServers.kafka()).isSameAs(kafkaFromConstructor);
        assertThat(registry).isSameAs(RealServers.schemaRegistry());
        assertThat(redis).isSameAs(RealServers.redis());
        assertThat(postgres).isSameAs(RealServers.postgres());
    }
}
