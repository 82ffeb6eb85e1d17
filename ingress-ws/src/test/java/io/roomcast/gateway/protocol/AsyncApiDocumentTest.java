package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.events.EndReason;
import io.roomcast.events.HandLowerReason;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.Role;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.Visibility;
import io.roomcast.gateway.protocol.ServerFrame.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code docs/asyncapi.json} and the code describe the same protocol: the same client ops, server
 * frames, DISPATCH event types, close codes and enum values; every example in the document is
 * accepted by the codec (client frames) or conforms to its schema; every frame the encoder writes
 * conforms to the document's schema for it.
 */
class AsyncApiDocumentTest {
    private static JsonNode doc;
    private static JsonSchemaSubset schemas;
    private static final FrameCodec CODEC = new FrameCodec(ProtocolSettings.defaults());
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void load() throws Exception {
        doc = JSON.readTree(Files.readString(Path.of("../docs/asyncapi.json")));
        schemas = new JsonSchemaSubset(doc);
    }

    private static List<JsonNode> operationMessages(String action) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode op : doc.path("operations")) {
            if (op.path("action").asText().equals(action)) {
                for (JsonNode ref : op.path("messages")) {
                    out.add(schemas.resolve(ref.path("$ref").asText()));
                }
            }
        }
        return out;
    }

    private static JsonNode message(JsonNode channelMessage) {
        JsonNode m = channelMessage;
        while (m.has("$ref")) {
            m = schemas.resolve(m.get("$ref").asText());
        }
        return m;
    }

    private static String constOf(JsonNode message, String field) {
        return message(message).path("payload").path("properties").path(field).path("const").asText(null);
    }

    /** Every server frame type, one sample each (the test below checks none is missing). */
    static List<ServerFrame> serverSamples() {
        Instant t = Instant.ofEpochMilli(1_767_225_600_000L);
        return List.of(new ServerFrame.Hello(15_000, 16_384), new ServerFrame.Ready("s-1", "u-1"),
            new ServerFrame.HeartbeatAck(t),
            ((HallwayUpdates.Decision.Send) new HallwayUpdates(HallwayUpdates.Settings.DEFAULTS)
                .offer("u-1", 3, List.of("r-1", "r-2"), t)).frame(),
            NotificationFrames.frame(NotificationFramesTest.sample()),
            MediaMovedFrames.frame("r-1", List.of("edge-a", "edge-b"), true, t),
            Dispatches.dispatch(DispatchesTest.event(new io.roomcast.events.RoomStarted(), "u-1", "n1", 3L), 1, 2),
            Dispatches.snapshot(DispatchesTest.sampleSnapshot(), true),
            new ServerFrame.CommandResult("n1", "r1", "join", Outcome.REJECTED, "room_full", null, "full"),
            new ServerFrame.CommandResult("n1", "r1", "join", Outcome.DUPLICATE, null, Outcome.APPLIED, null),
            ServerFrame.CommandResult.applied("n1", "r1", "join"),
            new ServerFrame.Resumed("s-1"), new ServerFrame.Reconnect(), new ServerFrame.InvalidSession("gone"),
            new ServerFrame.InvalidSession(null), new ServerFrame.Error(CloseCode.DECODE_ERROR, "bad", "n1"),
            new ServerFrame.Error(CloseCode.FRAME_TOO_LARGE, "big", null),
            new ServerFrame.Error(CloseCode.RATE_LIMITED, "rate limit command reached", "n2", 734L));
    }

    @Test
    void isAnAsyncApi3DocumentWhoseReferencesResolve() {
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
        JsonNode channel = doc.path("channels").path("gateway");
        assertThat(channel.path("messages").size()).isEqualTo(doc.path("components").path("messages").size());
        channel.path("messages").forEach(m -> assertThat(message(m).path("payload").isObject()).isTrue());
        assertThat(operationMessages("receive").size() + operationMessages("send").size())
            .isEqualTo(channel.path("messages").size());
    }

    @Test
    void clientOpsAreExactlyThoseTheCodecKnows() {
        Set<String> documented = operationMessages("receive").stream().map(m -> constOf(m, "op")).collect(Collectors.toSet());
        Set<String> known = new HashSet<>(FrameCodec.CONTROL_OPS);
        Arrays.stream(CommandOp.values()).map(CommandOp::wireName).forEach(known::add);
        assertThat(documented).isEqualTo(known);
    }

    @Test
    void serverOpsAreExactlyTheServerFrames() {
        Set<Class<?>> sampled = serverSamples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrder(ServerFrame.class.getPermittedSubclasses());
        Set<String> documented = operationMessages("send").stream().map(m -> constOf(m, "op")).collect(Collectors.toSet());
        assertThat(documented).isEqualTo(serverSamples().stream().map(ServerFrame::op).collect(Collectors.toSet()));
    }

    @Test
    void dispatchEventTypesAreExactlyTheFactTable() {
        Set<String> documented = operationMessages("send").stream().filter(m -> "DISPATCH".equals(constOf(m, "op")))
            .map(m -> constOf(m, "t")).collect(Collectors.toSet());
        Set<String> known = new HashSet<>(Dispatches.EVENT_TYPES.values());
        known.add(HallwayUpdates.TYPE);
        known.add(NotificationFrames.TYPE);
        known.add(MediaMovedFrames.TYPE);
        assertThat(documented).isEqualTo(known);
    }

    @Test
    void closeCodesAreExactlyTheEnum() {
        Map<Integer, String> documented = new HashMap<>();
        doc.path("x-close-codes").forEach(c -> documented.put(c.path("code").asInt(), c.path("name").asText()));
        assertThat(documented).isEqualTo(Arrays.stream(CloseCode.values())
            .collect(Collectors.toMap(CloseCode::code, CloseCode::wireName)));
    }

    @Test
    void enumValuesAreTheAvroSymbolsInLowerCase() {
        Map<String, Enum<?>[]> avro = Map.of("Role", Role.values(), "Visibility", Visibility.values(),
            "RoomLifecycle", RoomLifecycle.values(), "LeaveReason", LeaveReason.values(), "EndReason", EndReason.values(),
            "HandLowerReason", HandLowerReason.values(), "RejectionReason", RejectionReason.values());
        avro.forEach((name, symbols) -> {
            List<String> documented = new ArrayList<>();
            doc.path("components").path("schemas").path(name).path("enum").forEach(e -> documented.add(e.asText()));
            assertThat(documented).as(name).containsExactlyElementsOf(
                Arrays.stream(symbols).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        });
    }

    static Stream<Arguments> allMessages() {
        List<Arguments> out = new ArrayList<>();
        try {
            load();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        doc.path("components").path("messages").properties()
            .forEach(e -> out.add(Arguments.of(e.getKey(), e.getValue())));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allMessages")
    void everyExampleConformsToItsPayload(String name, JsonNode message) {
        assertThat(message.path("examples").size()).as(name).isPositive();
        for (JsonNode example : message.path("examples")) {
            assertThat(schemas.validate(example.path("payload"), message.path("payload"))).as(name).isEmpty();
        }
    }

    @Test
    void everyClientExampleIsAcceptedByTheCodec() throws Exception {
        for (JsonNode m : operationMessages("receive")) {
            for (JsonNode example : message(m).path("examples")) {
                ClientFrame frame = CODEC.decode(JSON.writeValueAsString(example.path("payload")));
                assertThat(frame.wireOp()).isEqualTo(constOf(m, "op"));
            }
        }
    }

    @Test
    void everyEncodedServerFrameConformsToTheDocument() throws Exception {
        List<ServerFrame> frames = new ArrayList<>(serverSamples());
        DispatchesTest.factTable().forEach(a -> frames.add(Dispatches.route(
            DispatchesTest.event(a.get()[0], "u-1", "n1", 4L), 7, 99).orElseThrow().frame()));
        frames.add(Dispatches.dispatch(DispatchesTest.event(new io.roomcast.events.SpeakingChanged("u-1", false, null),
            null, null, null), 7, 100));
        for (ServerFrame frame : frames) {
            JsonNode encoded = JSON.readTree(CODEC.encode(frame));
            JsonNode schema = schemaFor(encoded);
            assertThat(schemas.validate(encoded, schema)).as(encoded.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaCheckIsNotVacuous() throws Exception {
        JsonNode hello = JSON.readTree("{\"op\":\"HELLO\",\"heartbeat_interval_ms\":\"15s\"}");
        assertThat(schemas.validate(hello, schemaFor(hello))).hasSize(2);
        JsonNode joined = JSON.readTree("""
            {"op":"DISPATCH","t":"participant_joined","room":"r","seq":1,"epoch":0,"event_id":"e","occurred_at":1,
             "data":{"participant_id":"u","role":"LISTENER"}}""");
        assertThat(schemas.validate(joined, schemaFor(joined))).singleElement().asString().contains("role");
    }

    @Test
    void aMediaMovedFrameWithoutEdgesIsRefusedByCodeAndDocument() throws Exception {
        assertThatThrownBy(() -> MediaMovedFrames.frame("r-1", List.of(), false, Instant.EPOCH))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r-1");
        JsonNode empty = JSON.readTree("""
            {"op":"DISPATCH","t":"media_moved","event_id":"e","occurred_at":1,
             "data":{"room_id":"r","edge_ids":[],"origin_died":false}}""");
        assertThat(schemas.validate(empty, schemaFor(empty))).singleElement().asString().contains("edge_ids");
    }

    private static JsonNode schemaFor(JsonNode encoded) {
        String op = encoded.path("op").asText();
        String t = encoded.path("t").asText(null);
        return operationMessages("send").stream()
            .filter(m -> op.equals(constOf(m, "op")) && (t == null || t.equals(constOf(m, "t"))))
            .map(m -> message(m).path("payload")).findFirst()
            .orElseThrow(() -> new AssertionError("no message in asyncapi.json for " + op + " " + t));
    }

    @Test
    void aRoomEventUnionBranchWithoutMessageWouldBeCaught() {
        int union = RoomEvent.getClassSchema().getField("fact").schema().getTypes().size();
        long dispatchMessages = operationMessages("send").stream().filter(m -> "DISPATCH".equals(constOf(m, "op")))
            .filter(m -> !Set.of(HallwayUpdates.TYPE, NotificationFrames.TYPE, MediaMovedFrames.TYPE)
                .contains(constOf(m, "t")))
            .count();
        assertThat(dispatchMessages).isEqualTo(union - 2);
    }
}
