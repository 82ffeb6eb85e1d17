package io.roomcast.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body (a Java record) with the JSON types the API documents and no coercion. Micronaut
 * Serde's generated reader turns {@code "username": 123} into the text {@code "123"} and {@code "weight": "1"}
 * into 1; here a {@code String} component must be a JSON string, {@code Boolean} a JSON boolean,
 * {@code Integer}/{@code Long} a JSON integer in the type's range, {@code Double} a JSON number and
 * {@code List<String>} an array of strings, a record component a JSON object read by the same rules (its fields
 * named {@code parent.field} in errors). Field names are the components' names in lower snake case, or
 * their {@link JsonProperty} value. A null field is the same as an absent one; unknown fields are ignored.
 * Anything else fails the body's binding with a message naming the field, which the API answers as
 * 400 {@code invalid_request} ({@link ErrorBody}).
 *
 * <p>Register one per body type as a bean ({@code Deserializer<T>}): a bean for the type wins over the
 * introspected reader.
 *
 * @param <T> the body's record type
 */
public final class StrictRecordDeserializer<T extends Record> implements Deserializer<T> {
    private final RecordComponent[] components;
    private final String[] names;
    private final StrictRecordDeserializer<?>[] nested;
    private final Constructor<T> constructor;

    /**
     * @param type the body's record type
     * @throws IllegalArgumentException when a component has a type this reader does not read
     */
    public StrictRecordDeserializer(Class<T> type) {
        this.components = type.getRecordComponents();
        this.names = new String[components.length];
        this.nested = new StrictRecordDeserializer<?>[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            names[i] = property != null && !property.value().isEmpty() ? property.value() : snakeCase(component.getName());
            parameterTypes[i] = component.getType();
            if (component.getType().isRecord()) {
                nested[i] = new StrictRecordDeserializer<>(component.getType().asSubclass(Record.class));
            } else if (kind(component.getGenericType()) == null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + component.getName()
                        + ": unsupported type " + component.getGenericType());
            }
        }
        try {
            this.constructor = type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type + " has no canonical constructor", e);
        }
    }

    @Override
    public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
        JsonNode body = decoder.decodeNode();
        if (!body.isObject()) {
            throw decoder.createDeserializationException("the body must be a JSON object", null);
        }
        return read(decoder, body, "");
    }

    private T read(Decoder decoder, JsonNode object, String prefix) throws IOException {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            JsonNode node = object.get(names[i]);
            String field = prefix + names[i];
            if (node == null || node.isNull()) {
                continue;
            }
            if (nested[i] == null) {
                values[i] = read(decoder, field, node, kind(components[i].getGenericType()));
            } else if (node.isObject()) {
                values[i] = nested[i].read(decoder, node, field + ".");
            } else {
                throw decoder.createDeserializationException(field + " must be an object", null);
            }
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw decoder.createDeserializationException(e.getCause().getMessage(), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Kind { STRING, BOOLEAN, INT, LONG, DOUBLE, STRING_LIST }

    private static Kind kind(Type type) {
        if (type == String.class) {
            return Kind.STRING;
        } else if (type == Boolean.class) {
            return Kind.BOOLEAN;
        } else if (type == Integer.class) {
            return Kind.INT;
        } else if (type == Long.class) {
            return Kind.LONG;
        } else if (type == Double.class) {
            return Kind.DOUBLE;
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == String.class) {
            return Kind.STRING_LIST;
        }
        return null;
    }

    private static Object read(Decoder decoder, String field, JsonNode node, Kind kind) throws IOException {
        switch (kind) {
            case STRING -> {
                if (node.isString()) {
                    return node.getStringValue();
                }
                throw decoder.createDeserializationException(field + " must be a string", null);
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.getBooleanValue();
                }
                throw decoder.createDeserializationException(field + " must be true or false", null);
            }
            case INT -> {
                return Math.toIntExact(integer(decoder, field, node, Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            case LONG -> {
                return integer(decoder, field, node, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            case DOUBLE -> {
                if (node.isNumber()) {
                    return node.getDoubleValue();
                }
                throw decoder.createDeserializationException(field + " must be a number", null);
            }
            default -> {
                if (!node.isArray()) {
                    throw decoder.createDeserializationException(field + " must be an array of strings", null);
                }
                List<String> items = new ArrayList<>(node.size());
                for (JsonNode item : node.values()) {
                    if (!item.isString()) {
                        throw decoder.createDeserializationException(field + " must be an array of strings", null);
                    }
                    items.add(item.getStringValue());
                }
                return items;
            }
        }
    }

    /** A JSON integer (not a fraction, not a string) from min to max. */
    private static long integer(Decoder decoder, String field, JsonNode node, long min, long max) throws IOException {
        Number n = node.isNumber() ? node.getNumberValue() : null;
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
        if (!integral || node.getBigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0
                || node.getBigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0) {
            throw decoder.createDeserializationException(field + " must be an integer from " + min + " to " + max, null);
        }
        return node.getLongValue();
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
