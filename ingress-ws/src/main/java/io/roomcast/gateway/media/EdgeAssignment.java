package io.roomcast.gateway.media;

import io.roomcast.schemas.ReadModelKeys;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which media edge a participant's media token names (issue 5, "Cascading"; docs/media-protocol.md,
 * "Edges and cascading"). Pure: the caller reads the live edges and the room's edges from Redis and
 * writes the outcome back.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Relays whose registration expired (not among the live edges) leave the room.</li>
 *   <li>The room's origin is kept while it is live; a room without one, or whose origin died, gets
 *       the least-loaded live edge ({@link EdgeRegistration#LEAST_LOADED}) as its new origin (if that
 *       edge was a relay of the room, it stops being one).</li>
 *   <li>Speakers and moderators (they publish) go to the origin, full or not.</li>
 *   <li>Listeners go to the least-loaded of the room's live edges (origin and relays) that is under its
 *       capacity; when all are full, the least-loaded live edge outside the room that is under its
 *       capacity is brought in as a new relay; when none is, there is no assignment.</li>
 * </ol>
 */
public final class EdgeAssignment {
    private EdgeAssignment() {
    }

    /**
     * The room's edges as Redis holds them.
     *
     * @param origin         the origin's edge id, or null when none was assigned
     * @param relays         relay edge ids, possibly of dead edges
     * @param retiredOrigins dead origins that placements replaced lately ({@link Assignment#retired})
     * @param retiredRelays  dead relays that placements removed lately
     */
    public record RoomEdges(String origin, Set<String> relays, Set<String> retiredOrigins, Set<String> retiredRelays) {
        public RoomEdges {
            relays = Set.copyOf(relays);
            retiredOrigins = Set.copyOf(retiredOrigins);
            retiredRelays = Set.copyOf(retiredRelays);
        }

        /** A room's edges with nothing retired. */
        public RoomEdges(String origin, Set<String> relays) {
            this(origin, relays, Set.of(), Set.of());
        }
    }

    /**
     * The outcome.
     *
     * @param edge          the edge the token names
     * @param origin        the room's origin (equal to {@code edge} for speakers and listeners on the origin)
     * @param originChanged whether {@code origin} is new (none before, or the old one died): write it
     * @param addedRelays   relay edge ids to add to the room
     * @param removedRelays relay edge ids to remove (dead, or now the origin)
     */
    public record Assignment(EdgeRegistration edge, EdgeRegistration origin, boolean originChanged,
                             Set<String> addedRelays, Set<String> removedRelays) {

        /** Whether the token's edge is a relay of the room (it then names the origin too). */
        public boolean relayed() {
            return !edge.id().equals(origin.id());
        }

        /**
         * The room's edges this assignment retires because they died: the dead origin it replaced and the dead relays
         * it removed (not a live relay that became the origin). A gateway node that checks for lapsed edges after this
         * placement no longer sees them among the room's edges, so they are remembered apart (issue 19).
         *
         * @param before the room's edges this assignment was decided from
         * @return edge id to {@link ReadModelKeys#RETIRED_ORIGIN} or {@link ReadModelKeys#RETIRED_RELAY}, by id
         */
        public Map<String, String> retired(RoomEdges before) {
            Map<String, String> retired = new TreeMap<>();
            removedRelays.stream().filter(id -> !id.equals(origin.id()))
                    .forEach(id -> retired.put(id, ReadModelKeys.RETIRED_RELAY));
            if (originChanged && before.origin() != null) {
                retired.put(before.origin(), ReadModelKeys.RETIRED_ORIGIN);
            }
            return retired;
        }
    }

    /**
     * @param publishes true for speakers and moderators, false for listeners
     * @param room      the room's edges
     * @param live      the edges whose registration has not expired
     * @return the assignment, or empty when no edge is live, or (for a listener) every live edge is full
     */
    public static Optional<Assignment> assign(boolean publishes, RoomEdges room, Collection<EdgeRegistration> live) {
        Map<String, EdgeRegistration> byId = new LinkedHashMap<>();
        live.forEach(e -> byId.put(e.id(), e));
        if (byId.isEmpty()) {
            return Optional.empty();
        }
        Set<String> removed = new TreeSet<>();
        Set<String> relays = new TreeSet<>();
        for (String relay : room.relays()) {
            (byId.containsKey(relay) ? relays : removed).add(relay);
        }
        EdgeRegistration origin = room.origin() == null ? null : byId.get(room.origin());
        boolean originChanged = origin == null;
        if (originChanged) {
            origin = byId.values().stream().min(EdgeRegistration.LEAST_LOADED).orElseThrow();
            if (relays.remove(origin.id())) {
                removed.add(origin.id());
            }
        }
        if (publishes) {
            return Optional.of(new Assignment(origin, origin, originChanged, Set.of(), removed));
        }
        EdgeRegistration theOrigin = origin;
        Optional<EdgeRegistration> inRoom = byId.values().stream()
                .filter(e -> e.id().equals(theOrigin.id()) || relays.contains(e.id()))
                .filter(EdgeRegistration::hasRoom).min(EdgeRegistration.LEAST_LOADED);
        if (inRoom.isPresent()) {
            return Optional.of(new Assignment(inRoom.get(), origin, originChanged, Set.of(), removed));
        }
        return byId.values().stream()
                .filter(e -> !e.id().equals(theOrigin.id()) && !relays.contains(e.id()))
                .filter(EdgeRegistration::hasRoom).min(EdgeRegistration.LEAST_LOADED)
                .map(e -> new Assignment(e, theOrigin, originChanged, Set.of(e.id()), removed));
    }
}
