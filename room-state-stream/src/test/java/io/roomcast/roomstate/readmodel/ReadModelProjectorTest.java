package io.roomcast.roomstate.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.Role;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReadModelProjectorTest {

    private static ConsumerRecord<String, RoomSnapshot> record(long offset, String room, RoomSnapshot snapshot) {
        return new ConsumerRecord<>(Topics.ROOM_STATE.name(), 0, offset, room, snapshot);
    }

    private static RoomSnapshot version(String room, long version) {
        return Snapshots.live(room, version, List.of(Snapshots.participant("host", Role.MODERATOR, 0, null)), List.of());
    }

    @Test
    void onlyTheNewestRecordOfEachRoomInABatchIsWritten() {
        var batch = new ConsumerRecords<>(Map.of(new TopicPartition(Topics.ROOM_STATE.name(), 0), List.of(
            record(1, "a", version("a", 1)), record(2, "b", version("b", 1)), record(3, "a", version("a", 2)),
            record(4, "a", version("a", 3)), record(5, "b", null))), Map.of());

        var written = ReadModelProjector.newestPerRoom(batch);

        assertThat(written).extracting(ConsumerRecord::offset).containsExactlyInAnyOrder(4L, 5L);
        assertThat(written).filteredOn(r -> r.key().equals("b")).singleElement()
            .satisfies(r -> assertThat(r.value()).as("a tombstone stays the room's last word").isNull());
    }
}
