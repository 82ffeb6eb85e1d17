package io.roomcast.gateway.e2e;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.gateway.TestGateway;
import io.roomcast.schemas.Topics;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.servers.ServiceProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import io.roomcast.testkit.WireFormatReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshot-then-stream joins while a room changes fast, with room-state-stream's own settings: it writes a room's
 * snapshot at most once per {@code roomcast.snapshot-interval} (100 ms; issue 20), so the newest snapshot is often
 * older than the newest fact when someone joins. A user who joins in the middle of a burst of joins must still get
 * what docs/protocol.md ("Snapshot, then stream") promises: a SNAPSHOT of version V with themselves in it, then
 * exactly the DISPATCHes of versions V+1, V+2, ... in order, none missing and none twice; folding them onto the
 * snapshot gives the room the host ends up with. An analytics reader of {@code room-state}, with only the registry and
 * no Roomcast class, folds the same room from the topic: its last snapshot of the room is that room.
 */
@IntegrationTest
class JoinDuringABurstIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    /** Users joining around the watcher: half before its join is sent, half after. */
    private static final int CROWD = 60;
    /**
     * How long a join may wait for its decision and snapshot, and the test for a frame. The 121 commands of the burst
     * go to one room, so one stream task decides them one after another: 1.3-2.7 s on this 2-core box when quiet, up
     * to 14 s with a fuzzer on the other core (seen; the gateway's default join-timeout is 10 s). This test is about
     * what the watcher receives, not how fast.
     */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static ServiceProcess roomState;
    private static TestGateway gateway;
    private static String bootstrapServers;
    private static WireFormatReader analytics;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis) {
        bootstrapServers = kafka.bootstrapServers();
        analytics = new WireFormatReader(registry.ccompatUrl());
        roomState = TestGateway.startRoomState(kafka, registry, redis.uri(), "burst-" + RUN);
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.node-id", "gateway-burst",
            "roomcast.gateway.protocol.join-timeout", PATIENCE.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        TestGateway.closeAll(gateway, roomState);
    }

    @Test
    void aJoinInTheMiddleOfABurstGetsASnapshotThenEveryLaterVersionOnceInOrder() throws Exception {
        RecordingClient host = RecordingClient.identified(gateway.url(), "host-" + RUN);
        String room = gateway.createRoom(host.user());
        host.command("join", room, "j-host", null);
        host.expect(op("SNAPSHOT"));
        List<RecordingClient> crowd = new ArrayList<>();
        for (int i = 0; i < CROWD; i++) {
            crowd.add(RecordingClient.identified(gateway.url(), "crowd-" + i + "-" + RUN));
        }
        RecordingClient watcher = RecordingClient.identified(gateway.url(), "watcher-" + RUN);

        // The burst: every user's join and hand raise sent at once, none waiting for an answer; the watcher's join in
        // the middle. Then, once the watcher has its snapshot, one more change: the stream after it is never empty.
        crowd.subList(0, CROWD / 2).forEach(c -> joinAndRaiseHand(c, room));
        watcher.command("join", room, "j-watcher", null);
        crowd.subList(CROWD / 2, CROWD).forEach(c -> joinAndRaiseHand(c, room));
        JsonNode snapshot = watcher.expect(op("SNAPSHOT"), PATIENCE);
        for (RecordingClient c : crowd) {
            host.expect(dispatch("hand_raised", c.user()), PATIENCE);
        }
        JsonNode watcherJoined = host.expect(dispatch("participant_joined", watcher.user()), PATIENCE);
        ObjectNode rename = host.frame("update_room").put("room", room).put("nonce", "rename");
        rename.putObject("args").put("title", "after the burst");
        host.send(rename);
        long last = host.expect(f -> op("DISPATCH").test(f) && f.path("t").asText().equals("room_updated"))
            .path("version").asLong();
        watcher.expect(f -> op("DISPATCH").test(f) && f.path("version").asLong() == last);

        List<JsonNode> frames = watcher.frames();
        long v = snapshot.path("version").asLong();
        List<JsonNode> stream = frames.subList(frames.indexOf(snapshot) + 1, frames.size()).stream()
            .filter(op("DISPATCH")).toList();
        assertThat(v).as("the snapshot is at or after the watcher's join (version %d)",
            watcherJoined.path("version").asLong()).isGreaterThanOrEqualTo(watcherJoined.path("version").asLong());
        assertThat(frames.subList(0, frames.indexOf(snapshot))).as("nothing of the room before the snapshot")
            .noneMatch(op("DISPATCH"));
        assertThat(stream).extracting(f -> f.path("version").asLong()).as("every version after the snapshot, once, in order")
            .containsExactlyElementsOf(LongStream.rangeClosed(v + 1, last).boxed().toList());

        Set<String> folded = participants(snapshot);
        stream.stream().filter(f -> f.path("t").asText().equals("participant_joined"))
            .forEach(f -> assertThat(folded.add(f.path("data").path("participant_id").asText()))
                .as("joined once: %s", f).isTrue());
        Set<String> everyone = new HashSet<>(List.of(host.user(), watcher.user()));
        crowd.forEach(c -> everyone.add(c.user()));
        assertThat(folded).as("the snapshot folded with the stream: the room as the host knows it").isEqualTo(everyone);
        assertThat(watcher.frames()).filteredOn(isResultFor("j-watcher")).singleElement()
            .satisfies(r -> assertThat(r.path("outcome").asText()).isEqualTo("applied"));

        GenericRecord topicState = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
            .until(() -> lastSnapshot(room), s -> s != null && (long) s.get("version") == last);
        Set<String> inTopic = new HashSet<>();
        ((List<?>) topicState.get("participants")).forEach(p -> inTopic.add(((GenericRecord) p).get("userId").toString()));
        assertThat(inTopic).as("room-state folded by an outside reader").isEqualTo(everyone);
    }

    /** The last value of {@code room} on room-state (committed records only), decoded as an outside reader would. */
    private static GenericRecord lastSnapshot(String room) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.ROOM_STATE.name(), Topics.ROOM_STATE.partitionOf(room));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            byte[] last = null;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (room.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            return last == null ? null : analytics.decode(last);
        }
    }

    /** The user's join and hand raise in {@code room}, sent back to back without waiting. */
    private static void joinAndRaiseHand(RecordingClient c, String room) {
        c.command("join", room, "j-" + c.user(), null);
        c.command("raise_hand", room, "h-" + c.user(), null);
    }

    private static Set<String> participants(JsonNode snapshot) {
        Set<String> ids = new HashSet<>();
        StreamSupport.stream(snapshot.path("data").path("participants").spliterator(), false)
            .forEach(p -> ids.add(p.path("user_id").asText()));
        return ids;
    }

    private static Predicate<JsonNode> isResultFor(String nonce) {
        return f -> op("COMMAND_RESULT").test(f) && f.path("nonce").asText().equals(nonce);
    }
}
