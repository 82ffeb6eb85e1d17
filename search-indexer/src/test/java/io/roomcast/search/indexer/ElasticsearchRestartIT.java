package io.roomcast.search.indexer;

import static io.roomcast.testkit.SearchFixtures.publicRoom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.events.EndReason;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch stopped and started again on the same data folder while records flow: the indexer retries with
 * backoff while it is away (reading nothing new: backpressure) and, once it is back, every document is there in
 * its last version and the rooms ended during the outage are gone. An Elasticsearch of its own (the test kit's
 * shared one must not go away under other test classes), the shared broker and registry.
 */
@IntegrationTest
class ElasticsearchRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int ROOMS = 150;

    @Test
    void elasticsearchRestartedMidStreamLosesNothing(EmbeddedKafka kafka, SchemaRegistryProcess registry) throws Exception {
        int port = Ports.free();
        Path work = Path.of("target", "es-restart-" + ProcessHandle.current().pid()).toAbsolutePath();
        Path log = work.resolveSibling(work.getFileName() + ".log");
        ElasticsearchServer elasticsearch = ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(), port, work, log);
        Map<String, Object> serdeConfig = EventSerdes.config(registry.registryApiUrl());
        String word = "restart" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> lastVersion = new ConcurrentHashMap<>();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean endRooms = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (SearchCluster cluster = SearchCluster.connect(elasticsearch.url());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer());
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka.bootstrapServers(), registry.registryApiUrl(),
                     "search-restart-it")) {
            IndexerSettings settings = new IndexerSettings();
            settings.setMaxBackoff(Duration.ofSeconds(1));
            IndexerLoop loop = new IndexerLoop(cluster, settings, kafka.bootstrapServers(),
                    "search-restart-it-" + UUID.randomUUID(), new RegistryWriterSchemas(registry.registryApiUrl()),
                    deadLetters, meters);
            // The stream: each room's snapshots in growing versions, round after round, 5 ms apart; once asked,
            // every fifth room is ended (room-events RoomEnded).
            Thread writer = Thread.ofPlatform().name("restart-it-writer").start(() -> {
                try {
                    for (int version = 1; !stop.get(); version++) {
                        for (int r = 0; r < ROOMS && !stop.get(); r++) {
                            String id = word + "-" + r;
                            if (ended.contains(id)) {
                                continue;
                            }
                            if (endRooms.get() && r % 5 == 0) {
                                send(producer, serdeConfig, Topics.ROOM_EVENTS, id, ended(id, version));
                                ended.add(id);
                            } else {
                                send(producer, serdeConfig, Topics.ROOM_STATE, id, publicRoom(id, version, title(word, version), "h"));
                                lastVersion.put(id, version);
                            }
                            sent.incrementAndGet();
                            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // pacing: a stream of ~200 updates/s, not a wait
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            try {
                await().atMost(WAIT).ignoreExceptions().until(() -> documents(cluster, word).size() >= ROOMS / 2);

                elasticsearch.close();
                assertThat(ElasticsearchServer.answers(elasticsearch.url())).isFalse();
                double retriesBefore = meters.counter("roomcast.search.retries").count();
                endRooms.set(true);
                int sentAtStop = sent.get();
                await().atMost(WAIT).until(() -> sent.get() > sentAtStop + ROOMS && !ended.isEmpty()
                        && meters.counter("roomcast.search.retries").count() > retriesBefore);

                elasticsearch = ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(), port, work, log);
                int sentAtRestart = sent.get();
                await().atMost(WAIT).until(() -> sent.get() > sentAtRestart + ROOMS);
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failure.get()).as("the writer's sends").isNull();
            assertThat(ended).as("rooms ended while Elasticsearch was away or after").isNotEmpty();

            Map<String, String> expected = new HashMap<>();
            lastVersion.forEach((id, v) -> {
                if (!ended.contains(id)) {
                    expected.put(id, title(word, v));
                }
            });
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(documents(cluster, word)).as("every live room in its last version, no ended room")
                            .isEqualTo(expected));
            assertThat(loop.running()).isTrue();
            loop.close();
        } finally {
            elasticsearch.close();
        }
    }

    private static String title(String word, int version) {
        return word + " round " + version;
    }

    /** @return the live rooms of this test: id to title, as a search of the rooms alias sees them */
    private static Map<String, String> documents(SearchCluster cluster, String word) {
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < ROOMS; r++) {
            ids.add(word + "-" + r);
        }
        cluster.refresh(SearchIndex.ROOMS.alias());
        Map<String, Object> response = cluster.search(SearchIndex.ROOMS.alias(), Map.of(
                "size", ROOMS,
                "query", Map.of("bool", Map.of(
                        "filter", List.of(Map.of("ids", Map.of("values", ids))),
                        "must_not", List.of(Map.of("term", Map.of("lifecycle", "ENDED"))))),
                "_source", List.of("title")));
        Map<String, String> documents = new HashMap<>();
        for (Object hit : (List<?>) ((Map<?, ?>) response.get("hits")).get("hits")) {
            Map<?, ?> h = (Map<?, ?>) hit;
            documents.put((String) h.get("_id"), String.valueOf(((Map<?, ?>) h.get("_source")).get("title")));
        }
        return documents;
    }

    private static final Map<String, Serializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, Map<String, Object> serdeConfig,
                                                        Topic<String, V> topic, String key, V value) throws Exception {
        Serializer<V> serializer = (Serializer<V>) SERIALIZERS.computeIfAbsent(topic.name(),
                name -> EventSerdes.value(topic, serdeConfig).serializer());
        byte[] bytes = serializer.serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), key, bytes)).get(30, TimeUnit.SECONDS);
    }

    private static RoomEvent ended(String roomId, long version) {
        return RoomEvent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setRoomId(roomId)
                .setUserId("h").setRoomVersion(version).setFact(new RoomEnded(EndReason.BY_MODERATOR)).build();
    }
}
