package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.gateway.protocol.ClientFrame.Command;
import io.roomcast.gateway.protocol.ClientFrame.Heartbeat;
import io.roomcast.gateway.protocol.ClientFrame.Identify;
import io.roomcast.gateway.protocol.ClientFrame.Resume;
import io.roomcast.gateway.protocol.ClientFrame.RoomChanges;
import io.roomcast.gateway.protocol.ClientFrame.RoomPosition;
import io.roomcast.gateway.protocol.ClientFrame.Settings;
import io.roomcast.schemas.validation.IdRules;
import io.roomcast.schemas.validation.LanguageTags;
import io.roomcast.schemas.validation.TextRules;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads client frames and writes server frames: one JSON object per WebSocket text frame, named by
 * its {@code op} ({@code docs/protocol.md}, {@code docs/asyncapi.json}). Thread-safe and stateless
 * apart from its settings.
 *
 * <p>Decoding is strict about what it needs and lenient about the rest: required fields must be
 * present, non-blank strings (or numbers of the documented range); unknown fields are ignored so
 * clients may send fields of a newer protocol version. Duplicate keys and trailing content are errors.
 */
public final class FrameCodec {
    /** Client ops that are not room commands. */
    public static final List<String> CONTROL_OPS = List.of("IDENTIFY", "HEARTBEAT", "RESUME");

    private final ProtocolSettings settings;
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    public FrameCodec(ProtocolSettings settings) {
        this.settings = settings;
    }

