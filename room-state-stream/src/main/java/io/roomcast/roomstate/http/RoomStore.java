package io.roomcast.roomstate.http;

import io.roomcast.events.RoomSnapshot;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/** The rooms store's interactive queries that {@link RoomController} makes ({@link StreamsRoomStore}). */
interface RoomStore {

    /**
     * @param roomId the room
     * @return the instance ({@code application.server}) that owns the room's partition, or empty while no
     *     instance does (rebalancing)
     * @throws InvalidStateStoreException while Kafka Streams is not started or not running
     */
    Optional<HostInfo> owner(String roomId);

    /**
     * @param roomId a room whose partition this instance owns
     * @return the room's snapshot in this instance's store, or empty if the store has none
     * @throws InvalidStateStoreException while the store is not queryable: a rebalance is moving
     *     partitions (stream thread PARTITIONS_ASSIGNED, not RUNNING), or the partition just migrated away
     */
    Optional<RoomSnapshot> local(String roomId);
}
