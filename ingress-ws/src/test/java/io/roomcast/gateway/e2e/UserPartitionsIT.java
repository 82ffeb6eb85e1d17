package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import io.roomcast.gateway.TestGateway;
import io.roomcast.gateway.ws.HallwayFeed;
import io.roomcast.gateway.ws.NotificationFeed;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-topic feeds read only the partitions of the node's READY users (docs/protocol.md, "User events"), on a
 * real gateway node (this JVM) and the test kit's broker and registry, with a 1 s partition linger. Ann and Amy
 * (one partition) and Bob (another) are READY: both feeds read exactly those two partitions. Carl, in a third,
 * becomes READY: his partition is assigned and read from its end (a notification written before he connected is
 * not sent, the inbox holds it), and a notification written after it is assigned reaches his session. Ann leaves:
 * Amy keeps their partition. Bob leaves: his partition is released after the linger.
 */
@IntegrationTest
class UserPartitionsIT {
    private static final Logger LOG = LoggerFactory.getLogger(UserPartitionsIT.class);
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestGateway gateway;
    private static KafkaProducer<String, Notification> producer;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-user-partitions",
            "roomcast.gateway.feed.partition-linger", "1s"));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            EventSerdes.key(Topics.NOTIFICATIONS).serializer(),
            EventSerdes.value(Topics.NOTIFICATIONS, EventSerdes.config(registry.registryApiUrl())).serializer());
    }

    @AfterAll
    static void stop() {
        TestGateway.closeAll(producer, gateway);
    }

    @Test
    void aNodeReadsThePartitionsOfItsReadyUsersAndReleasesThemAfterTheLinger() throws Exception {
        String ann = user("ann", p -> true);
        int annAmy = Topics.NOTIFICATIONS.partitionOf(ann);
        String amy = user("amy", p -> p == annAmy);
        String bob = user("bob", p -> p != annAmy);
        int bobs = Topics.NOTIFICATIONS.partitionOf(bob);
        String carl = user("carl", p -> p != annAmy && p != bobs);
        int carls = Topics.NOTIFICATIONS.partitionOf(carl);
        NotificationFeed notifications = gateway.context().getBean(NotificationFeed.class);
        HallwayFeed hallway = gateway.context().getBean(HallwayFeed.class);

        RecordingClient annSession = RecordingClient.identified(gateway.url(), ann);
        RecordingClient.identified(gateway.url(), amy);
        RecordingClient bobSession = RecordingClient.identified(gateway.url(), bob);
        awaitRead(notifications, hallway, Set.of(annAmy, bobs));

        String before = send(carl, "before");
        RecordingClient carlSession = RecordingClient.identified(gateway.url(), carl);
        long ready = System.nanoTime();
        awaitRead(notifications, hallway, Set.of(annAmy, bobs, carls));
        LOG.info("Carl's partition read {} ms after his READY", Duration.ofNanos(System.nanoTime() - ready).toMillis());
        String after = send(carl, "after");
        JsonNode frame = carlSession.expect(notification(after), WAIT);
        assertThat(frame.path("data").path("title").asText()).isEqualTo("after");
        assertThat(carlSession.frames().stream().filter(notification(before)))
            .as("written before Carl's partition was read: in the inbox only").isEmpty();

        annSession.abort();
        bobSession.abort();
        awaitRead(notifications, hallway, Set.of(annAmy, carls));
    }

    /** Waits until both user-topic feeds read exactly {@code partitions}. */
    private static void awaitRead(NotificationFeed notifications, HallwayFeed hallway, Set<Integer> partitions) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> notifications.assignedPartitions().equals(partitions)
            && hallway.assignedPartitions().equals(partitions));
    }

    /** A user of this run named after {@code name} whose partition (of both user topics) passes {@code partition}. */
    private static String user(String name, IntPredicate partition) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> name + "-" + RUN + "-" + i)
            .filter(u -> partition.test(Topics.NOTIFICATIONS.partitionOf(u))).findFirst().orElseThrow();
    }

    /** Writes a notification for {@code user} titled {@code title} (acknowledged, so committed); its id. */
    private static String send(String user, String title) throws Exception {
        UUID id = UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), user, Notification.newBuilder().setEventId(id)
            .setOccurredAt(Instant.now()).setUserId(user).setKind(NotificationKind.ROOM_INVITE).setActorId("host-" + RUN)
            .setRoomId("r-" + RUN).setTitle(title).setBody(title).setDedupKey(user + "|" + id).build())).get();
        return id.toString();
    }

    private static Predicate<JsonNode> notification(String eventId) {
        return f -> op("DISPATCH").test(f) && "notification".equals(f.path("t").asText())
            && eventId.equals(f.path("event_id").asText());
    }
}
