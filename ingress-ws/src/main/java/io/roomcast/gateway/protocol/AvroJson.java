package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as protocol JSON: field names in lower snake case, times (timestamp-millis) as epoch
 * ms, enum symbols in lower snake case ({@code ROOM_FULL -> room_full}), nested records as objects,
 * arrays as arrays, nulls as JSON null.
 */
final class AvroJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJson() {}

    /** All fields of {@code record} except {@code skip} (Avro field names). */
    static ObjectNode object(IndexedRecord record, Set<String> skip) {
        ObjectNode o = JSON.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            if (!skip.contains(f.name())) {
                o.set(snake(f.name()), value(record.get(f.pos())));
            }
        }
        return o;
    }

    static JsonNode value(Object v) {
        return switch (v) {
            case null -> JSON.nullNode();
            case CharSequence s -> JSON.textNode(s.toString());
            case Instant t -> JSON.numberNode(t.toEpochMilli());
            case Integer i -> JSON.numberNode(i);
            case Long l -> JSON.numberNode(l);
            case Boolean b -> JSON.booleanNode(b);
            case Double d -> JSON.numberNode(d);
            case Float f -> JSON.numberNode(f);
            case UUID u -> JSON.textNode(u.toString());
            case Enum<?> e -> JSON.textNode(e.name().toLowerCase(Locale.ROOT));
            case GenericEnumSymbol<?> e -> JSON.textNode(e.toString().toLowerCase(Locale.ROOT));
            case IndexedRecord r -> object(r, Set.of());
            case Collection<?> c -> {
                ArrayNode a = JSON.arrayNode();
                c.forEach(x -> a.add(value(x)));
                yield a;
            }
            case Map<?, ?> m -> {
                ObjectNode o = JSON.objectNode();
                m.forEach((k, x) -> o.set(k.toString(), value(x)));
                yield o;
            }
            default -> throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        };
    }

    /** {@code participantId -> participant_id}, {@code ParticipantJoined -> participant_joined}. */
    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
