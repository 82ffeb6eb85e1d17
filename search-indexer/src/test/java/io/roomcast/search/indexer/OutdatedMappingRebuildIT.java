package io.roomcast.search.indexer;

import static io.roomcast.testkit.SearchFixtures.club;
import static io.roomcast.testkit.SearchFixtures.publicRoom;
import static io.roomcast.testkit.SearchFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.RegistryWriterSchemas;
import io.roomcast.search.RoomDocuments;
import io.roomcast.search.SearchFields;
import io.roomcast.search.SearchHits;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.SearchQueries;
import io.roomcast.search.SearchRequest;
import io.roomcast.search.Searcher;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * An existing platform whose {@code rooms} alias still points at an index of the previous mapping version
 * ({@code rooms-v1-1}, without {@code language}): the indexer, started, rebuilds it from the log into the code's
 * version, moves the alias and deletes the old index by itself. Searches answer through the alias all along (the old
 * index serves until the move), rooms written while the rebuild runs are all indexed, and no room with a language
 * goes to the dead-letter topic; users and clubs are indexed live while rooms is rebuilt. Each test has an
 * Elasticsearch of its own (the alias's state is the subject: the test kit's shared one serves other test classes), the
 * shared broker and registry.
 */
@IntegrationTest
class OutdatedMappingRebuildIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Rooms on the log before the indexer starts: enough that the rebuild takes a while. */
    private static final int BACKLOG = 1500;
    private static final String LANGUAGE = "pt-BR";

    @Test
    void anAliasOnAnOlderMappingVersionIsRebuiltAtStartWhileSearchesAnswer(EmbeddedKafka kafka, SchemaRegistryProcess registry)
            throws Exception {
        ElasticsearchServer elasticsearch = startElasticsearch("es-outdated-");
        String word = "outdated" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> serdeConfig = EventSerdes.config(registry.registryApiUrl());
        Serializer<RoomSnapshot> serializer = EventSerdes.value(Topics.ROOM_STATE, serdeConfig).serializer();
        try (SearchCluster cluster = SearchCluster.connect(elasticsearch.url());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer());
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka.bootstrapServers(), registry.registryApiUrl(),
                     "search-outdated-it")) {
            // The platform as the previous release left it: rooms-v1-1 behind the alias, one room already in it.
            String old = "rooms-v1-1";
            createVersion1(elasticsearch.url(), old);
            String early = word + "-early";
            RoomSnapshot earlyRoom = publicRoom(early, 1, word + " early", "h");
            send(producer, Topics.ROOM_STATE, serializer, early, earlyRoom);
            assertThat(cluster.bulk(old, List.of(new RoomDocuments().onSnapshot(earlyRoom).orElseThrow())))
                    .allMatch(SearchCluster.BulkOutcome::done);
            cluster.refresh(old);
            assertThat(ids(cluster, "rooms", word, null)).containsExactly(early);
            // The log has rooms with a language, which the old mapping refuses.
            List<String> expected = new ArrayList<>(List.of(early));
            for (int i = 0; i < BACKLOG; i++) {
                String id = word + "-backlog-" + i;
                send(producer, Topics.ROOM_STATE, serializer, id, withLanguage(publicRoom(id, 1, word + " backlog " + i, "h")));
                expected.add(id);
            }

            // Searches through the alias, all along.
            SearchProbe probe = new SearchProbe("outdated-it-searcher", () -> ids(cluster, "rooms", word + " early", null).contains(early));
            // Rooms written while the indexer starts and rebuilds: a stream, each acknowledged before the next.
            List<String> duringRebuild = new ArrayList<>();
            Set<String> streamed = ConcurrentHashMap.newKeySet();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            IndexerLoop loop = new IndexerLoop(cluster, new IndexerSettings(), kafka.bootstrapServers(),
                    "search-outdated-it-" + UUID.randomUUID(), new RegistryWriterSchemas(registry.registryApiUrl()),
                    deadLetters, meters);
            try {
                for (int i = 0; old.equals(cluster.aliasTarget(SearchIndex.ROOMS)); i++) {
                    String id = word + "-during-" + i;
                    send(producer, Topics.ROOM_STATE, serializer, id, withLanguage(publicRoom(id, 1, word + " during " + i, "h")));
                    streamed.add(id);
                    if (old.equals(cluster.aliasTarget(SearchIndex.ROOMS))) {
                        duringRebuild.add(id);
                    }
                    assertThat(i).as("the alias moved within " + WAIT).isLessThan(100_000);
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // pacing: ~50 rooms/s, not a wait
                }
                expected.addAll(streamed);
                String current = SearchIndex.ROOMS.indexName(1);
                assertThat(cluster.aliasTarget(SearchIndex.ROOMS)).isEqualTo(current);
                await("the old index deleted after the move").atMost(WAIT).until(() -> !exists(elasticsearch.url(), old));
                assertThat(duringRebuild).as("rooms written while the old index still served").isNotEmpty();

                long withLanguage = expected.size() - 1;
                await().atMost(WAIT).until(() -> {
                    cluster.refresh(SearchIndex.ROOMS.alias());
                    return countWithLanguage(cluster, word, LANGUAGE) == withLanguage;
                });
                String last = duringRebuild.getLast();
                assertThat(ids(cluster, "rooms", last.substring(last.lastIndexOf('-') + 1) + " " + word + " during", "pt"))
                        .as("found through the gateway's language filter").contains(last);
                int after = probe.answered();
                await().atMost(WAIT).until(() -> probe.answered() > after + 3 || probe.failure() != null);
            } finally {
                probe.close();
                loop.close();
            }
            assertThat(probe.failure()).as("every search during the rebuild answered").isNull();
            assertThat(probe.missing()).as("the early room was found by every search, before and after the move").isZero();
            assertThat(deadLetterKeys(kafka.bootstrapServers())).as("rooms of this test sent to room-state-dlq")
                    .noneMatch(k -> k.startsWith(word));
        } finally {
            elasticsearch.close();
        }
    }

    /**
     * While rooms is rebuilt at start, users and clubs are indexed live, a failed rebuild is started again, and the rooms
     * changed meanwhile reach the new index after the move. Elasticsearch itself holds the rebuild for as long as the
     * test needs, without a timing and without a hook in the indexer, through an index template on the next rooms
     * index: first a total fields limit of 1 (each attempt's index creation is refused: the rebuild fails and is started
     * again), then an allocation filter no node matches (the shard stays unassigned: the rebuild's bulk writes are
     * answered 503 and retried), until the test lifts it.
     */
    @Test
    void usersAndClubsAreIndexedWhileRoomsIsRebuiltAndRoomsChangedMeanwhileArriveAfterTheMove(EmbeddedKafka kafka,
            SchemaRegistryProcess registry) throws Exception {
        ElasticsearchServer elasticsearch = startElasticsearch("es-alongside-");
        String url = elasticsearch.url();
        String word = "alongside" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> serdeConfig = EventSerdes.config(registry.registryApiUrl());
        Serializer<RoomSnapshot> rooms = EventSerdes.value(Topics.ROOM_STATE, serdeConfig).serializer();
        try (SearchCluster cluster = SearchCluster.connect(url);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new ByteArraySerializer());
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka.bootstrapServers(), registry.registryApiUrl(),
                     "search-alongside-it")) {
            String old = "rooms-v1-1";
            createVersion1(url, old);
            String held = SearchIndex.ROOMS.alias() + "-v" + SearchIndex.ROOMS.mappingVersion() + "-*";
            expectOk(url, "PUT", "_index_template/hold-rooms-rebuild", template(held, "index.mapping.total_fields.limit", 1));
            String room = word + "-room";
            send(producer, Topics.ROOM_STATE, rooms, room, withLanguage(publicRoom(room, 1, word + " before", "h")));

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            IndexerLoop loop = new IndexerLoop(cluster, new IndexerSettings(), kafka.bootstrapServers(),
                    "search-alongside-it-" + UUID.randomUUID(), new RegistryWriterSchemas(registry.registryApiUrl()),
                    deadLetters, meters);
            try {
                await("the rooms rebuild failed and started again").atMost(WAIT)
                        .until(() -> meters.get("roomcast.search.rebuild.failures").counter().count() >= 2);
                assertThat(loop.rebuilding()).containsExactly("rooms");
                assertThat(loop.running()).as("the loop goes on").isTrue();
                expectOk(url, "PUT", "_index_template/hold-rooms-rebuild",
                        template(held, "index.routing.allocation.require._name", "no-such-node"));
                // Written after the start, while the rebuild is held.
                String user = word + "-user";
                String club = word + "-club";
                send(producer, Topics.USER_PROFILES, EventSerdes.value(Topics.USER_PROFILES, serdeConfig).serializer(),
                        user, user(user, 1, word + "_u", word + " Listener", null));
                send(producer, Topics.CLUBS, EventSerdes.value(Topics.CLUBS, serdeConfig).serializer(),
                        club, club(club, 1, word + " club", "talks", List.of("science.space")));
                send(producer, Topics.ROOM_STATE, rooms, room, withLanguage(publicRoom(room, 2, word + " renamed", "h")));
                await("the user and the club searchable").atMost(WAIT).until(() ->
                        ids(cluster, "users", word, null).contains(user) && ids(cluster, "clubs", word, null).contains(club));
                assertThat(cluster.aliasTarget(SearchIndex.ROOMS)).as("rooms not moved yet").isEqualTo(old);
                assertThat(loop.rebuilding()).containsExactly("rooms");
                assertThat(loop.running()).isTrue();
                assertThat(meters.get("roomcast.search.rebuilding").gauge().value()).isEqualTo(1.0);

                expectOk(url, "DELETE", "_index_template/hold-rooms-rebuild", null);
                expectOk(url, "PUT", held + "/_settings", "{\"index.routing.allocation.require._name\":null}");
                await("the rebuild done").atMost(WAIT).until(() -> loop.rebuilding().isEmpty());
                assertThat(SearchIndex.ROOMS.outdated(cluster.aliasTarget(SearchIndex.ROOMS))).isFalse();
                assertThat(exists(url, old)).as("the old index deleted").isFalse();
                await("the room's change during the rebuild in the new index").atMost(WAIT).until(() ->
                        hits(cluster, "rooms", word, "pt").stream().anyMatch(h -> h.id().equals(room)
                                && h.source().get("title").equals(word + " renamed")));
                assertThat(ids(cluster, "rooms", word, null)).as("the room once").containsExactly(room);
                assertThat(meters.get("roomcast.search.rebuilding").gauge().value()).isZero();
                assertThat(loop.running()).isTrue();
            } finally {
                loop.close();
            }
            assertThat(deadLetterKeys(kafka.bootstrapServers())).as("rooms of this test sent to room-state-dlq")
                    .noneMatch(k -> k.startsWith(word));
        } finally {
            elasticsearch.close();
        }
    }

    /** @return the body of an index template giving the indices of this pattern one setting */
    private static String template(String pattern, String setting, Object value) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                Map.of("index_patterns", List.of(pattern), "template", Map.of("settings", Map.of(setting, value))));
    }

    /** An Elasticsearch of this test's own (the alias's state is the subject), data under target/. */
    private static ElasticsearchServer startElasticsearch(String prefix) throws Exception {
        Path work = Path.of("target", prefix + ProcessHandle.current().pid()).toAbsolutePath();
        return ElasticsearchServer.start(SchemaRegistryProcess.defaultDistDir(), Ports.free(), work,
                work.resolveSibling(work.getFileName() + ".log"));
    }

    /** Sends a request; fails the test unless Elasticsearch answers 200. */
    private static void expectOk(String url, String method, String path, String json) throws Exception {
        HttpResponse<String> response = http(url, method, path, json);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
    }

    private static RoomSnapshot withLanguage(RoomSnapshot snapshot) {
        snapshot.getDetails().setLanguage(LANGUAGE);
        return snapshot;
    }

    /** Creates {@code name} with the rooms mapping of version 1 (today's without language), behind the alias. */
    private static void createVersion1(String url, String name) throws Exception {
        Map<String, Object> mappings = new LinkedHashMap<>(SearchIndex.ROOMS.mappings());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new HashMap<>((Map<String, Object>) mappings.get("properties"));
        properties.remove(SearchFields.LANGUAGE);
        mappings.put("properties", properties);
        Map<String, Object> body = Map.of("settings", SearchIndex.ROOMS.settings(0, "1s"), "mappings", mappings,
                "aliases", Map.of(SearchIndex.ROOMS.alias(), Map.of("is_write_index", true)));
        HttpResponse<String> response = http(url, "PUT", name,
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static boolean exists(String url, String index) throws Exception {
        return http(url, "HEAD", index, null).statusCode() == 200;
    }

    private static HttpResponse<String> http(String url, String method, String index, String json) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/" + index)).header("Content-Type", "application/json");
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * @param type rooms, users or clubs
     * @return the ids on the first page of a search as the gateway makes it (language: the filter, or null)
     */
    private static List<String> ids(SearchCluster cluster, String type, String q, String language) {
        return hits(cluster, type, q, language).stream().map(SearchHits.Hit::id).toList();
    }

    /** @return the first page of a search as the gateway makes it (language: the filter, or null) */
    private static List<SearchHits.Hit> hits(SearchCluster cluster, String type, String q, String language) {
        Map<String, List<String>> params = new HashMap<>(Map.of("q", List.of(q), "type", List.of(type)));
        if (language != null) {
            params.put("language", List.of(language));
        }
        SearchRequest request = SearchRequest.parse(params, SearchRequest.Limits.DEFAULTS);
        Searcher nobody = new Searcher("anonymous", Set.of(), Set.of(), Set.of(), Set.of());
        return SearchHits.of(cluster.search(request.index().alias(), SearchQueries.body(request, nobody, null)), request)
                .hits();
    }

    /** @return how many rooms of this test the alias holds with this language */
    private static long countWithLanguage(SearchCluster cluster, String word, String language) {
        Map<String, Object> response = cluster.search(SearchIndex.ROOMS.alias(), Map.of("size", 0, "track_total_hits", true,
                "query", Map.of("bool", Map.of("filter", List.of(
                        Map.of("prefix", Map.of(SearchFields.ROOM_ID, word + "-")),
                        Map.of("term", Map.of(SearchFields.LANGUAGE, language)))))));
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) response.get("hits")).get("total")).get("value")).longValue();
    }

    private static List<String> deadLetterKeys(String bootstrapServers) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = IndexerLoop.consumer(bootstrapServers, "search-outdated-it-dlq", 500)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.ROOM_STATE.name() + "-dlq", 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (consumer.position(partitions.getFirst()) < end.get(partitions.getFirst())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }

    private static <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, Serializer<V> serializer,
                                 String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, serializer.serialize(topic.name(), value))).get(30, TimeUnit.SECONDS);
    }
}
