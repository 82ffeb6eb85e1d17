package io.roomcast.schemas.validation;

import org.apache.avro.Schema;

/** Which registry schema ids a subject accepts, and their schemas. */
@FunctionalInterface
public interface WriterSchemas {
    /**
     * @param subject a subject, e.g. {@code room-commands-value}
     * @param id      a schema id from a record's Confluent header
     * @return the schema with that id if it is one of the subject's versions, else null
     */
    Schema versionOf(String subject, int id);
}
