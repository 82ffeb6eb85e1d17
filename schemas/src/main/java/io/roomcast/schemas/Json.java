package io.roomcast.schemas;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Minimal JSON writer for generated files (RFC 8259): maps, lists, strings, numbers; two-space indent. */
final class Json {
    private Json() {}

    static String write(Object value) {
        return write(value, "");
    }

    private static String write(Object value, String indent) {
        String inner = indent + "  ";
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "{}";
            }
            return map.entrySet().stream()
                .map(e -> inner + string(e.getKey().toString()) + ": " + write(e.getValue(), inner))
                .collect(Collectors.joining(",\n", "{\n", "\n" + indent + "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> write(v, inner)).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Number number) {
            return number.toString();
        }
        return string(value.toString());
    }

    private static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
