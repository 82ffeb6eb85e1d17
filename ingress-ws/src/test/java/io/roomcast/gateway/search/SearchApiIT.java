package io.roomcast.gateway.search;

import static io.roomcast.testkit.SearchFixtures.publicRoom;
import static io.roomcast.testkit.SearchFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.gateway.OpenApiTraffic;
import io.roomcast.gateway.TestGateway;
import io.roomcast.search.IndexWrite;
import io.roomcast.search.ProfileDocuments;
import io.roomcast.search.RoomDocuments;
import io.roomcast.search.SearchIndex;
import io.roomcast.search.elasticsearch.SearchCluster;
import io.roomcast.servers.ElasticsearchServer;
import io.roomcast.servers.Ports;
import io.roomcast.servers.RedisServer;
import io.roomcast.servers.SchemaRegistryProcess;
import io.roomcast.testkit.EmbeddedKafka;
import io.roomcast.testkit.IntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /search} on a gateway in this JVM against the test kit's Elasticsearch (documents written as
 * search-indexer writes them), PostgreSQL (the caller's blocks, through the user API) and broker; every exchange
 * checked against docs/openapi.yml ({@link OpenApiTraffic}).
 */
@IntegrationTest
class SearchApiIT {
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestGateway gateway;
    private static TestGateway gatewayWithoutElasticsearch;
    private static OpenApiTraffic rest;
    private static SearchCluster cluster;

    @BeforeAll
    static void start(EmbeddedKafka kafka, SchemaRegistryProcess registry, RedisServer redis, ElasticsearchServer es)
            throws Exception {
        gateway = TestGateway.start(kafka, registry, redis, Map.of("roomcast.gateway.search.elasticsearch-url", es.url()));
        gatewayWithoutElasticsearch = TestGateway.start(kafka, registry, redis,
                Map.of("roomcast.gateway.search.elasticsearch-url", "http://127.0.0.1:" + Ports.free()));
        rest = OpenApiTraffic.create();
        cluster = SearchCluster.connect(es.url());
        for (SearchIndex index : SearchIndex.values()) {
            cluster.ensureIndex(index, 0, "1s");
        }
        List<IndexWrite> writes = new ArrayList<>();
        RoomDocuments rooms = new RoomDocuments();
        for (int i = 1; i <= 3; i++) {
            rooms.onSnapshot(publicRoom("r" + i + "-" + RUN, 1, "Kestrel" + RUN + " watching part " + i, id("host")))
                    .ifPresent(writes::add);
        }
        rooms.onSnapshot(publicRoom("m-" + RUN, 1, "Kestrel" + RUN + " by mallory", id("mallory"))).ifPresent(writes::add);
        for (String language : new String[] {"pt", "pt-BR", "en", null}) {
            RoomSnapshot room = publicRoom("lang-" + language + "-" + RUN, 1, "Heron" + RUN + " talk", id("host"));
            room.getDetails().setLanguage(language);
            rooms.onSnapshot(room).ifPresent(writes::add);
        }
        writes.add(ProfileDocuments.user(user(id("mallory"), 1, "mallory_" + RUN, "Mallory " + RUN, null)));
        writes.add(ProfileDocuments.user(user(id("marvin"), 1, "marvin_" + RUN, "Marvin " + RUN, null)));
        cluster.bulk(null, writes);
        for (SearchIndex index : SearchIndex.values()) {
            cluster.refresh(index.alias());
        }
        for (String name : List.of("alice", "bob", "mallory")) {
            assertThat(call("POST", "/users", token(name), "{\"username\":\"" + name + "_" + RUN
                    + "\",\"display_name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        }
        assertThat(call("PUT", "/users/me/blocks/" + id("mallory"), token("alice"), null).statusCode()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        if (rest != null) {
            rest.close();
        }
        for (TestGateway g : new TestGateway[] {gateway, gatewayWithoutElasticsearch}) {
            if (g != null) {
                g.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void partOfATitleFindsTheRoomsWithHighlightsPageByPage() throws Exception {
        String q = "kestrel" + RUN + " watch";
        JsonNode first = json(search("bob", "q=" + enc(q) + "&limit=2"), 200);
        assertThat(first.get("type").asText()).isEqualTo("rooms");
        assertThat(first.get("results")).hasSize(2);
        assertThat(first.get("results").get(0).get("highlights").get("title").get(0).asText()).contains("<em>watching</em>");
        String cursor = first.get("next_cursor").asText();
        JsonNode second = json(search("bob", "q=" + enc(q) + "&limit=2&cursor=" + enc(cursor)), 200);
        List<String> ids = new ArrayList<>();
        first.get("results").forEach(r -> ids.add(r.get("id").asText()));
        second.get("results").forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).doesNotHaveDuplicates().contains("r1-" + RUN, "r2-" + RUN, "r3-" + RUN, "m-" + RUN);
        assertThat(second.has("next_cursor")).isFalse();

        assertError(search("bob", "q=" + enc(q) + "&cursor=" + enc(cursor + "x")), 400, "invalid cursor");
        assertError(search("bob", "q=" + enc("other") + "&cursor=" + enc(cursor)), 400, "invalid cursor");
        assertError(search("bob", "q=" + enc(q) + "&cursor=" + enc("bm90LWEtY3Vyc29y.AAAAAAAAAAAAAAAAAAAAAA")), 400, "invalid cursor");
    }

    @Test
    void blockedPeopleAndTheirRoomsAreNeverReturnedToTheBlocker() throws Exception {
        String q = "kestrel" + RUN;
        assertThat(ids(json(search("bob", "q=" + enc(q)), 200))).contains("m-" + RUN);
        assertThat(ids(json(search("alice", "q=" + enc(q)), 200))).doesNotContain("m-" + RUN).isNotEmpty();
        assertThat(ids(json(search("bob", "type=users&q=" + enc("ma")), 200))).contains(id("mallory"), id("marvin"));
        assertThat(ids(json(search("alice", "type=users&q=" + enc("ma")), 200))).contains(id("marvin"))
                .doesNotContain(id("mallory"));
        assertThat(ids(json(search("mallory", "type=users&q=" + enc("mallory_" + RUN)), 200))).contains(id("mallory"));
    }

    @Test
    void aLanguageFindsRoomsInThatLanguageAndItsRegionalVariantsOnly() throws Exception {
        String q = "q=" + enc("heron" + RUN);
        assertThat(ids(json(search("bob", q + "&language=pt"), 200)))
                .containsExactlyInAnyOrder("lang-pt-" + RUN, "lang-pt-BR-" + RUN);
        assertThat(ids(json(search("bob", q + "&language=pt-br"), 200))).containsExactly("lang-pt-BR-" + RUN);
        JsonNode english = json(search("bob", q + "&language=EN"), 200);
        assertThat(ids(english)).containsExactly("lang-en-" + RUN);
        assertThat(english.get("results").get(0).get("language").asText()).isEqualTo("en");
        assertThat(ids(json(search("bob", q), 200))).hasSize(4);
        assertError(search("bob", q + "&language=en_US"), 400,
                "language is not a well-formed BCP 47 language tag (RFC 5646, e.g. en, pt-BR)");
        assertError(search("bob", q + "&language=x-klingon"), 400, "language must start with a language subtag");
        assertError(searchOutsideContract("bob", q + "&language=" + "en-" + "a".repeat(33)), 400,
                "language is longer than 35 characters");
    }

    @Test
    void aMisspelledNameFindsThePerson() throws Exception {
        assertThat(ids(json(search("bob", "type=users&q=" + enc("marvni_" + RUN)), 200))).contains(id("marvin"));
    }

    @Test
    void badInputGetsA400NamingTheProblemNeverA500() throws Exception {
        assertError(searchOutsideContract("bob", "q="), 400, "q is required");
        assertError(search("bob", "type=rooms"), 400, "q is required");
        assertError(searchOutsideContract("bob", "q=" + "a".repeat(201)), 400, "longer than 200");
        assertError(searchOutsideContract("bob", "q=jazz&type=podcasts"), 400, "unknown type");
        assertError(search("bob", "q=jazz&type=users&language=en"), 400, "unknown parameter 'language'");
        assertError(search("bob", "q=jazz&type=users&status=live"), 400, "unknown parameter 'status'");
        assertError(searchOutsideContract("bob", "q=jazz&status=ended"), 400, "status must be live or scheduled");
        assertError(searchOutsideContract("bob", "q=jazz&limit=500"), 400, "limit must be");
        assertError(searchOutsideContract("bob", "q=jazz&q=blues"), 400, "more than once");
        for (String syntax : List.of("*", "~", "\"", "(", "\\", "title:*", "{\"match_all\":{}}", "/.*/")) {
            HttpResponse<String> r = search("bob", "q=" + enc(syntax));
            assertThat(r.statusCode()).as(syntax).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("results")).as(syntax).isEmpty();
        }
        assertThat(search("bob", "q=" + enc("kestrel" + RUN + " OR anything")).statusCode()).as("OR is a word").isEqualTo(200);
    }

    @Test
    void aTenKilobyteQueryIsRefusedAndTheClientsNextRequestStillAnswered() throws Exception {
        // Each round: a dev-token POST, the refused GET, then a POST and a GET on the same client. Before the
        // Connection: close, about 1 in 9 of those next requests met the server's close on a pooled connection.
        for (int round = 0; round < 20; round++) {
            HttpResponse<String> r = rest.sendOutsideContract(request(gateway, "bob", "q=" + "a".repeat(10 * 1024)));
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("connection")).hasValue("close");
            assertThat(search("bob", "q=" + enc("kestrel" + RUN)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutElasticsearchTheAnswerIs503WithRetryAfter() throws Exception {
        HttpResponse<String> r = rest.send(request(gatewayWithoutElasticsearch, "bob", "q=jazz"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).as("found missing by the chaos run").hasValue("1");
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unavailable");
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_request");
        assertThat(body.get("message").asText()).contains(message);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> search(String who, String query) throws Exception {
        return rest.send(request(gateway, who, query));
    }

    /** A request docs/openapi.yml itself refuses (its answer must still conform). */
    private static HttpResponse<String> searchOutsideContract(String who, String query) throws Exception {
        return rest.sendOutsideContract(request(gateway, who, query));
    }

    private static HttpRequest request(TestGateway target, String who, String query) throws Exception {
        return HttpRequest.newBuilder(URI.create(target.url() + "/search?" + query))
                .header("Authorization", "Bearer " + rest.devToken(target.url(), id(who))).GET().build();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return rest.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String token(String name) throws Exception {
        return rest.devToken(gateway.url(), id(name));
    }

    private static String id(String name) {
        return name + "-" + RUN;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
