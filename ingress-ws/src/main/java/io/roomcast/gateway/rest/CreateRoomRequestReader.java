package io.roomcast.gateway.rest;

import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads the body of {@code POST /rooms} ({@link RestBodies.CreateRoomRequest}) with JSON types as
 * documented and no coercion: Micronaut Serde's default reader turns {@code "title": 123} into the
 * text {@code "123"} and {@code "starts_at": "5"} into 5 (issue 11, B16). Here a string field must be a
 * JSON string, {@code starts_at}, {@code capacity} and {@code speaker_limit} JSON integers in range,
 * {@code hand_raises_enabled} a boolean and {@code settings} an object; null is the same as absent;
 * unknown fields are ignored. Anything else fails the body's binding: 400 {@code invalid_request} naming
 * the field. Replaces the generated deserializer for this one type (a bean for the type wins over the
 * introspected one).
 */
@Singleton
final class CreateRoomRequestReader implements Deserializer<RestBodies.CreateRoomRequest> {

    @Override
    public RestBodies.CreateRoomRequest deserialize(Decoder decoder, DecoderContext context,
                                                    Argument<? super RestBodies.CreateRoomRequest> type)
        throws IOException {
        JsonNode body = decoder.decodeNode();
        if (!body.isObject()) {
            throw decoder.createDeserializationException("the body must be a JSON object", null);
        }
        JsonNode settings = present(body, "settings");
        if (settings != null && !settings.isObject()) {
            throw decoder.createDeserializationException("settings must be an object", null);
        }
        Long startsAt = integer(decoder, body, "starts_at", Long.MIN_VALUE, Long.MAX_VALUE);
        return new RestBodies.CreateRoomRequest(string(decoder, body, "title"), string(decoder, body, "topic"),
            string(decoder, body, "visibility"), string(decoder, body, "club_id"), startsAt,
            settings == null ? null : new RestBodies.SettingsBody(bool(decoder, settings, "hand_raises_enabled"),
                toInt(integer(decoder, settings, "capacity", Integer.MIN_VALUE, Integer.MAX_VALUE)),
                toInt(integer(decoder, settings, "speaker_limit", Integer.MIN_VALUE, Integer.MAX_VALUE))));
    }

    private static JsonNode present(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String string(Decoder decoder, JsonNode object, String field) throws IOException {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw decoder.createDeserializationException(field + " must be a string", null);
        }
        return node.getStringValue();
    }

    private static Boolean bool(Decoder decoder, JsonNode object, String field) throws IOException {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw decoder.createDeserializationException("settings." + field + " must be true or false", null);
        }
        return node.getBooleanValue();
    }

    /** A JSON integer (not a fraction, not a string) from min to max. */
    private static Long integer(Decoder decoder, JsonNode object, String field, long min, long max)
        throws IOException {
        JsonNode node = present(object, field);
        if (node == null) {
            return null;
        }
        Number n = node.isNumber() ? node.getNumberValue() : null;
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
            || n instanceof BigInteger;
        if (!integral || node.getBigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0
            || node.getBigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0) {
            throw decoder.createDeserializationException(field + " must be an integer from " + min + " to " + max,
                null);
        }
        return node.getLongValue();
    }

    private static Integer toInt(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
