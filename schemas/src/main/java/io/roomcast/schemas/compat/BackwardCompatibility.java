package io.roomcast.schemas.compat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * The BACKWARD rule of the schema registry (Confluent docs, "Schema Evolution and Compatibility"):
 * consumers using the new schema can read data written with the previous one. Checked with Avro's
 * own reader/writer resolution ({@link SchemaCompatibility}, Avro spec "Schema Resolution").
 */
public final class BackwardCompatibility {
    private BackwardCompatibility() {}

    /**
     * @param previous the schema data may already be written with (the released version)
     * @param next     the new schema, used as reader
     * @return one line per incompatibility ({@code <type> at <location>: <message>}); empty when
     *     {@code next} can read everything {@code previous} wrote
     */
    public static List<String> problems(Schema previous, Schema next) {
        return SchemaCompatibility.checkReaderWriterCompatibility(next, previous)
                .getResult()
                .getIncompatibilities()
                .stream()
                .map(BackwardCompatibility::describe)
                .toList();
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                + incompatibility.getMessage();
    }
}
