package io.roomcast.media.cascade;

import java.util.HashMap;
import java.util.Map;

/**
 * Which rooms this edge relays, and from which origin edge (docs/media-protocol.md, "Edges and
 * cascading"). A relay edge holds one uplink per relayed room: a socket bound to the room's origin as
 * its relay participant, over which it gets one copy of each packet the origin forwards. Rules:
 * <ul>
 *   <li>a participant binding here with a token that names another edge as the room's origin needs an
 *       uplink to that origin: {@link Change.Open} when the room has none, {@link Change.Retarget} when
 *       it has one to another origin (the gateway moved the room's origin: newer tokens win);</li>
 *   <li>the room's last participant here unbinding, or the room ending, makes the uplink
 *       unneeded: {@link #release} says which to close.</li>
 * </ul>
 * Pure and synchronized: bindings (any forwarding thread) and unbindings (sweep, room facts) call it;
 * a repeated {@link #need} of the current uplink is a map lookup.
 */
public final class UplinkPlan {
    private final Map<String, Uplink> uplinks = new HashMap<>();

    /**
     * One relayed room's uplink.
     *
     * @param room the room
     * @param originEdge the origin edge's id
     * @param originAddress its UDP address, {@code host:port}
     */
    public record Uplink(String room, String originEdge, String originAddress) {
    }

    /** What {@link #need} asks the transport to do. */
    public sealed interface Change {
        /** Nothing: the room's uplink already goes to that origin. */
        record None() implements Change {
        }

        /** Open an uplink. */
        record Open(Uplink uplink) implements Change {
        }

        /** Close {@code old} and open {@code now}. */
        record Retarget(Uplink old, Uplink now) implements Change {
        }
    }

    /** A participant of {@code room} bound here with a token naming {@code originEdge} at {@code originAddress}. */
    public synchronized Change need(String room, String originEdge, String originAddress) {
        Uplink wanted = new Uplink(room, originEdge, originAddress);
        Uplink current = uplinks.put(room, wanted);
        if (current == null) {
            return new Change.Open(wanted);
        }
        return current.equals(wanted) ? new Change.None() : new Change.Retarget(current, wanted);
    }

    /**
     * No participant of {@code room} is bound here any more (or the room ended).
     *
     * @return the uplink to close, or null when the room had none
     */
    public synchronized Uplink release(String room) {
        return uplinks.remove(room);
    }

    /** The room's uplink, or null. */
    public synchronized Uplink of(String room) {
        return uplinks.get(room);
    }

    /** The relayed rooms and their origin edges' ids (room id → origin edge id), a copy. */
    public synchronized Map<String, String> origins() {
        Map<String, String> origins = new HashMap<>();
        uplinks.forEach((room, uplink) -> origins.put(room, uplink.originEdge()));
        return origins;
    }

    /** Number of relayed rooms. */
    public synchronized int size() {
        return uplinks.size();
    }
}
