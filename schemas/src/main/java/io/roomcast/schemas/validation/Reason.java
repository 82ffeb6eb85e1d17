package io.roomcast.schemas.validation;

import java.util.Locale;

/**
 * Why a consumer refused a record: the code that starts a dead letter's {@code reason}
 * ({@code <code>: <detail>}, e.g. {@code unknown_schema: schema id 7 is not a version of subject room-commands-value}).
 * The README's dead-letter table lists the same codes (a test holds them equal).
 */
public enum Reason {
    /** The record has no value (a tombstone on a topic without tombstones). */
    NO_VALUE("the record has no value"),
    /** Not the Confluent wire format (shorter than 5 bytes, magic byte not 0), or Avro binary that does not match its writer schema. */
    UNDECODABLE("not the Confluent wire format, or Avro binary that does not match its writer schema"),
    /** The registry schema id is not one of the versions of the topic's subject {@code <topic>-value} (another topic's schema, an unknown id). */
    UNKNOWN_SCHEMA("the schema id is not a version of the topic's subject `<topic>-value`"),
    /** A string, bytes, array or map declares more bytes or items than the record has left (an allocation bomb). */
    LENGTH_EXCEEDS_RECORD("a declared length or item count exceeds the bytes left in the record"),
    /** Decoded, but breaks a rule of {@link RecordValidator}: an id against {@link IdRules}, a missing required field. */
    INVALID("an id breaks the id rule (empty, too long, a control, format or space character), or a required field is missing"),
    /** The key is not the value's own key (roomId, userId). */
    KEY_MISMATCH("the record key is not the value's roomId or userId"),
    /** A command arrived on a partition other than its room's (a producer with another partitioner). */
    WRONG_PARTITION("the record is on a partition other than its key's (murmur2, as Kafka's Java producer)"),
    /** Processing the record threw (caught by the Kafka Streams processing exception handler). */
    PROCESSING_ERROR("processing the record failed with an exception");

    private final String meaning;

    Reason(String meaning) {
        this.meaning = meaning;
    }

    /** The code as written in dead letters, e.g. {@code unknown_schema}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the code means, for the docs. */
    public String meaning() {
        return meaning;
    }

    /** The dead letter's reason text: {@code <code>: <detail>}. */
    public String text(String detail) {
        return code() + ": " + detail;
    }
}
