package io.roomcast.schemas.validation;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks Avro binary (Avro spec, "Binary Encoding") along its writer schema without allocating
 * anything in proportion to what the bytes declare: every string, bytes and fixed length and every
 * array or map block count is checked against the bytes left in the record. Run before Avro's
 * decoder, which allocates a declared length before reading it (a 13-byte record declaring a 2 GB
 * string: Avro 1.12's own limit, {@code org.apache.avro.limits.string.maxLength}, defaults to
 * {@code Integer.MAX_VALUE - 8}).
 *
 * <p>Pure and thread-safe. Work is bounded by the record's size: each item of an array or map
 * takes at least one byte, except items of a type that encodes in zero bytes (null, an empty
 * record), of which at most {@link #MAX_EMPTY_ITEMS} are accepted.
 */
public final class AvroBounds {
    /** Most items of a zero-byte type in one record (no Roomcast schema has such arrays). */
    public static final int MAX_EMPTY_ITEMS = 10_000;
    private static final int MAX_DEPTH = 64;

    private AvroBounds() {}

    /** Thrown by the walk; carries the reason and where. */
    static final class Violation extends RuntimeException {
        final Reason reason;

        Violation(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /**
     * @param writer the schema the bytes were written with
     * @param data   the bytes
     * @param offset where the Avro binary starts
     * @param length how many bytes it has
     * @return null if every declared length fits; else {@link Reason#LENGTH_EXCEEDS_RECORD} (a length
     *     or count beyond the bytes left) or {@link Reason#UNDECODABLE} (a truncated number, a union
     *     or enum index out of range, a negative length, nesting deeper than 64) with the detail
     */
    public static Rejection check(Schema writer, byte[] data, int offset, int length) {
        Cursor cursor = new Cursor(data, offset, offset + length);
        try {
            cursor.walk(writer, 0);
            return null;
        } catch (Violation v) {
            return new Rejection(v.reason, v.getMessage());
        }
    }

    private static final class Cursor {
        private final byte[] data;
        private final int end;
        private final Map<Schema, Boolean> zeroSize = new IdentityHashMap<>();
        private int pos;
        private long emptyItems;

        Cursor(byte[] data, int start, int end) {
            this.data = data;
            this.pos = start;
            this.end = end;
        }

        void walk(Schema schema, int depth) {
            if (depth > MAX_DEPTH) {
                throw new Violation(Reason.UNDECODABLE, "nesting deeper than " + MAX_DEPTH);
            }
            switch (schema.getType()) {
                case NULL -> { }
                case BOOLEAN -> skip(1, "boolean");
                case INT, LONG -> varLong();
                case FLOAT -> skip(4, "float");
                case DOUBLE -> skip(8, "double");
                case FIXED -> skip(schema.getFixedSize(), schema.getFullName());
                case STRING, BYTES -> {
                    long declared = varLong();
                    if (declared < 0) {
                        throw new Violation(Reason.UNDECODABLE, "negative " + schema.getType().getName() + " length " + declared);
                    }
                    skip(declared, schema.getType().getName());
                }
                case ENUM -> index(varLong(), schema.getEnumSymbols().size(), schema.getFullName());
                case UNION -> {
                    List<Schema> branches = schema.getTypes();
                    walk(branches.get(index(varLong(), branches.size(), "union")), depth + 1);
                }
                case RECORD -> {
                    for (Schema.Field field : schema.getFields()) {
                        walk(field.schema(), depth + 1);
                    }
                }
                case ARRAY -> blocks(schema.getElementType(), null, depth);
                case MAP -> blocks(schema.getValueType(), Schema.create(Schema.Type.STRING), depth);
            }
        }

        /** Array and map blocks: a count (negative: followed by the block's byte size), items, until count 0. */
        private void blocks(Schema item, Schema key, int depth) {
            boolean empty = key == null && zeroSize(item, 0);
            while (true) {
                long count = varLong();
                if (count == 0) {
                    return;
                }
                if (count < 0) {
                    count = -count;
                    long size = varLong();
                    if (size < 0 || size > end - pos) {
                        throw new Violation(Reason.LENGTH_EXCEEDS_RECORD, "a block declares " + size + " bytes, "
                            + (end - pos) + " left");
                    }
                }
                if (empty) {
                    emptyItems += count;
                    if (emptyItems > MAX_EMPTY_ITEMS) {
                        throw new Violation(Reason.LENGTH_EXCEEDS_RECORD, "more than " + MAX_EMPTY_ITEMS
                            + " items of zero bytes");
                    }
                } else if (count > end - pos) {
                    throw new Violation(Reason.LENGTH_EXCEEDS_RECORD, "a block declares " + count + " items, "
                        + (end - pos) + " bytes left");
                }
                for (long i = 0; i < count; i++) {
                    if (key != null) {
                        walk(key, depth + 1);
                    }
                    walk(item, depth + 1);
                }
            }
        }

        private boolean zeroSize(Schema schema, int depth) {
            if (depth > MAX_DEPTH) {
                return false;
            }
            Boolean known = zeroSize.get(schema);
            if (known != null) {
                return known;
            }
            zeroSize.put(schema, false); // recursive types are not zero-size
            boolean result = switch (schema.getType()) {
                case NULL -> true;
                case FIXED -> schema.getFixedSize() == 0;
                case RECORD -> schema.getFields().stream().allMatch(f -> zeroSize(f.schema(), depth + 1));
                default -> false;
            };
            zeroSize.put(schema, result);
            return result;
        }

        private int index(long index, int size, String what) {
            if (index < 0 || index >= size) {
                throw new Violation(Reason.UNDECODABLE, what + " index " + index + " out of range 0.." + (size - 1));
            }
            return (int) index;
        }

        private void skip(long bytes, String what) {
            if (bytes > end - pos) {
                throw new Violation(Reason.LENGTH_EXCEEDS_RECORD, what + " declares " + bytes + " bytes, "
                    + (end - pos) + " left");
            }
            pos += (int) bytes;
        }

        /** A zig-zag varint (Avro int and long), at most 10 bytes. */
        private long varLong() {
            long raw = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (pos >= end) {
                    throw new Violation(Reason.UNDECODABLE, "record ends inside a number");
                }
                int b = data[pos++] & 0xff;
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new Violation(Reason.UNDECODABLE, "a number longer than 10 bytes");
        }
    }
}
