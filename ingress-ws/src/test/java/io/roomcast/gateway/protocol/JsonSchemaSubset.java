package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema checker for the keywords {@code docs/asyncapi.json} uses: type, const, enum,
 * required, properties, additionalProperties, items, minLength, maxLength, minimum, maximum,
 * minProperties, minItems, anyOf and local $ref. Annotation keywords (description, format, default, title)
 * are ignored; any other keyword fails loudly so the document cannot silently outgrow the check.
 */
final class JsonSchemaSubset {
    private static final List<String> KNOWN = List.of("type", "const", "enum", "required", "properties",
        "additionalProperties", "items", "minLength", "maxLength", "minimum", "maximum", "minProperties", "minItems", "anyOf",
        "$ref", "description", "format", "default", "title");

    private final JsonNode root;

    JsonSchemaSubset(JsonNode root) {
        this.root = root;
    }

    /** The problems of {@code value} against {@code schema}, empty if it conforms. */
    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        check(value, schema, "$", errors);
        return errors;
    }

    private void check(JsonNode v, JsonNode s, String at, List<String> errors) {
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            if (!KNOWN.contains(e.getKey())) {
                throw new IllegalArgumentException("schema keyword not supported by the test: " + e.getKey() + " at " + at);
            }
        }
        if (s.has("$ref")) {
            check(v, resolve(s.get("$ref").asText()), at, errors);
        }
        if (s.has("type") && !typeMatches(v, s.get("type"))) {
            errors.add(at + ": " + v.getNodeType() + " is not " + s.get("type"));
            return;
        }
        if (s.has("const") && !s.get("const").equals(v)) {
            errors.add(at + ": " + v + " is not " + s.get("const"));
        }
        if (s.has("enum") && !contains(s.get("enum"), v)) {
            errors.add(at + ": " + v + " not in " + s.get("enum"));
        }
        if (s.has("anyOf")) {
            boolean any = false;
            for (JsonNode alt : s.get("anyOf")) {
                any |= validate(v, alt).isEmpty();
            }
            if (!any) {
                errors.add(at + ": matches no anyOf alternative");
            }
        }
        if (v.isTextual()) {
            if (s.has("minLength") && v.textValue().length() < s.get("minLength").asInt()) {
                errors.add(at + ": shorter than " + s.get("minLength"));
            }
            if (s.has("maxLength") && v.textValue().length() > s.get("maxLength").asInt()) {
                errors.add(at + ": longer than " + s.get("maxLength"));
            }
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
                errors.add(at + ": below " + s.get("minimum"));
            }
            if (s.has("maximum") && v.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
                errors.add(at + ": above " + s.get("maximum"));
            }
        }
        if (v.isObject()) {
            if (s.has("minProperties") && v.size() < s.get("minProperties").asInt()) {
                errors.add(at + ": fewer than " + s.get("minProperties") + " properties");
            }
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    errors.add(at + ": missing " + r.asText());
                }
            }
            JsonNode props = s.path("properties");
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (props.has(e.getKey())) {
                    check(e.getValue(), props.get(e.getKey()), at + "." + e.getKey(), errors);
                } else if (s.has("additionalProperties")) {
                    JsonNode extra = s.get("additionalProperties");
                    if (extra.isBoolean() && !extra.booleanValue()) {
                        errors.add(at + ": unexpected " + e.getKey());
                    } else if (extra.isObject()) {
                        check(e.getValue(), extra, at + "." + e.getKey(), errors);
                    }
                }
            }
        }
        if (v.isArray() && s.has("minItems") && v.size() < s.get("minItems").asInt()) {
            errors.add(at + ": fewer than " + s.get("minItems").asInt() + " items");
        }
        if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(v.get(i), s.get("items"), at + "[" + i + "]", errors);
            }
        }
    }

    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local refs: " + ref);
        }
        JsonNode n = root.at(ref.substring(1));
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("unresolved " + ref);
        }
        return n;
    }

    private static boolean typeMatches(JsonNode v, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(v, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode array, JsonNode v) {
        for (JsonNode x : array) {
            if (x.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
