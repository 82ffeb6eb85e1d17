package io.roomcast.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search scenario of {@code ./roomcast demo} (README, "The demo"), through the gateway's {@code GET /search}:
 *
 * <ol>
 *   <li>{@link #ROOMS} public rooms are created by as many hosts, and a PRIVATE room with the same words; each public
 *       room is searched for by part of its title (two words, the last one cut short as if still typed) every 50 ms
 *       from the moment {@code POST /rooms} answered until it is found: that time is its lag
 *       ({@code search_lag_p99_ms}: the largest of them).</li>
 *   <li>A person signs up; a misspelled username (one letter wrong) must find them.</li>
 *   <li>Every search of the scenario, and {@link #PRIVATE_CHECKS} more for the private room's own title after all
 *       public rooms were found, counts the private room coming back ({@code search_private_leaks}, must be 0).</li>
 * </ol>
 * {@code search_hits_ok}: every room and the person found within {@link #STEP}.
 */
public final class SearchScenario {
    /** Public rooms created and searched for. */
    public static final int ROOMS = 5;
    /** Searches for the private room's title after the public rooms were found. */
    public static final int PRIVATE_CHECKS = 20;
    /** Longest wait for one result. */
    public static final Duration STEP = Duration.ofSeconds(30);
    private static final long POLL_MS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayHttp rest;
    private final PrintStream out;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String searcher;
    private String privateRoom;
    private int leaks;

    /** @param gateway base URL of a gateway node, e.g. {@code http://localhost:8080} */
    public SearchScenario(String gateway, PrintStream out) throws InterruptedException {
        this.rest = new GatewayHttp(gateway);
        this.out = out;
        this.searcher = rest.tokens(List.of("search-demo-" + run)).getFirst();
    }

    /** @return the keys {@code search_hits_ok}, {@code search_lag_p99_ms}, {@code search_private_leaks} */
    public Map<String, Object> run() throws IOException, InterruptedException {
        String[] words = {"saxophone", "telescope", "sourdough", "marathon", "origami"};
        List<String> hosts = rest.tokens(java.util.stream.IntStream.range(0, ROOMS + 1)
                .mapToObj(i -> "search-host-" + i + "-" + run).toList());
        privateRoom = rest.call("POST", "/rooms", hosts.get(ROOMS), JSON.createObjectNode()
                .put("title", "Secret " + words[0] + " club " + run).put("visibility", "private"), 201, 202)
                .path("room_id").asText();
        List<Long> lags = new ArrayList<>();
        boolean found = true;
        for (int i = 0; i < ROOMS; i++) {
            String title = "Evening " + words[i] + " workshop " + run;
            String room = rest.call("POST", "/rooms", hosts.get(i), JSON.createObjectNode().put("title", title)
                    .put("topic", "demo"), 201, 202).path("room_id").asText();
            long t0 = System.nanoTime();
            String typed = run + " " + words[i].substring(0, words[i].length() - 2);
            boolean hit = awaitHit("rooms", typed, room);
            found &= hit;
            if (hit) {
                lags.add((System.nanoTime() - t0) / 1_000_000);
            }
        }
        out.printf("  rooms found by part of their titles: %d of %d, lag max %s ms%n", lags.size(), ROOMS,
                lags.isEmpty() ? "-" : Collections.max(lags));
        String username = "saxophonist_" + run;
        String personToken = rest.tokens(List.of("search-person-" + run)).getFirst();
        rest.call("POST", "/users", personToken, JSON.createObjectNode().put("username", username)
                .put("display_name", "Sam Player"), 201);
        String misspelled = "saxaphonist_" + run;
        boolean person = awaitHit("users", misspelled, "search-person-" + run);
        out.printf("  misspelled username '%s' finds '%s': %s%n", misspelled, username, person);
        for (int i = 0; i < PRIVATE_CHECKS; i++) {
            ids("rooms", "Secret " + words[0] + " club " + run);
        }
        out.printf("  private room returned by a search: %d times%n", leaks);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("search_hits_ok", found && person && leaks == 0);
        summary.put("search_lag_p99_ms", lags.isEmpty() ? null : Collections.max(lags));
        summary.put("search_private_leaks", leaks);
        return summary;
    }

    /** Searches every 50 ms until id comes back (true) or {@link #STEP} passes (false). */
    private boolean awaitHit(String type, String q, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            if (ids(type, q).contains(id)) {
                return true;
            }
            Thread.sleep(POLL_MS); // polling an HTTP resource: there is nothing to wait on
        }
        return false;
    }

    /** One search as the demo's searcher; counts the private room coming back. */
    private List<String> ids(String type, String q) throws IOException, InterruptedException {
        JsonNode page = rest.call("GET", "/search?type=" + type + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                searcher, null, 200);
        List<String> ids = new ArrayList<>();
        page.path("results").forEach(r -> ids.add(r.path("id").asText()));
        if (ids.contains(privateRoom)) {
            leaks++;
        }
        return ids;
    }
}
