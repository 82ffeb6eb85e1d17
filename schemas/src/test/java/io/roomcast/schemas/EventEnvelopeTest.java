package io.roomcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Every event topic's value carries the envelope analytics teams and our consumers rely on (ARCHITECTURE.md,
 * "Topics"): {@code eventId}, a UUID to deduplicate on, and {@code occurredAt}, epoch ms.
 */
class EventEnvelopeTest {

    @Test
    void everyEventTopicsValueHasAUuidEventIdAndATimestampOccurredAt() {
        for (Topic<String, ?> topic : Topics.EVENT_TOPICS) {
            Schema value = topic.valueSchema();
            Schema.Field eventId = value.getField("eventId");
            Schema.Field occurredAt = value.getField("occurredAt");
            assertThat(eventId).as(topic.name() + " eventId").isNotNull();
            assertThat(eventId.schema().getLogicalType().getName()).as(topic.name() + " eventId").isEqualTo("uuid");
            assertThat(occurredAt).as(topic.name() + " occurredAt").isNotNull();
            assertThat(occurredAt.schema().getLogicalType().getName()).as(topic.name() + " occurredAt")
                .isEqualTo("timestamp-millis");
        }
    }
}
