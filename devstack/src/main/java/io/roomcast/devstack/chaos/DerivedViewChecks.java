package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos run's checks of the views other services derive from the room facts, through the gateway's REST API
 * (docs/reliability.md, "Chaos run"), waited for up to {@link #WAIT} since each is eventually consistent:
 * <ul>
 *   <li><b>stats</b> (ranking-stream, its Redis read model): {@code GET /rooms/{id}/stats} answers 200 with the
 *       reference model's counts: {@code speakers} the members who speak (moderators, speakers), {@code listeners}
 *       the others. After the Redis restart this needs ranking-stream to have written the room again;</li>
 *   <li><b>search</b> (search-indexer, Elasticsearch): {@code GET /search?q=<title>&type=rooms} finds the room
 *       on its first page.</li>
 * </ul>
 * notification-worker has nothing to derive here (the run's users follow no one); the run checks that it did not
 * crash, as it does for every service.
 */
final class DerivedViewChecks {
    /** How long the views may take to agree with the model after the load stopped. */
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DerivedViewChecks() {
    }

    /**
     * @param gateway a gateway node's base URL
     * @param models  the reference model of each room, by room id
     */
    static void run(String gateway, ChaosWorkload workload, Map<String, RoomFold> models, ChaosChecks.Result result)
        throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, String> differences;
        while (true) {
            differences = differences(gateway, workload, models);
            if (differences.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1_000); // the views catch up on their own services' threads; ask again
        }
        long stats = differences.values().stream().filter(d -> d.startsWith("stats")).count();
        long search = differences.values().stream().filter(d -> d.contains("search")).count();
        result.figures.put("stats_mismatches", stats);
        result.figures.put("search_rooms_missing", search);
        differences.forEach((room, d) -> result.fail("room " + room + ": " + d));
    }

    /** @return per room that differs, how (empty when every room's views agree with its model) */
    private static Map<String, String> differences(String gateway, ChaosWorkload workload, Map<String, RoomFold> models)
        throws InterruptedException {
        Map<String, String> differences = new LinkedHashMap<>();
        for (ChaosWorkload.Room room : workload.rooms()) {
            String token = room.users().getFirst().token();
            List<String> found = new ArrayList<>();
            RoomFold model = models.get(room.id());
            long speakers = model.members().values().stream().filter(m -> RoomFold.speaks(m.role())).count();
            long listeners = model.members().size() - speakers;
            JsonNode stats = get(gateway + "/rooms/" + room.id() + "/stats", token);
            if (stats == null) {
                found.add("stats: no answer 200");
            } else if (stats.path("speakers").asLong() != speakers || stats.path("listeners").asLong() != listeners) {
                found.add("stats: model " + speakers + " speakers, " + listeners + " listeners, found "
                    + stats.path("speakers") + ", " + stats.path("listeners"));
            }
            JsonNode page = get(gateway + "/search?type=rooms&limit=50&q="
                + URLEncoder.encode(room.title(), StandardCharsets.UTF_8), token);
            boolean listed = page != null && page.path("results").findValuesAsText("id").contains(room.id());
            if (!listed) {
                found.add("search for '" + room.title() + "' " + (page == null ? "did not answer 200" : "did not find it"));
            }
            if (!found.isEmpty()) {
                differences.put(room.id(), String.join("; ", found));
            }
        }
        return differences;
    }

    /** @return the JSON body of a 200 answer, else null */
    private static JsonNode get(String url, String token) throws InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
