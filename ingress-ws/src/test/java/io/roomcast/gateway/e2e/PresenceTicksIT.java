package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.gateway.TestGateway;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * What a running gateway node writes to presence-heartbeats, read back with a plain consumer and the registry as an
 * analytics reader would: its tick (no user, key null) in every partition, once a tick interval; and a session's
 * heartbeat keyed by its user, followed in its partition by a tick of the node stamped no earlier, which is what lets
 * presence judge silence by what it has read (README, "Presence after a fail-over, a broker outage or a backlog").
 */
@IntegrationTest
class PresenceTicksIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String NODE = "gateway-ticks-" + RUN;

    @Test
    void theNodeTicksIntoEveryPartitionAndATickFollowsEachHeartbeatInItsPartition(EmbeddedKafka kafka,
            SchemaRegistryProcess registry, RedisServer redis) throws Exception {
        String user = "ticker-" + RUN;
        List<ConsumerRecord<String, PresenceHeartbeat>> read = new ArrayList<>();
        try (TestGateway gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", NODE,
                 "roomcast.gateway.presence-tick-interval", "200ms"));
             KafkaConsumer<String, PresenceHeartbeat> consumer = consumer(kafka, registry)) {
            RecordingClient client = RecordingClient.identified("http://localhost:" + gateway.port(), user);
            client.send("op", "HEARTBEAT");
            client.expect(op("HEARTBEAT_ACK"));
            int partitions = consumer.partitionsFor(Topics.PRESENCE_HEARTBEATS.name()).size();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (NODE.equals(r.value().getGatewayNode())) {
                        read.add(r);
                    }
                });
                ConsumerRecord<String, PresenceHeartbeat> beat = heartbeatOf(read, user);
                return beat != null && tickedPartitions(read).size() == partitions
                    && read.stream().anyMatch(r -> PresenceTicks.isTick(r.value()) && r.partition() == beat.partition()
                        && r.offset() > beat.offset());
            });
        }

        ConsumerRecord<String, PresenceHeartbeat> beat = heartbeatOf(read, user);
        assertThat(beat.key()).isEqualTo(user);
        List<ConsumerRecord<String, PresenceHeartbeat>> ticks = read.stream().filter(r -> PresenceTicks.isTick(r.value()))
            .toList();
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.key()).as("a tick has no key").isNull();
            assertThat(t.value().getSessionId()).isNull();
            assertThat(t.value().getRoomId()).isNull();
        });
        assertThat(ticks).filteredOn(t -> t.partition() == beat.partition() && t.offset() > beat.offset())
            .as("the ticks after the heartbeat in its partition are stamped no earlier than it")
            .allSatisfy(t -> assertThat(t.value().getOccurredAt()).isAfterOrEqualTo(beat.value().getOccurredAt()));
    }

    private static ConsumerRecord<String, PresenceHeartbeat> heartbeatOf(List<ConsumerRecord<String, PresenceHeartbeat>> read,
                                                                         String user) {
        return read.stream().filter(r -> user.equals(r.value().getUserId())).findFirst().orElse(null);
    }

    private static Set<Integer> tickedPartitions(List<ConsumerRecord<String, PresenceHeartbeat>> read) {
        return read.stream().filter(r -> PresenceTicks.isTick(r.value())).map(ConsumerRecord::partition)
            .collect(Collectors.toSet());
    }

    private static KafkaConsumer<String, PresenceHeartbeat> consumer(EmbeddedKafka kafka, SchemaRegistryProcess registry) {
        KafkaConsumer<String, PresenceHeartbeat> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "presence-ticks-it-" + RUN,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            EventSerdes.value(Topics.PRESENCE_HEARTBEATS, EventSerdes.config(registry.registryApiUrl())).deserializer());
        consumer.subscribe(List.of(Topics.PRESENCE_HEARTBEATS.name()));
        return consumer;
    }
}
