package io.roomcast.schemas.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicProjectorTest {

    private static ConsumerRecord<String, String> record(long offset, String key, String value) {
        return new ConsumerRecord<>("room-state", 0, offset, key, value);
    }

    @Test
    void onlyTheNewestRecordOfEachKeyInABatchIsWritten() {
        var batch = new ConsumerRecords<>(Map.of(new TopicPartition("room-state", 0), List.of(
            record(1, "a", "a1"), record(2, "b", "b1"), record(3, "a", "a2"), record(4, "a", "a3"),
            record(5, "b", null))), Map.of());

        var written = TopicProjector.newestPerKey(batch);

        assertThat(written).extracting(ConsumerRecord::offset).containsExactlyInAnyOrder(4L, 5L);
        assertThat(written).filteredOn(r -> r.key().equals("b")).singleElement()
            .satisfies(r -> assertThat(r.value()).as("a tombstone stays the key's last word").isNull());
    }

    @Test
    void anOutOfRangeSettingIsRefusedNamingIt() {
        assertThatThrownBy(() -> new TopicProjector.Settings(0, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-model-batch");
        assertThatThrownBy(() -> new TopicProjector.Settings(1, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-model-retry");
    }
}
