package io.roomcast.gateway;

import io.roomcast.events.RoomCommand;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** For tests: what the gateway published on room-commands, read back through the schema registry. */
public final class RoomCommandsConsumer {
    private RoomCommandsConsumer() {
    }

    /**
     * @param bootstrapServers the broker
     * @param registryUrl      the registry's native API URL
     * @param groupId          a group of the test's own, so it reads room-commands from the earliest offset
     * @return a consumer subscribed to room-commands (the caller polls and closes it)
     */
    public static KafkaConsumer<String, RoomCommand> subscribe(String bootstrapServers, String registryUrl, String groupId) {
        KafkaConsumer<String, RoomCommand> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            EventSerdes.value(Topics.ROOM_COMMANDS, EventSerdes.config(registryUrl)).deserializer());
        consumer.subscribe(List.of(Topics.ROOM_COMMANDS.name()));
        return consumer;
    }
}
