package io.roomcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.roomcast.gateway.protocol.ClientFrame.Command;
import io.roomcast.gateway.protocol.ClientFrame.Heartbeat;
import io.roomcast.gateway.protocol.ClientFrame.Identify;
import io.roomcast.gateway.protocol.ClientFrame.Resume;
import io.roomcast.gateway.protocol.ClientFrame.RoomChanges;
import io.roomcast.gateway.protocol.ClientFrame.RoomPosition;
import io.roomcast.gateway.protocol.ClientFrame.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(ProtocolSettings.defaults());
    private final ObjectMapper json = new ObjectMapper();

    // ---- happy paths

    @Test
    void decodesControlFrames() throws Exception {
        assertThat(codec.decode("{\"op\":\"IDENTIFY\",\"token\":\"t.k.n\"}")).isEqualTo(new Identify("t.k.n"));
        assertThat(codec.decode("{\"op\":\"HEARTBEAT\"}")).isEqualTo(new Heartbeat(null));
        assertThat(codec.decode("{\"op\":\"HEARTBEAT\",\"client_time\":1700000000123}"))
            .isEqualTo(new Heartbeat(Instant.ofEpochMilli(1_700_000_000_123L)));
        assertThat(codec.decode("""
            {"op":"RESUME","token":"t","session_id":"s-1",
             "rooms":{"r1":{"seq":41,"epoch":3,"version":7},"r2":{"version":2}}}"""))
            .isEqualTo(new Resume("t", "s-1", Map.of("r1", new RoomPosition(41L, 3, 7L),
                "r2", new RoomPosition(null, null, 2L))));
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        assertThat(codec.decode("{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"n1\",\"v\":2,\"extra\":{\"a\":[1]}}"))
            .isEqualTo(Command.of(CommandOp.JOIN, "r1", "n1"));
    }

    @ParameterizedTest
    @EnumSource(CommandOp.class)
    void decodesEveryCommandOp(CommandOp op) throws Exception {
        String text = "{\"op\":\"" + op.wireName() + "\",\"room\":\"r1\",\"nonce\":\"n-" + op + "\","
            + "\"args\":{\"user_id\":\"bob\",\"title\":\"New title\"}}";
        Command c = (Command) codec.decode(text);
        assertThat(c.op()).isEqualTo(op);
        assertThat(c.wireOp()).isEqualTo(op.wireName());
        assertThat(c.room()).isEqualTo("r1");
        assertThat(c.nonce()).isEqualTo("n-" + op);
        assertThat(c.targetUserId()).isEqualTo(op.target() == CommandOp.Target.NONE ? null : "bob");
        assertThat(c.changes()).isEqualTo(op == CommandOp.UPDATE_ROOM ? new RoomChanges("New title", null, null) : null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mute", "unmute"})
    void selfMuteNeedsNoTarget(String op) throws Exception {
        Command c = (Command) codec.decode("{\"op\":\"" + op + "\",\"room\":\"r1\",\"nonce\":\"n\"}");
        assertThat(c.targetUserId()).isNull();
    }

    @Test
    void decodesUpdateRoomSettings() throws Exception {
        Command c = (Command) codec.decode("""
            {"op":"update_room","room":"r1","nonce":"n","args":{"topic":"jazz",
             "settings":{"hand_raises_enabled":false,"capacity":100,"speaker_limit":null,"approval_required":true}}}""");
        assertThat(c.changes()).isEqualTo(new RoomChanges(null, "jazz", new Settings(false, 100, null, true)));
        Command defaults = (Command) codec.decode("""
            {"op":"update_room","room":"r1","nonce":"n","args":{"settings":{}}}""");
        assertThat(defaults.changes()).isEqualTo(new RoomChanges(null, null, new Settings(true, null, null, false)));
    }

    @Test
    void acceptsAFrameOfExactlyTheMaximumSize() throws Exception {
        String head = "{\"op\":\"IDENTIFY\",\"token\":\"";
        String tail = "\"}";
        String text = head + "x".repeat(ProtocolSettings.DEFAULT_MAX_FRAME_BYTES - head.length() - tail.length()) + tail;
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        assertThat(codec.decode(text)).isInstanceOf(Identify.class);
    }

    // ---- bad input: each gets its documented code

    @Test
    void oversizedFrameIsFrameTooLarge() {
        String big = "{\"op\":\"IDENTIFY\",\"token\":\"" + "x".repeat(ProtocolSettings.DEFAULT_MAX_FRAME_BYTES) + "\"}";
        assertCode(big, CloseCode.FRAME_TOO_LARGE);
    }

    @Test
    void sizeIsCountedInUtf8BytesNotCharacters() {
        // 6,000 euro signs: 6,000 chars but 18,000 bytes > 16 KiB
        String text = "{\"op\":\"IDENTIFY\",\"token\":\"" + "\u20ac".repeat(6_000) + "\"}";
        assertThat(text.length()).isLessThan(ProtocolSettings.DEFAULT_MAX_FRAME_BYTES);
        assertCode(text, CloseCode.FRAME_TOO_LARGE);
    }

    @Test
    void utf8LengthMatchesTheJdk() {
        for (String s : new String[] {"", "abc", "h\u00e9", "\u20ac\u20ac", "\uD83C\uDFA4 mic"}) {
            assertThat(FrameCodec.utf8Length(s, Integer.MAX_VALUE))
                .as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
        // a lone surrogate (never produced by a valid UTF-8 frame) is counted high, never low
        for (String s : new String[] {"\uD83C", "a\uDFA4b"}) {
            assertThat(FrameCodec.utf8Length(s, Integer.MAX_VALUE))
                .as(s).isGreaterThanOrEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"op\":\"join\",}", "not json", "{\"op\":\"HEARTBEAT\"} {}",
        "{\"op\":\"HEARTBEAT\",\"op\":\"IDENTIFY\"}", "{\"op\":NaN}"})
    void invalidJsonIsDecodeError(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"IDENTIFY\"", "42", "null", "true"})
    void aFrameMustBeAnObject(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"op\":null}", "{\"token\":\"t\"}", "{\"op\":5}", "{\"op\":[\"join\"]}"})
    void missingOrNonStringOpIsDecodeError(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fly", "JOIN", "identify", "Join", "", "HELLO", "DISPATCH", "create_room", "COMMAND"})
    void unknownOpIsUnknownOp(String op) {
        assertCode("{\"op\":\"" + op + "\",\"room\":\"r1\",\"nonce\":\"n\"}", CloseCode.UNKNOWN_OP);
    }

    @Test
    void unknownOpKeepsTheNonceForCorrelation() {
        assertThatThrownBy(() -> codec.decode("{\"op\":\"fly\",\"room\":\"r1\",\"nonce\":\"n7\"}"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.nonce()).isEqualTo("n7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"join\",\"room\":\"r1\"}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":null}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"\"}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"  \"}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":12}",
    })
    void missingBlankOrNonStringNonceIsDecodeError(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    @Test
    void tooLongNonceIsDecodeError() {
        assertCode("{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"" + "n".repeat(65) + "\"}", CloseCode.DECODE_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"join\",\"nonce\":\"n\"}",
        "{\"op\":\"join\",\"nonce\":\"n\",\"room\":\"\"}",
        "{\"op\":\"join\",\"nonce\":\"n\",\"room\":7}",
        "{\"op\":\"join\",\"nonce\":\"n\",\"room\":{\"id\":\"r1\"}}",
    })
    void missingBlankOrNonStringRoomIsDecodeErrorWithNonce(String text) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(CloseCode.DECODE_ERROR);
            assertThat(e.nonce()).isEqualTo("n");
            assertThat(e.getMessage()).contains("room");
        });
    }

    @ParameterizedTest
    @EnumSource(value = CommandOp.class, names = {"INVITE_SPEAKER", "ACCEPT_HAND", "DENY_HAND", "PROMOTE", "DEMOTE",
        "KICK", "BAN", "INVITE_TO_ROOM", "APPROVE_JOIN", "DENY_JOIN"})
    void targetedCommandWithoutTargetIsDecodeError(CommandOp op) {
        assertThat(op.target()).isEqualTo(CommandOp.Target.REQUIRED);
        String base = "{\"op\":\"" + op.wireName() + "\",\"room\":\"r1\",\"nonce\":\"n\"";
        for (String text : new String[] {base + "}", base + ",\"args\":{}}", base + ",\"args\":{\"user_id\":\"\"}}",
            base + ",\"args\":{\"user_id\":3}}", base + ",\"args\":null}"}) {
            assertThatThrownBy(() -> codec.decode(text)).as(text).isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(CloseCode.DECODE_ERROR);
                assertThat(e.getMessage()).contains("args.user_id");
            });
        }
    }

    /** docs/protocol.md, Ids: a room or target id that could pass for another is refused with the rule's reason. */
    @ParameterizedTest
    @ValueSource(strings = {"bob\\u202Eecila", "bob\u202E", "b\\u200Bob", "bob\\u200E", "bob smith", "\\u3164"})
    void idsThatBreakTheIdRuleAreDecodeErrorsWithTheReason(String hostile) {
        for (String frame : new String[] {
            "{\"op\":\"kick\",\"room\":\"r1\",\"nonce\":\"n-3\",\"args\":{\"user_id\":\"" + hostile + "\"}}",
            "{\"op\":\"join\",\"room\":\"" + hostile + "\",\"nonce\":\"n-3\"}"}) {
            assertThatThrownBy(() -> codec.decode(frame)).as(frame)
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(CloseCode.DECODE_ERROR);
                    assertThat(e.nonce()).isEqualTo("n-3");
                    assertThat(e.getMessage()).matches("(args\\.user_id|room) contains U\\+[0-9A-F]{4,5} \\(.*\\) at code point \\d+");
                });
        }
    }

    @Test
    void everyOtherOpNeedsNoTarget() {
        assertThat(CommandOp.values()).filteredOn(op -> op.target() == CommandOp.Target.REQUIRED)
            .extracting(CommandOp::wireName)
            .containsExactlyInAnyOrder("invite_speaker", "accept_hand", "deny_hand", "promote", "demote", "kick", "ban",
                "invite_to_room", "approve_join", "deny_join");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"kick\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":[\"bob\"]}",
        "{\"op\":\"join\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":\"x\"}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\"}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"title\":5}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"language\":5}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"language\":null}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":true}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":{\"capacity\":\"10\"}}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":{\"capacity\":1.5}}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":{\"capacity\":-1}}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":{\"hand_raises_enabled\":\"no\"}}}",
        "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{\"settings\":{\"approval_required\":1}}}",
        "{\"op\":\"approve_join\",\"room\":\"r1\",\"nonce\":\"n\"}",
        "{\"op\":\"deny_join\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":{}}",
    })
    void wrongArgsAreDecodeErrors(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    /**
     * Issue 11 (A62, B36): an update_room title or topic that breaks the text rules is refused at the
     * gateway (ERROR 4002 with the nonce and the rule's reason; nothing reaches Kafka), as JSON escapes
     * or as raw characters.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Jazz\\u0000", "\\u001b[2J", "Free \\u202Egnp.exe", "ad\\u200Bmin", "bad \\ud800 half",
        "Free \u202Egnp", "ad\u200Bmin", "\u2066x\u2069"})
    void updateRoomTextBreakingTheTextRulesIsADecodeErrorWithTheReason(String hostile) {
        for (String field : new String[] {"title", "topic"}) {
            String frame = "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n-9\",\"args\":{\"" + field + "\":\""
                + hostile + "\"}}";
            assertThatThrownBy(() -> codec.decode(frame)).as(frame)
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(CloseCode.DECODE_ERROR);
                    assertThat(e.nonce()).isEqualTo("n-9");
                    assertThat(e.getMessage()).startsWith("field args." + field + " ");
                });
        }
    }

    @Test
    void updateRoomSetsTheLanguageInCanonicalCaseAndAnEmptyOneClearsIt() throws Exception {
        Command set = (Command) codec.decode("""
            {"op":"update_room","room":"r1","nonce":"n","args":{"language":"PT-br"}}""");
        assertThat(set.changes()).isEqualTo(new RoomChanges(null, null, null, "pt-BR", false));
        Command clear = (Command) codec.decode("""
            {"op":"update_room","room":"r1","nonce":"n","args":{"title":"T","language":""}}""");
        assertThat(clear.changes()).isEqualTo(new RoomChanges("T", null, null, null, true));
        Command keep = (Command) codec.decode("""
            {"op":"update_room","room":"r1","nonce":"n","args":{"title":"T","language":null}}""");
        assertThat(keep.changes()).isEqualTo(new RoomChanges("T", null, null, null, false));
    }

    /** A malformed language is refused at the gateway (ERROR 4002 with the nonce and LanguageTags' reason; nothing sent). */
    @ParameterizedTest
    @ValueSource(strings = {"en_US", "x-klingon", "12", " en", "en-", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void updateRoomWithAMalformedLanguageIsADecodeErrorWithTheReason(String tag) {
        String frame = "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n-7\",\"args\":{\"title\":\"T\",\"language\":\""
            + tag + "\"}}";
        assertThatThrownBy(() -> codec.decode(frame)).as(frame)
            .isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(CloseCode.DECODE_ERROR);
                assertThat(e.nonce()).isEqualTo("n-7");
                assertThat(e.getMessage()).startsWith("field args.language ");
            });
    }

    @Test
    void updateRoomKeepsMarkupAndAnyScriptAsSent() throws Exception {
        String frame = "{\"op\":\"update_room\",\"room\":\"r1\",\"nonce\":\"n\",\"args\":"
            + "{\"title\":\"<script>alert(1)</script> \\uD83C\\uDFB7\",\"topic\":\"\u6771\u4EAC\"}}";
        Command c = (Command) codec.decode(frame);
        assertThat(c.changes()).isEqualTo(new RoomChanges("<script>alert(1)</script> \uD83C\uDFB7", "\u6771\u4EAC", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"IDENTIFY\"}",
        "{\"op\":\"IDENTIFY\",\"token\":\"\"}",
        "{\"op\":\"IDENTIFY\",\"token\":123}",
        "{\"op\":\"HEARTBEAT\",\"client_time\":\"now\"}",
        "{\"op\":\"HEARTBEAT\",\"client_time\":-1}",
        "{\"op\":\"RESUME\",\"session_id\":\"s\",\"rooms\":{}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"rooms\":{}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\"}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":[]}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"r1\":41}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"r1\":{}}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"r1\":{\"seq\":4}}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"r1\":{\"seq\":-4,\"epoch\":1}}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"r1\":{\"seq\":4,\"epoch\":9999999999}}}",
        "{\"op\":\"RESUME\",\"token\":\"t\",\"session_id\":\"s\",\"rooms\":{\"\":{\"version\":1}}}",
    })
    void badControlFramesAreDecodeErrors(String text) {
        assertCode(text, CloseCode.DECODE_ERROR);
    }

    // ---- encoding

    @Test
    void encodesEveryServerFrame() throws Exception {
        JsonNode data = JsonNodeFactory.instance.objectNode().put("participant_id", "bob").put("role", "listener");
        Instant t = Instant.ofEpochMilli(1_700_000_000_000L);

        assertThat(tree(new ServerFrame.Hello(15_000, 16_384)))
            .isEqualTo(tree("{\"op\":\"HELLO\",\"heartbeat_interval_ms\":15000,\"max_frame_bytes\":16384}"));
        assertThat(tree(new ServerFrame.Ready("s-1", "alice")))
            .isEqualTo(tree("{\"op\":\"READY\",\"session_id\":\"s-1\",\"user_id\":\"alice\"}"));
        assertThat(tree(new ServerFrame.HeartbeatAck(t)))
            .isEqualTo(tree("{\"op\":\"HEARTBEAT_ACK\",\"server_time\":1700000000000}"));
        assertThat(tree(new ServerFrame.Dispatch("participant_joined", "r1", 1041, 3, 7L, "e-1", t, "bob", "n1", data)))
            .isEqualTo(tree("""
                {"op":"DISPATCH","t":"participant_joined","room":"r1","seq":1041,"epoch":3,"version":7,
                 "event_id":"e-1","occurred_at":1700000000000,"actor":"bob","nonce":"n1",
                 "data":{"participant_id":"bob","role":"listener"}}"""));
        assertThat(tree(new ServerFrame.Dispatch("speaking_changed", "r1", 5, 0, null, "e-2", t, null, null, data)))
            .isEqualTo(tree("""
                {"op":"DISPATCH","t":"speaking_changed","room":"r1","seq":5,"epoch":0,"event_id":"e-2",
                 "occurred_at":1700000000000,"data":{"participant_id":"bob","role":"listener"}}"""));
        assertThat(tree(new ServerFrame.Snapshot("r1", 7, data, true)))
            .isEqualTo(tree("{\"op\":\"SNAPSHOT\",\"room\":\"r1\",\"version\":7,\"fresh\":true,"
                + "\"data\":{\"participant_id\":\"bob\",\"role\":\"listener\"}}"));
        assertThat(tree(ServerFrame.CommandResult.applied("n1", "r1", "join")))
            .isEqualTo(tree("{\"op\":\"COMMAND_RESULT\",\"nonce\":\"n1\",\"room\":\"r1\",\"command\":\"join\","
                + "\"outcome\":\"applied\"}"));
        assertThat(tree(ServerFrame.CommandResult.pendingJoin("n1", "r1")))
            .isEqualTo(tree("{\"op\":\"COMMAND_RESULT\",\"nonce\":\"n1\",\"room\":\"r1\",\"command\":\"join\","
                + "\"outcome\":\"applied\",\"pending\":true}"));
        assertThat(tree(new ServerFrame.CommandResult("n1", "r1", "join", ServerFrame.Outcome.DUPLICATE, "room_full",
            ServerFrame.Outcome.REJECTED, null)))
            .isEqualTo(tree("{\"op\":\"COMMAND_RESULT\",\"nonce\":\"n1\",\"room\":\"r1\",\"command\":\"join\","
                + "\"outcome\":\"duplicate\",\"reason\":\"room_full\",\"original\":\"rejected\"}"));
        assertThat(tree(new ServerFrame.Resumed("s-1"))).isEqualTo(tree("{\"op\":\"RESUMED\",\"session_id\":\"s-1\"}"));
        assertThat(tree(new ServerFrame.Reconnect())).isEqualTo(tree("{\"op\":\"RECONNECT\"}"));
        assertThat(tree(new ServerFrame.InvalidSession("unknown session")))
            .isEqualTo(tree("{\"op\":\"INVALID_SESSION\",\"reason\":\"unknown session\"}"));
        assertThat(tree(new ServerFrame.Error(CloseCode.DECODE_ERROR, "missing field room", "n1")))
            .isEqualTo(tree("{\"op\":\"ERROR\",\"code\":4002,\"error\":\"decode_error\","
                + "\"message\":\"missing field room\",\"nonce\":\"n1\"}"));
    }

    @Test
    void encodingEscapesUntrustedText() throws Exception {
        String nasty = "\"},\"op\":\"READY\u2028</script>";
        String text = codec.encode(new ServerFrame.InvalidSession(nasty));
        assertThat(json.readTree(text).get("reason").asText()).isEqualTo(nasty);
        assertThat(json.readTree(text).get("op").asText()).isEqualTo("INVALID_SESSION");
    }

    private JsonNode tree(ServerFrame frame) throws Exception {
        return json.readTree(codec.encode(frame));
    }

    private JsonNode tree(String text) throws Exception {
        return json.readTree(text);
    }

    private void assertCode(String text, CloseCode code) {
        assertThatThrownBy(() -> codec.decode(text)).as(text)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
