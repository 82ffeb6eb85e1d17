package io.roomcast.gateway.media;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rooms must move to other media edges after edges disappeared (issue 19, "media edge fail-over";
 * docs/media-protocol.md, "When an edge dies"). Pure: the caller reads the live edges and the rooms' edges
 * from Redis, and tells the rooms' sessions.
 *
 * <p>An edge <em>lapsed</em> when it was live at the previous check and is not now: its registration
 * ({@code media:edge:{id}}, TTL {@code roomcast.media.registration-ttl}) expired, or a clean shutdown deleted
 * it. A room must move when its origin or one of its relays lapsed. The whole room moves either way (every
 * session of the room is told), because the gateway does not record which edge each participant bound to:
 * a client whose token names none of the lapsed edges (neither as {@code edge} nor as {@code origin}) keeps
 * its binding. The new placement is made when the clients ask for new media tokens ({@link EdgeAssignment}
 * drops dead relays and picks a new origin for a room whose origin died, and remembers them as retired, so a node
 * that checks after that placement still moves the room).
 */
public final class EdgeFailover {
    private EdgeFailover() {
    }

    /**
     * A room to move.
     *
     * @param roomId     the room
     * @param lapsedEdges the room's edges (origin and relays) whose registration lapsed, ids in order
     * @param originDied whether the room's origin is among them (its speakers, and listeners on its relays
     *                   through it, lost their audio; the next media token names a new origin)
     */
    public record Move(String roomId, List<String> lapsedEdges, boolean originDied) {
        /** @throws IllegalArgumentException for no lapsed edge */
        public Move {
            Objects.requireNonNull(roomId, "roomId");
            lapsedEdges = List.copyOf(new TreeSet<>(lapsedEdges));
            if (lapsedEdges.isEmpty()) {
                throw new IllegalArgumentException("a move needs a lapsed edge: room " + roomId);
            }
        }
    }

    /**
     * @param previouslyLive edge ids live at the previous check
     * @param live           edge ids live now
     * @return the ids in {@code previouslyLive} and not in {@code live}
     */
    public static Set<String> lapsed(Collection<String> previouslyLive, Collection<String> live) {
        Set<String> lapsed = new TreeSet<>(previouslyLive);
        lapsed.removeAll(Set.copyOf(live));
        return lapsed;
    }

    /**
     * @param lapsed the edges whose registration lapsed ({@link #lapsed})
     * @param rooms  the rooms to consider (those with sessions on this gateway node) and their edges as Redis
     *               holds them, retired ones included: another node's clients may have moved the room already
     *               (new tokens replace a dead origin and drop dead relays), and this node's sessions must still be
     *               told; a room without an origin has no media yet and never moves
     * @return one move per room with a lapsed origin or relay, current or retired, by room id
     */
    public static List<Move> moves(Set<String> lapsed, Map<String, EdgeAssignment.RoomEdges> rooms) {
        List<Move> moves = new ArrayList<>();
        if (lapsed.isEmpty()) {
            return moves;
        }
        new TreeMap<>(rooms).forEach((roomId, edges) -> {
            if (edges.origin() == null) {
                return;
            }
            Set<String> origins = new TreeSet<>(edges.retiredOrigins());
            origins.add(edges.origin());
            origins.retainAll(lapsed);
            Set<String> gone = new TreeSet<>(origins);
            edges.relays().stream().filter(lapsed::contains).forEach(gone::add);
            edges.retiredRelays().stream().filter(lapsed::contains).forEach(gone::add);
            if (!gone.isEmpty()) {
                moves.add(new Move(roomId, List.copyOf(gone), !origins.isEmpty()));
            }
        });
        return moves;
    }
}
