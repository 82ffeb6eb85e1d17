package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The chaos run's checks, made after the load stopped and every answer came in (docs/reliability.md, "Chaos run"):
 * <ol>
 *   <li><b>state</b>: per room, the reference model ({@link RoomFold} over the room's facts on {@code room-events},
 *       read as an outside reader does: the registry and the topic only) equals the last {@code room-state}
 *       snapshot (version, members, roles, mute, raised hands) and {@code GET /rooms/{id}} (the Redis read model:
 *       version, moderators, speakers, listeners, raised hands);</li>
 *   <li><b>commands</b>: every command a client saw acknowledged as applied has its facts on {@code room-events}
 *       (none lost), and no (user, nonce) was applied by two commands (none applied twice);</li>
 *   <li><b>delivery</b>: each client got its room's versioned DISPATCHes once each and in order: an event id seen
 *       before is a duplicate; a version below the one it held (SNAPSHOT or DISPATCH) an order violation, and so is
 *       a SNAPSHOT older than what it held; a version more than one above it a gap (versions are consecutive, the
 *       facts of one command share one: docs/protocol.md, "Room facts").</li>
 * </ol>
 * Then the views the other services derive from the facts ({@link DerivedViewChecks}). The other checks (errors
 * seen, crashes, 5xx) are the run's own ({@link ChaosRun}).
 */
final class ChaosChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the checks counted; {@link #failures} is empty when every check passed. */
    static final class Result {
        final Map<String, Object> figures = new LinkedHashMap<>();
        final List<String> failures = new ArrayList<>();

        void fail(String failure) {
            if (failures.size() < 50) {
                failures.add(failure);
            }
        }
    }

    private ChaosChecks() {
    }

    /** @param derivedViews whether to check ranking-stream's and search-indexer's views too (they run) */
    static Result run(ChaosPlatform platform, ChaosWorkload workload, boolean derivedViews)
        throws IOException, InterruptedException {
        Result result = new Result();
        String registry = platform.config().registryApiUrl();
        String bootstrap = platform.config().bootstrapServers();
        Map<String, List<RoomEvent>> facts = new HashMap<>();
        readAll(bootstrap, registry, Topics.ROOM_EVENTS, (room, e) -> facts.computeIfAbsent(room, r -> new ArrayList<>()).add(e));
        Map<String, RoomSnapshot> states = new HashMap<>();
        readAll(bootstrap, registry, Topics.ROOM_STATE, states::put);
        Map<String, RoomFold> models = new HashMap<>();
        for (ChaosWorkload.Room room : workload.rooms()) {
            models.put(room.id(), model(facts.getOrDefault(room.id(), List.of())));
        }
        checkStates(platform, workload, models, states, result);
        checkCommands(workload, facts, result);
        checkDelivery(workload, result);
        countHostsOut(workload, facts, models, result);
        if (derivedViews) {
            DerivedViewChecks.run(platform.urls(io.roomcast.devstack.PlatformConfig.Service.INGRESS_WS).getFirst(),
                workload, models, result);
        }
        return result;
    }

    /** The reference model of one room: its facts on {@code room-events}, folded in order. */
    private static RoomFold model(List<RoomEvent> facts) {
        RoomFold model = new RoomFold();
        for (RoomEvent e : facts) {
            SpecificRecord fact = (SpecificRecord) e.getFact();
            model.apply(snake(fact.getSchema().getName()), text(fact, "participantId"),
                role(fact), e.getRoomVersion() == null ? 0 : e.getRoomVersion());
        }
        return model;
    }

