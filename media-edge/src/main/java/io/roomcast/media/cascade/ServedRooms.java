package io.roomcast.media.cascade;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rooms this edge serves and each one's origin edge, as the edge knows them from its own bindings: what
 * {@code EdgeRegistry} writes back to the room keys every heartbeat (docs/media-protocol.md, "After Redis lost its
 * data"), so that the keys a Redis restart lost, or that expired in a long room, are whole again within a heartbeat.
 * Pure.
 */
public final class ServedRooms {
    private ServedRooms() {
    }

    /**
     * @param self         this edge's id
     * @param originRooms  rooms with a participant bound here with a token naming this edge as their origin
     * @param relayedRooms rooms this edge relays, each with its origin edge's id
     * @return room id → its origin edge's id ({@code self} for the rooms this edge is the origin of), by room id. A
     *     room in both is this edge's: the gateway made it the room's origin after the origin it relayed from died,
     *     and the relayed bindings of the old origin are on their way out
     */
    public static SortedMap<String, String> origins(String self, Set<String> originRooms,
                                                    Map<String, String> relayedRooms) {
        SortedMap<String, String> origins = new TreeMap<>(relayedRooms);
        originRooms.forEach(room -> origins.put(room, self));
        return origins;
    }
}