    /**
     * Decodes one client text frame.
     *
     * @param text the frame's text
     * @return the frame
     * @throws ProtocolException {@link CloseCode#FRAME_TOO_LARGE} above {@link ProtocolSettings#maxFrameBytes()}
     *                           bytes of UTF-8; {@link CloseCode#DECODE_ERROR} for invalid JSON, a non-object,
     *                           a missing {@code op}, a missing, blank, too long or wrongly typed field, an
     *                           {@code update_room} title or topic that breaks {@link TextRules} or language that is
     *                           not empty nor a well-formed BCP 47 tag ({@link LanguageTags}, RFC 5646);
     *                           {@link CloseCode#UNKNOWN_OP} for an op a client may not send. The exception
     *                           carries the command's nonce when it could be read.
     */
    public ClientFrame decode(String text) throws ProtocolException {
        if (text == null) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "empty frame");
        }
        long bytes = utf8Length(text, settings.maxFrameBytes());
        if (bytes > settings.maxFrameBytes()) {
            throw new ProtocolException(CloseCode.FRAME_TOO_LARGE,
                "frame larger than " + settings.maxFrameBytes() + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "a frame must be a JSON object");
        }
        JsonNode opNode = root.get("op");
        if (opNode == null || opNode.isNull()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "missing field op");
        }
        if (!opNode.isTextual()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field op must be a string");
        }
        String op = opNode.textValue();
        return switch (op) {
            case "IDENTIFY" -> new Identify(string(root, "token", Integer.MAX_VALUE, null));
            case "HEARTBEAT" -> new Heartbeat(optionalTime(root, "client_time"));
            case "RESUME" -> resume(root);
            default -> command(op, root);
        };
    }

    private Command command(String op, JsonNode root) throws ProtocolException {
        String nonce = nonceIfReadable(root);
        Optional<CommandOp> known = CommandOp.fromWire(op);
        if (known.isEmpty()) {
            throw new ProtocolException(CloseCode.UNKNOWN_OP, "unknown op " + truncate(op), nonce);
        }
        CommandOp command = known.get();
        nonce = string(root, "nonce", settings.maxNonceChars(), null);
        String room = id(root, "", "room", nonce);
        JsonNode args = root.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field args must be an object", nonce);
        }
        boolean hasArgs = args != null && args.isObject();
        String target = switch (command.target()) {
            case NONE -> null;
            case REQUIRED -> {
                if (!hasArgs) {
                    throw new ProtocolException(CloseCode.DECODE_ERROR, "missing field args.user_id", nonce);
                }
                yield id(args, "args.", "user_id", nonce);
            }
            case SELF_BY_DEFAULT -> hasArgs && present(args, "user_id")
                ? id(args, "args.", "user_id", nonce) : null;
        };
        RoomChanges changes = null;
        if (command == CommandOp.UPDATE_ROOM) {
            changes = changes(hasArgs ? args : null, nonce);
        }
        return new Command(command, room, nonce, target, changes);
    }

    /** A boolean of args.settings, {@code otherwise} if absent. */
    private static boolean flag(JsonNode settings, String field, boolean otherwise, String nonce) throws ProtocolException {
        if (!present(settings, field)) {
            return otherwise;
        }
        if (!settings.get(field).isBoolean()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field args.settings." + field + " must be a boolean", nonce);
        }
        return settings.get(field).booleanValue();
    }

    private RoomChanges changes(JsonNode args, String nonce) throws ProtocolException {
        String title = args == null ? null : optionalText(args, TextRules.TITLE, nonce);
        String topic = args == null ? null : optionalText(args, TextRules.TOPIC, nonce);
        Settings roomSettings = null;
        if (args != null && present(args, "settings")) {
            JsonNode s = args.get("settings");
            if (!s.isObject()) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "field args.settings must be an object", nonce);
            }
            roomSettings = new Settings(flag(s, "hand_raises_enabled", true, nonce), optionalCount(s, "capacity", nonce),
                optionalCount(s, "speaker_limit", nonce), flag(s, "approval_required", false, nonce));
        }
        String language = args == null ? null : optionalString(args, LanguageTags.FIELD, nonce);
        boolean clearLanguage = language != null && language.isEmpty();
        if (clearLanguage) {
            language = null;
        } else if (language != null) {
            try {
                language = LanguageTags.canonical(language);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "field args." + e.getMessage(), nonce);
            }
        }
        if (title == null && topic == null && roomSettings == null && language == null && !clearLanguage) {
            throw new ProtocolException(CloseCode.DECODE_ERROR,
                "update_room needs args.title, args.topic, args.settings or args.language", nonce);
        }
        return new RoomChanges(title, topic, roomSettings, language, clearLanguage);
    }

    private Resume resume(JsonNode root) throws ProtocolException {
        String token = string(root, "token", Integer.MAX_VALUE, null);
        String sessionId = string(root, "session_id", settings.maxIdChars(), null);
        JsonNode rooms = root.get("rooms");
        if (rooms == null || rooms.isNull()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "missing field rooms");
        }
        if (!rooms.isObject()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field rooms must be an object");
        }
        Map<String, RoomPosition> positions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : rooms.properties()) {
            String room = e.getKey();
            if (IdRules.violation("room", room, settings.maxIdChars()) != null) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "invalid room id in rooms");
            }
            JsonNode p = e.getValue();
            String where = "rooms." + truncate(room) + ".";
            if (!p.isObject()) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "field " + where.substring(0, where.length() - 1)
                    + " must be an object");
            }
            Long seq = optionalNonNegative(p, where, "seq", Long.MAX_VALUE);
            Long epoch = optionalNonNegative(p, where, "epoch", Integer.MAX_VALUE);
            Long version = optionalNonNegative(p, where, "version", Long.MAX_VALUE);
            if ((seq == null) != (epoch == null)) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, where + "seq and " + where + "epoch go together");
            }
            if (seq == null && version == null) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "missing field " + where + "seq or " + where + "version");
            }
            positions.put(room, new RoomPosition(seq, epoch == null ? null : epoch.intValue(), version));
        }
        return new Resume(token, sessionId, positions);
    }

    /**
     * Encodes one server frame as JSON text (null optional fields left out).
     *
     * @throws IllegalStateException if Jackson cannot write the tree (not expected)
     */
    public String encode(ServerFrame frame) {
        ObjectNode o = mapper.createObjectNode();
        o.put("op", frame.op());
        switch (frame) {
            case ServerFrame.Hello h -> {
                o.put("heartbeat_interval_ms", h.heartbeatIntervalMs());
                o.put("max_frame_bytes", h.maxFrameBytes());
            }
            case ServerFrame.Ready r -> {
                o.put("session_id", r.sessionId());
                o.put("user_id", r.userId());
            }
            case ServerFrame.HeartbeatAck a -> o.put("server_time", a.serverTime().toEpochMilli());
            case ServerFrame.Dispatch d -> {
                o.put("t", d.type());
                o.put("room", d.room());
                o.put("seq", d.seq());
                o.put("epoch", d.epoch());
                putIfNotNull(o, "version", d.version());
                putIfNotNull(o, "event_id", d.eventId());
                if (d.occurredAt() != null) {
                    o.put("occurred_at", d.occurredAt().toEpochMilli());
                }
                putIfNotNull(o, "actor", d.actor());
                putIfNotNull(o, "nonce", d.nonce());
                o.set("data", d.data());
            }
            case ServerFrame.UserDispatch u -> {
                o.put("t", u.type());
                o.put("event_id", u.eventId());
                o.put("occurred_at", u.occurredAt().toEpochMilli());
                o.set("data", u.data());
            }
            case ServerFrame.Snapshot s -> {
                o.put("room", s.room());
                o.put("version", s.version());
                o.put("fresh", s.fresh());
                o.set("data", s.data());
            }
            case ServerFrame.CommandResult r -> {
                o.put("nonce", r.nonce());
                putIfNotNull(o, "room", r.room());
                putIfNotNull(o, "command", r.command());
                o.put("outcome", r.outcome().wireName());
                putIfNotNull(o, "reason", r.reason());
                if (r.original() != null) {
                    o.put("original", r.original().wireName());
                }
                putIfNotNull(o, "message", r.message());
                if (r.pending()) {
                    o.put("pending", true);
                }
            }
            case ServerFrame.Resumed r -> o.put("session_id", r.sessionId());
            case ServerFrame.Reconnect r -> { }
            case ServerFrame.InvalidSession i -> putIfNotNull(o, "reason", i.reason());
            case ServerFrame.Error e -> {
                o.put("code", e.code().code());
                o.put("error", e.code().wireName());
                putIfNotNull(o, "message", e.message());
                putIfNotNull(o, "nonce", e.nonce());
                putIfNotNull(o, "retry_after_ms", e.retryAfterMs());
            }
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + frame.op(), e);
        }
    }

    /** The settings this codec enforces. */
    public ProtocolSettings settings() {
        return settings;
    }

    // ---- helpers

    /** UTF-8 length of {@code s}, counting no further than just past {@code limit}. */
    static long utf8Length(String s, int limit) {
        if (s.length() > limit) {
            return s.length(); // every char is at least one byte: already over
        }
        long bytes = 0;
        for (int i = 0; i < s.length() && bytes <= limit; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private String nonceIfReadable(JsonNode root) {
        JsonNode n = root.get("nonce");
        return n != null && n.isTextual() && !n.textValue().isBlank() && n.textValue().length() <= settings.maxNonceChars()
            ? n.textValue() : null;
    }

    private static boolean present(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && !n.isNull();
    }

    private static String string(JsonNode o, String field, int maxChars, String nonce) throws ProtocolException {
        return string(o, "", field, maxChars, nonce);
    }

    private static String string(JsonNode o, String prefix, String field, int maxChars, String nonce)
        throws ProtocolException {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "missing field " + prefix + field, nonce);
        }
        if (!n.isTextual()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field " + prefix + field + " must be a string", nonce);
        }
        String v = n.textValue();
        if (v.isBlank()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field " + prefix + field + " must not be blank", nonce);
        }
        if (v.length() > maxChars) {
            throw new ProtocolException(CloseCode.DECODE_ERROR,
                "field " + prefix + field + " longer than " + maxChars + " characters", nonce);
        }
        return v;
    }

    /** A room or user id: a string that meets the id rule ({@link IdRules}), refused with the rule's reason. */
    private String id(JsonNode o, String prefix, String field, String nonce) throws ProtocolException {
        String v = string(o, prefix, field, settings.maxIdChars(), nonce);
        String violation = IdRules.violation(prefix + field, v, settings.maxIdChars());
        if (violation != null) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, violation, nonce);
        }
        return v;
    }

    private static String optionalString(JsonNode args, String field, String nonce) throws ProtocolException {
        if (!present(args, field)) {
            return null;
        }
        if (!args.get(field).isTextual()) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field args." + field + " must be a string", nonce);
        }
        return args.get(field).textValue();
    }

    /** An optional text field of {@code args}, held to the text rules (docs/protocol.md, "Text rules"). */
    private static String optionalText(JsonNode args, TextRules rules, String nonce) throws ProtocolException {
        String text = optionalString(args, rules.field(), nonce);
        if (text != null) {
            Optional<String> violation = rules.violation(text);
            if (violation.isPresent()) {
                throw new ProtocolException(CloseCode.DECODE_ERROR, "field args." + violation.get(), nonce);
            }
        }
        return text;
    }

    private static Integer optionalCount(JsonNode o, String field, String nonce) throws ProtocolException {
        if (!present(o, field)) {
            return null;
        }
        JsonNode n = o.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
            throw new ProtocolException(CloseCode.DECODE_ERROR,
                "field args.settings." + field + " must be a non-negative integer", nonce);
        }
        return n.intValue();
    }

    private static Long optionalNonNegative(JsonNode o, String prefix, String field, long max) throws ProtocolException {
        if (!present(o, field)) {
            return null;
        }
        JsonNode n = o.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0 || n.longValue() > max) {
            throw new ProtocolException(CloseCode.DECODE_ERROR, "field " + prefix + field + " must be a non-negative integer");
        }
        return n.longValue();
    }

    private static Instant optionalTime(JsonNode o, String field) throws ProtocolException {
        Long ms = optionalNonNegative(o, "", field, Long.MAX_VALUE);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static void putIfNotNull(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static void putIfNotNull(ObjectNode o, String field, Long value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
