package io.roomcast.gateway.media;

import java.util.Comparator;

/**
 * A live media edge as its registration in Redis says (ReadModelKeys, "Media keys").
 *
 * @param id       the edge id, named in media tokens ({@code edge} claim)
 * @param address  its public UDP address, {@code host:port}
 * @param capacity listeners it takes at most (count)
 * @param load     participants bound there now, plus tokens assigned since its last heartbeat (count)
 * @param signalling its WHIP/WHEP base URL ({@code http://host:port}), or null when it registered none
 */
public record EdgeRegistration(String id, String address, int capacity, long load, String signalling) {

    /** A registration without a signalling URL. */
    public EdgeRegistration(String id, String address, int capacity, long load) {
        this(id, address, capacity, load, null);
    }

    /** Least loaded first: by load / capacity (an edge of capacity 0 or less last), then by id. */
    public static final Comparator<EdgeRegistration> LEAST_LOADED =
            Comparator.comparingDouble(EdgeRegistration::utilisation).thenComparing(EdgeRegistration::id);

    /** Whether it takes one more listener: load below capacity. */
    public boolean hasRoom() {
        return load < capacity;
    }

    /** load / capacity; positive infinity for a capacity of 0 or less. */
    public double utilisation() {
        return capacity <= 0 ? Double.POSITIVE_INFINITY : (double) load / capacity;
    }
}