    private static void checkStates(ChaosPlatform platform, ChaosWorkload workload, Map<String, RoomFold> models,
                                    Map<String, RoomSnapshot> states, Result result)
        throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        String gateway = platform.urls(io.roomcast.devstack.PlatformConfig.Service.INGRESS_WS).getFirst();
        int mismatches = 0;
        for (ChaosWorkload.Room room : workload.rooms()) {
            RoomFold model = models.get(room.id());
            List<String> differences = new ArrayList<>();
            RoomSnapshot state = states.get(room.id());
            if (state == null) {
                differences.add("no room-state snapshot");
            } else {
                Map<String, RoomFold.Member> snapshotMembers = new TreeMap<>();
                Set<String> hands = new HashSet<>();
                state.getHandQueue().forEach(h -> hands.add(h.getUserId()));
                state.getParticipants().forEach(p -> snapshotMembers.put(p.getUserId(), new RoomFold.Member(
                    p.getRole().name().toLowerCase(Locale.ROOT), p.getMuted(), hands.contains(p.getUserId()))));
                compare(differences, "room-state version", model.version(), state.getVersion());
                compare(differences, "room-state members", model.members(), snapshotMembers);
            }
            HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + "/rooms/" + room.id()))
                .header("Authorization", "Bearer " + room.users().getFirst().token()).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> answer = http.send(get, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                differences.add("GET /rooms/" + room.id() + " answered " + answer.statusCode());
            } else {
                JsonNode view = JSON.readTree(answer.body());
                compare(differences, "read model version", model.version(), view.path("version").asLong());
                compare(differences, "read model moderators", model.withRole("moderator"), ids(view.path("moderators")));
                compare(differences, "read model speakers", model.withRole("speaker"), ids(view.path("speakers")));
                TreeSet<String> listeners = new TreeSet<>(model.withRole("listener"));
                listeners.addAll(model.withRole("invited_speaker"));
                compare(differences, "read model listeners", listeners, ids(view.path("listeners")));
                compare(differences, "read model hands", model.hands(), ids(view.path("hand_raised")));
            }
            if (!differences.isEmpty()) {
                mismatches++;
                result.fail("room " + room.id() + ": " + differences);
            }
        }
        result.figures.put("rooms_checked", workload.rooms().size());
        result.figures.put("model_mismatches", mismatches);
    }

    private static void checkCommands(ChaosWorkload workload, Map<String, List<RoomEvent>> facts, Result result) {
        // (user, nonce) -> the commandIds whose applied facts carry it
        Map<String, Set<String>> appliedBy = new HashMap<>();
        for (List<RoomEvent> roomFacts : facts.values()) {
            for (RoomEvent e : roomFacts) {
                String type = ((SpecificRecord) e.getFact()).getSchema().getName();
                if (e.getNonce() != null && e.getUserId() != null && !type.equals("CommandRejected")
                        && !type.equals("CommandDuplicate")) {
                    appliedBy.computeIfAbsent(e.getUserId() + "|" + e.getNonce(), k -> new HashSet<>())
                        .add(String.valueOf(e.getCommandId()));
                }
            }
        }
        int sent = 0;
        int applied = 0;
        int rejected = 0;
        int errors = 0;
        int unanswered = 0;
        int lost = 0;
        for (ChaosUser user : workload.users()) {
            for (Map.Entry<String, ChaosUser.Sent> c : user.sent().entrySet()) {
                sent++;
                String outcome = c.getValue().outcome;
                if (outcome == null) {
                    unanswered++;
                } else if (outcome.equals("applied")) {
                    applied++;
                    if (!appliedBy.containsKey(user.user() + "|" + c.getKey())) {
                        lost++;
                        result.fail("acknowledged command lost: " + user.user() + " " + c.getValue().op + " nonce "
                            + c.getKey());
                    }
                } else if (outcome.equals("rejected")) {
                    rejected++;
                } else {
                    errors++;
                }
            }
        }
        long twice = appliedBy.entrySet().stream().filter(e -> e.getValue().size() > 1).peek(e ->
            result.fail("nonce applied twice: " + e.getKey() + " by commands " + e.getValue())).count();
        result.figures.put("commands_sent", sent);
        result.figures.put("commands_applied", applied);
        result.figures.put("commands_rejected", rejected);
        result.figures.put("commands_error", errors);
        result.figures.put("commands_unanswered", unanswered);
        result.figures.put("acknowledged_lost", lost);
        result.figures.put("nonces_applied_twice", twice);
    }

    private static void checkDelivery(ChaosWorkload workload, Result result) {
        long delivered = 0;
        long missing = 0;
        long duplicates = 0;
        long orderViolations = 0;
        long freshSnapshots = 0;
        for (ChaosUser user : workload.users()) {
            long held = -1;
            Set<String> eventIds = new HashSet<>();
            for (ChaosUser.Seen seen : user.stream()) {
                if (seen.snapshot()) {
                    if (seen.version() < held) {
                        orderViolations++;
                        result.fail(user.user() + ": SNAPSHOT version " + seen.version() + " after version " + held);
                    }
                    freshSnapshots += seen.fresh() ? 1 : 0;
                    held = seen.version();
                    continue;
                }
                delivered++;
                if (!eventIds.add(seen.eventId())) {
                    duplicates++;
                    result.fail(user.user() + ": fact " + seen.eventId() + " (version " + seen.version() + ") delivered again");
                } else if (held < 0 || seen.version() < held) {
                    orderViolations++;
                    result.fail(user.user() + ": DISPATCH version " + seen.version() + " after version " + held);
                } else if (seen.version() > held + 1) {
                    // the facts of one command share its version: the next command's is one more
                    missing += seen.version() - held - 1;
                    result.fail(user.user() + ": versions " + (held + 1) + ".." + (seen.version() - 1) + " missed");
                }
                held = Math.max(held, seen.version());
            }
        }
        result.figures.put("facts_delivered", delivered);
        result.figures.put("facts_missed", missing);
        result.figures.put("facts_duplicated", duplicates);
        result.figures.put("order_violations", orderViolations);
        result.figures.put("fresh_snapshots", freshSnapshots);
    }

    /**
     * Hosts no longer moderators of their rooms at the end ({@code hosts_out}), by the reason of their last
     * {@code participant_left} ({@code hosts_out_reasons}, e.g. {@code timeout=3}) and when the first and the last
     * of those left ({@code hosts_out_at}, fact times, to set beside the faults'): the workload's hosts never leave,
     * so each one out was taken out by the platform, and its listeners lose their speaker at the next edge fault.
     */
    private static void countHostsOut(ChaosWorkload workload, Map<String, List<RoomEvent>> facts,
                                      Map<String, RoomFold> models, Result result) {
        Map<String, Integer> reasons = new TreeMap<>();
        TreeSet<Instant> times = new TreeSet<>();
        for (ChaosWorkload.Room room : workload.rooms()) {
            String host = room.users().getFirst().user();
            if (models.get(room.id()).withRole("moderator").contains(host)) {
                continue;
            }
            String reason = "never left";
            for (RoomEvent e : facts.getOrDefault(room.id(), List.of())) {
                if (e.getFact() instanceof ParticipantLeft left && host.equals(left.getParticipantId())) {
                    reason = left.getReason().name().toLowerCase(Locale.ROOT);
                    times.add(e.getOccurredAt());
                }
            }
            reasons.merge(reason, 1, Integer::sum);
        }
        result.figures.put("hosts_out", reasons.values().stream().mapToInt(Integer::intValue).sum());
        result.figures.put("hosts_out_reasons", reasons.toString());
        result.figures.put("hosts_out_at", times.isEmpty() ? "-" : times.first() + " .. " + times.last());
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> void readAll(
            String bootstrap, String registry, Topic<String, V> topic, BiConsumer<String, V> each) {
        Map<String, Object> config = new HashMap<>(EventSerdes.config(registry));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<V> values = EventSerdes.value(topic, EventSerdes.config(registry)).deserializer();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(r.key(), r.value());
                }
            }
        }
    }

    private static <T> void compare(List<String> differences, String what, T expected, T actual) {
        if (!expected.equals(actual)) {
            differences.add(what + ": model " + expected + ", found " + actual);
        }
    }

    private static TreeSet<String> ids(JsonNode array) {
        TreeSet<String> ids = new TreeSet<>();
        array.forEach(n -> ids.add(n.isTextual() ? n.asText() : n.path("user_id").asText()));
        return ids;
    }

    /** {@code ParticipantJoined} → {@code participant_joined} (docs/protocol.md, "Event types"). */
    static String snake(String recordName) {
        return recordName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String text(SpecificRecord fact, String field) {
        Schema.Field f = fact.getSchema().getField(field);
        Object value = f == null ? null : fact.get(f.pos());
        return value == null ? null : value.toString();
    }

    /** The role a fact gives: {@code role} of ParticipantJoined, {@code to} of RoleChanged; lower case. */
    private static String role(SpecificRecord fact) {
        String role = text(fact, fact.getSchema().getField("to") != null ? "to" : "role");
        return role == null ? null : role.toLowerCase(Locale.ROOT);
    }
}
