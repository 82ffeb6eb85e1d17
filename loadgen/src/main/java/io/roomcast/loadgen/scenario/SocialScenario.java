package io.roomcast.loadgen.scenario;

import static io.roomcast.clients.ws.RecordingClient.dispatch;
import static io.roomcast.clients.ws.RecordingClient.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.clients.ws.RecordingClient;
import io.roomcast.events.SocialEdge;
import io.roomcast.loadgen.gateway.GatewayHttp;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The social scenario of {@code ./roomcast demo}, in two parts around the room scenario.
 *
 * <ol>
 *   <li>{@link #buildGraph()}: 7 people sign up with profiles through the user/club API ({@code POST /users}),
 *       follow topics with a weight, follow each other, join a public club and ask to join a private one (the
 *       admin approves), and the host blocks one of them; then the {@code social-graph} topic, read from offset 0,
 *       must hold every edge made, in its final state ({@link #expectedEdges}).</li>
 *   <li>{@link #checkAccess()}, later (room-state-stream's global social-graph store has long caught up): a SOCIAL
 *       room of the host refuses a user the host does not follow ({@code not_followed}) and admits a followed one;
 *       a room with {@code approval_required} admits a user once the host approves the request; the blocked user
 *       is refused with {@code blocked}.</li>
 * </ol>
 * Every step that does not happen within 30 s throws an {@link IllegalStateException} naming it.
 */
public final class SocialScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(30);

    private final String gateway;
    private final String bootstrapServers;
    private final String registryApiUrl;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final GatewayHttp rest;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String host = user("host");
    private final String fan1 = user("fan1");
    private final String fan2 = user("fan2");
    private final String fan3 = user("fan3");
    private final String stranger = user("stranger");
    private final String pest = user("pest");
    private final String asker = user("asker");
    private final List<String> everyone = List.of(host, fan1, fan2, fan3, stranger, pest, asker);
    /** Final state of each edge the scenario made: social-graph key → active. */
    private final Map<String, Boolean> expectedEdges = new LinkedHashMap<>();
    private final Map<String, Integer> rejections = new TreeMap<>();
    private final Map<String, String> tokens = new HashMap<>();
    private int follows;
    private int clubs;

    /**
     * @param gateway          base URL of a gateway node, e.g. {@code http://localhost:8080}
     * @param bootstrapServers the broker, to read {@code social-graph} back
     * @param registryApiUrl   the registry's Confluent API, to decode it
     */
    public SocialScenario(String gateway, String bootstrapServers, String registryApiUrl, PrintStream out) {
        this.gateway = gateway;
        this.bootstrapServers = bootstrapServers;
        this.registryApiUrl = registryApiUrl;
        this.out = out;
        this.rest = new GatewayHttp(gateway);
    }

    private String user(String role) {
        return role + "_" + run;
    }

    /**
     * Part 1: people, clubs, follows, interests and a block, read back from {@code social-graph}.
     *
     * @return keys {@code users}, {@code clubs}, {@code follows} (follow edges made: users, clubs, topics),
     *     {@code social_graph_records} (records of this run's people read back from the topic)
     * @throws IllegalStateException if a request is refused or the topic disagrees with what was made
     */
    public Map<String, Object> buildGraph() throws IOException, InterruptedException {
        out.println("  " + everyone.size() + " people sign up; topics, follows, two clubs and a block");
        for (String u : everyone) {
            ObjectNode profile = JSON.createObjectNode().put("username", u)
                .put("display_name", Character.toUpperCase(u.charAt(0)) + u.substring(1, u.indexOf('_')))
                .put("bio", "Demo person (" + u.substring(0, u.indexOf('_')) + ") of run " + run);
            call("POST", "/users", u, profile, 201);
        }
        List<String> topics = new ArrayList<>();
        call("GET", "/topics", host, null, 200).path("topics").forEach(t -> topics.add(t.path("slug").asText()));
        require(topics.size() >= 2, "GET /topics lists fewer than 2 topics: " + topics);
        for (int i = 0; i < everyone.size(); i++) {
            followTopic(everyone.get(i), topics.get(i % topics.size()), 1.0);
            followTopic(everyone.get(i), topics.get((i + 1) % topics.size()), 0.5);
        }
        for (String followed : List.of(fan1, fan2, pest)) {
            followUser(host, followed);
        }
        for (String follower : List.of(fan1, fan2, fan3, stranger, pest)) {
            followUser(follower, host);
        }

        ObjectNode open = JSON.createObjectNode().put("name", "Demo club " + run).put("description", "Where the demo meets");
        open.putArray("topics").add(topics.get(0));
        String club = call("POST", "/clubs", host, open, 201).path("club_id").asText();
        ObjectNode closed = JSON.createObjectNode().put("name", "Inner circle " + run).put("private", true);
        String inner = call("POST", "/clubs", host, closed, 201).path("club_id").asText();
        clubs = 2;
        for (String c : List.of(club, inner)) {
            member(host, c);
            expectedEdges.put(edgeKey(host, "CLUB_ADMIN", "CLUB", c), true);
        }
        for (String joiner : List.of(fan1, fan2)) {
            require(call("POST", "/clubs/" + club + "/join", joiner, null, 200).path("status").asText().equals("member"),
                joiner + " did not become a member of the public club");
            member(joiner, club);
        }
        call("PUT", "/users/me/following/clubs/" + club, fan3, null, 204);
        edge(fan3, "FOLLOWS", "CLUB", club, true);
        follows++;
        require(call("POST", "/clubs/" + inner + "/join", fan3, null, 202).path("status").asText().equals("requested"),
            "joining the private club was not a request");
        call("POST", "/clubs/" + inner + "/join-requests/" + fan3 + "/approve", host, null, 200, 204);
        member(fan3, inner);

        call("PUT", "/users/me/blocks/" + pest, host, null, 204);
        edge(host, "BLOCKS", "USER", pest, true);
        edge(host, "FOLLOWS", "USER", pest, false); // a block ends follows both ways
        edge(pest, "FOLLOWS", "USER", host, false);

        int records = readBack();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("users", everyone.size());
        summary.put("clubs", clubs);
        summary.put("follows", follows);
        summary.put("social_graph_records", records);
        return summary;
    }

    /**
     * Part 2: the room access rules that use the graph (docs/protocol.md, "Who may join").
     *
     * @return key {@code access_rejections}: rejected joins by reason ({@code not_followed}, {@code blocked})
     * @throws IllegalStateException if a join is answered otherwise
     */
    public Map<String, Object> checkAccess() throws IOException, InterruptedException {
        out.println("  a friends-only room, a room that asks first, a blocked user");
        ObjectNode social = JSON.createObjectNode().put("title", "Friends of the host").put("visibility", "social");
        String friendsOnly = rest.createRoom(token(host), social, STEP);
        RecordingClient outsider = client(stranger);
        RecordingClient friend = client(fan1);
        refused(outsider, friendsOnly, "not_followed");
        friend.command("join", friendsOnly, "join-" + fan1, null);
        require("applied".equals(result(friend, "join-" + fan1).path("outcome").asText()),
            fan1 + ", whom the host follows, was not let into the friends-only room");

        ObjectNode ask = JSON.createObjectNode().put("title", "Ask the host first");
        ask.putObject("settings").put("approval_required", true);
        String askFirst = rest.createRoom(token(host), ask, STEP);
        RecordingClient moderator = client(host);
        moderator.command("join", askFirst, "join-" + host, null);
        moderator.expect(op("SNAPSHOT"), STEP);
        RecordingClient requester = client(asker);
        requester.command("join", askFirst, "join-" + asker, null);
        require(result(requester, "join-" + asker).path("pending").asBoolean(), "the join did not wait for approval");
        require(moderator.await(dispatch("join_requested", asker), STEP), "the host saw no join request");
        moderator.command("approve_join", askFirst, "approve-" + asker, asker);
        require(requester.await(dispatch("participant_joined", asker), STEP), asker + " was not admitted after approval");

        refused(client(pest), askFirst, "blocked");
        for (RecordingClient c : List.of(outsider, friend, moderator, requester)) {
            c.abort();
        }
        return Map.of("access_rejections", rejections);
    }

    private void refused(RecordingClient c, String room, String reason) throws InterruptedException {
        c.command("join", room, "join-" + c.user(), null);
        JsonNode answer = result(c, "join-" + c.user());
        require("rejected".equals(answer.path("outcome").asText()) && reason.equals(answer.path("reason").asText()),
            c.user() + "'s join was answered " + answer + ", not rejected with " + reason);
        rejections.merge(reason, 1, Integer::sum);
        c.abort();
    }

    private static JsonNode result(RecordingClient c, String nonce) throws InterruptedException {
        Predicate<JsonNode> answer = f -> op("COMMAND_RESULT").test(f) && nonce.equals(f.path("nonce").asText());
        return c.expect(answer, STEP);
    }

    private RecordingClient client(String user) throws IOException, InterruptedException {
        return RecordingClient.identified(http, gateway, user, STEP);
    }

    private String token(String user) throws IOException, InterruptedException {
        String token = tokens.get(user);
        if (token == null) {
            token = RecordingClient.devToken(http, gateway, user);
            tokens.put(user, token);
        }
        return token;
    }

    private void followUser(String follower, String followed) throws IOException, InterruptedException {
        call("PUT", "/users/me/following/users/" + followed, follower, null, 204);
        edge(follower, "FOLLOWS", "USER", followed, true);
        follows++;
    }

    private void followTopic(String user, String slug, double weight) throws IOException, InterruptedException {
        call("PUT", "/users/me/following/topics/" + slug, user, JSON.createObjectNode().put("weight", weight), 204);
        edge(user, "FOLLOWS", "TOPIC", slug, true);
        follows++;
    }

    private void member(String user, String club) {
        edge(user, "MEMBER", "CLUB", club, true);
    }

    private void edge(String user, String relation, String targetType, String target, boolean active) {
        expectedEdges.put(edgeKey(user, relation, targetType, target), active);
    }

    private static String edgeKey(String user, String relation, String targetType, String target) {
        return user + "|" + relation + "|" + targetType + ":" + target;
    }

    private JsonNode call(String method, String path, String user, JsonNode body, int... ok)
        throws IOException, InterruptedException {
        return rest.call(method, path, token(user), body, ok);
    }

    /**
     * Reads {@code social-graph} from offset 0 until every edge of {@link #expectedEdges} is there in its final
     * state (the latest record of its key), or 30 s pass.
     *
     * @return records of this run's people read
     */
    private int readBack() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        Set<String> people = Set.copyOf(everyone);
        Map<String, Boolean> seen = new HashMap<>();
        int records = 0;
        try (KafkaConsumer<String, SocialEdge> consumer = new KafkaConsumer<>(config,
                EventSerdes.key(Topics.SOCIAL_GRAPH).deserializer(),
                EventSerdes.value(Topics.SOCIAL_GRAPH, EventSerdes.config(registryApiUrl)).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SOCIAL_GRAPH.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + STEP.toNanos();
            while (!seen.equals(expectedEdges) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SocialEdge> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && people.contains(r.value().getUserId())) {
                        records++;
                        seen.put(r.key(), r.value().getActive());
                    }
                }
            }
        }
        require(seen.equals(expectedEdges), "social-graph disagrees with what was made: expected " + expectedEdges
            + ", read " + seen);
        out.println("  social-graph read back: " + records + " records, " + seen.size() + " edges as made");
        return records;
    }

    private static void require(Object condition, String failure) {
        if (condition == null || Boolean.FALSE.equals(condition)) {
            throw new IllegalStateException("social scenario: " + failure);
        }
    }
}
