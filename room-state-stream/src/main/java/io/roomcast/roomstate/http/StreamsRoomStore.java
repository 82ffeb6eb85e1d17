package io.roomcast.roomstate.http;

import io.roomcast.events.RoomSnapshot;
import io.roomcast.roomstate.topology.RoomStateTopology;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** {@link RoomStore} on this instance's {@link KafkaStreams} (store {@value RoomStateTopology#ROOMS_STORE}). */
@Singleton
final class StreamsRoomStore implements RoomStore {
    private final KafkaStreams streams;

    StreamsRoomStore(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<HostInfo> owner(String roomId) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(RoomStateTopology.ROOMS_STORE, roomId,
            Serdes.String().serializer());
        return owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
            ? Optional.empty() : Optional.of(owner.activeHost());
    }

    @Override
    public Optional<RoomSnapshot> local(String roomId) {
        return Optional.ofNullable(streams.store(StoreQueryParameters.fromNameAndType(RoomStateTopology.ROOMS_STORE,
            QueryableStoreTypes.<String, RoomSnapshot>keyValueStore())).get(roomId));
    }
}
