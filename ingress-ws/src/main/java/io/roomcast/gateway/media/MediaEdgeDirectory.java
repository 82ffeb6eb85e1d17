package io.roomcast.gateway.media;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.gateway.rest.GatewayRedis;
import io.roomcast.schemas.ReadModelKeys;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a room's participants on media edges: reads the live edges ({@value ReadModelKeys#MEDIA_EDGES}
 * and each {@code media:edge:{id}}) and the room's origin and relays from Redis, decides with
 * {@link EdgeAssignment}, and writes the outcome back: first the dead origin or relays it replaces as retired
 * ({@link Settings#retiredKept()}; first, so a node reading the room's edges at any moment sees a dead edge either
 * in place or retired), then the origin by compare-and-set (so two gateway
 * nodes placing a new room's first participants agree on one origin; the loser decides again), relays
 * added and removed, one
 * more {@code load} on the chosen edge (spreads the assignments made between two
 * heartbeats; the edge's next heartbeat writes its true count), and the room's keys' TTL
 * ({@link Settings#roomTtl()}). An edge id in the set whose registration expired is
 * removed from the set. A registration that cannot be read (no address, a count that is no number) is
 * skipped and counted in {@code roomcast_gateway_media_edges_unreadable_total}.
 *
 * <p>Two nodes bringing in a relay at the same moment may both add one: the room then has a spare relay.
 * Blocking (a few Redis round trips): call it off the event loop.
 */
@Singleton
public final class MediaEdgeDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEdgeDirectory.class);

    /** KEYS: origin. ARGV: expected ('' = none), new, ttl ms. Returns the origin after the call. */
    static final String SET_ORIGIN = """
            local current = redis.call('GET', KEYS[1])
            if (current == false and ARGV[1] == '') or current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return ARGV[2]
            end
            return current or ''
            """;
    /** KEYS: edge registration. Adds one to its load if it still exists. */
    static final String ADD_LOAD = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return redis.call('HINCRBY', KEYS[1], '%s', 1)
            end
            return -1
            """.formatted(ReadModelKeys.EDGE_LOAD);

    private final GatewayRedis redis;
    private final Settings settings;
    private final Counter unreadable;

    /**
     * The directory's timings, settings {@code roomcast.gateway.media.*}.
     *
     * @param roomTtl           how long a room's edge keys live after the last token issued for it
     *                          ({@code room-ttl}, default 1 h), at least 1 s
     * @param readTimeout       longest wait for one Redis read of the edges or the room's edges
     *                          ({@code read-timeout}, default 5 s), at least 1 ms
     * @param placementAttempts placements tried when another gateway node changes the room's origin meanwhile,
     *                          before answering that no edge is available ({@code placement-attempts}, count,
     *                          default 3), at least 1
     * @param failoverCheck     how often each gateway node reads the edge registrations to find edges that lapsed
     *                          and tell their rooms' sessions ({@code failover-check-interval}, default 1 s; keep it
     *                          below the edges' {@code roomcast.media.registration-ttl}), at least 1 ms
     */
    public record Settings(Duration roomTtl, Duration readTimeout, int placementAttempts, Duration failoverCheck) {
        /** Checks a retired edge is remembered for ({@link EdgeAssignment.Assignment#retired}). */
        static final int RETIRED_CHECKS = 60;

        /** The documented defaults. */
        public static final Settings DEFAULT = new Settings(Duration.ofHours(1), Duration.ofSeconds(5), 3,
                Duration.ofSeconds(1));

        /** @throws IllegalArgumentException for a value below its least */
        public Settings {
            if (roomTtl.toSeconds() < 1 || readTimeout.toMillis() < 1 || placementAttempts < 1
                    || failoverCheck.toMillis() < 1) {
                throw new IllegalArgumentException("media directory settings need room-ttl >= 1 s, read-timeout"
                        + " >= 1 ms, placement-attempts >= 1, failover-check-interval >= 1 ms: " + this);
            }
        }

        /**
         * How long a room's retired edges are remembered ({@code media:room:{id}:retired}): {@value #RETIRED_CHECKS}
         * fail-over checks (1 min with the defaults), so every node's check after the lapse finds the room, even one
         * whose checks were held up (Redis slow) for a while.
         */
        public Duration retiredKept() {
            return failoverCheck.multipliedBy(RETIRED_CHECKS);
        }
    }

    /** A participant's edge, and the room's origin when that edge is a relay (null otherwise). */
    public record Placement(EdgeRegistration edge, EdgeRegistration origin) {
    }

    /** @param settings the timings */
    public MediaEdgeDirectory(GatewayRedis redis, MeterRegistry registry, Settings settings) {
        this.redis = redis;
        this.settings = settings;
        this.unreadable = Counter.builder("roomcast.gateway.media.edges.unreadable")
                .description("Media edge registrations skipped because they could not be read").register(registry);
    }

    /**
     * @param roomId    the room
     * @param publishes true for speakers and moderators (they go to the origin)
     * @return the placement, or empty when no edge is live or all are full
     * @throws io.lettuce.core.RedisException when Redis fails
     */
    public Optional<Placement> place(String roomId, boolean publishes) {
        for (int attempt = 0; attempt < settings.placementAttempts(); attempt++) {
            EdgeAssignment.RoomEdges room = roomEdges(roomId);
            Optional<EdgeAssignment.Assignment> decided = EdgeAssignment.assign(publishes, room, liveEdges());
            if (decided.isEmpty()) {
                return Optional.empty();
            }
            EdgeAssignment.Assignment a = decided.get();
            // Before the origin or relays change: a node reading the room's edges meanwhile (its fail-over check)
            // still finds the dead edge, as the origin or relay or as retired (chaos run, issue 19: a node that read
            // between the new origin and the retired one told none of its sessions, whose audio never came back).
            retire(roomId, room, a);
            if (a.originChanged() && !claimOrigin(roomId, room.origin(), a.origin().id())) {
                continue;
            }
            write(roomId, a);
            return Optional.of(new Placement(a.edge(), a.relayed() ? a.origin() : null));
        }
        LOG.warn("media edges of room {} kept changing; no placement after {} attempts", roomId,
                settings.placementAttempts());
        return Optional.empty();
    }

    /**
     * Sets a gateway node's watch marker ({@code media:watch:{nodeId}}, no TTL) if it is missing.
     *
     * @return whether it was missing: Redis lost its data since the node's last call (or this is the first)
     * @throws io.lettuce.core.RedisException when Redis fails or does not answer within {@link Settings#readTimeout()}
     */
    public boolean markWatched(String nodeId) {
        return Boolean.TRUE.equals(redis.sync().setnx(ReadModelKeys.mediaWatch(nodeId), "1"));
    }

    /**
     * @return the edges whose registration is live (readable ones); expired ids are removed from the set
     * @throws io.lettuce.core.RedisException when Redis fails or a read takes over {@link Settings#readTimeout()}
     */
    public List<EdgeRegistration> liveEdges() {
        List<String> ids = new ArrayList<>(redis.sync().smembers(ReadModelKeys.MEDIA_EDGES));
        Map<String, RedisFuture<Map<String, String>>> reads = new LinkedHashMap<>();
        ids.forEach(id -> reads.put(id, redis.async().hgetall(ReadModelKeys.mediaEdge(id))));
        List<EdgeRegistration> live = new ArrayList<>();
        for (Map.Entry<String, RedisFuture<Map<String, String>>> read : reads.entrySet()) {
            Map<String, String> fields = await(read.getValue());
            if (fields.isEmpty()) {
                redis.sync().srem(ReadModelKeys.MEDIA_EDGES, read.getKey());
            } else {
                parse(read.getKey(), fields).ifPresent(live::add);
            }
        }
        return live;
    }

    private Optional<EdgeRegistration> parse(String id, Map<String, String> fields) {
        try {
            String address = fields.get(ReadModelKeys.EDGE_ADDRESS);
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("no address");
            }
            return Optional.of(new EdgeRegistration(id, address,
                    Integer.parseInt(fields.getOrDefault(ReadModelKeys.EDGE_CAPACITY, "")),
                    Long.parseLong(fields.getOrDefault(ReadModelKeys.EDGE_LOAD, "")),
                    fields.get(ReadModelKeys.EDGE_SIGNALLING)));
        } catch (IllegalArgumentException e) {
            unreadable.increment();
            LOG.debug("skipped the unreadable registration of media edge {}: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @return the room's origin (null when none) and relays as Redis holds them, dead ones included
     * @throws io.lettuce.core.RedisException when Redis fails or a read takes over {@link Settings#readTimeout()}
     */
    public EdgeAssignment.RoomEdges roomEdges(String roomId) {
        RedisFuture<String> origin = redis.async().get(ReadModelKeys.mediaOrigin(roomId));
        RedisFuture<java.util.Set<String>> relays = redis.async().smembers(ReadModelKeys.mediaRelays(roomId));
        RedisFuture<Map<String, String>> retired = redis.async().hgetall(ReadModelKeys.mediaRetired(roomId));
        Map<String, String> retiredRoles = await(retired);
        return new EdgeAssignment.RoomEdges(await(origin), await(relays),
                idsOf(retiredRoles, ReadModelKeys.RETIRED_ORIGIN), idsOf(retiredRoles, ReadModelKeys.RETIRED_RELAY));
    }

    private static java.util.Set<String> idsOf(Map<String, String> retired, String role) {
        return retired.entrySet().stream().filter(e -> role.equals(e.getValue())).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
    }

    private boolean claimOrigin(String roomId, String expected, String origin) {
        String now = redis.sync().eval(SET_ORIGIN, ScriptOutputType.VALUE,
                new String[] {ReadModelKeys.mediaOrigin(roomId)}, expected == null ? "" : expected, origin,
                Long.toString(settings.roomTtl().toMillis()));
        return origin.equals(now);
    }

    /** Records the dead edges {@code a} replaces as the room's retired ones (for {@link Settings#retiredKept()}). */
    private void retire(String roomId, EdgeAssignment.RoomEdges before, EdgeAssignment.Assignment a) {
        Map<String, String> retired = a.retired(before);
        if (!retired.isEmpty()) {
            String key = ReadModelKeys.mediaRetired(roomId);
            redis.sync().hset(key, retired);
            redis.sync().pexpire(key, settings.retiredKept().toMillis());
        }
    }

    private void write(String roomId, EdgeAssignment.Assignment a) {
        String relays = ReadModelKeys.mediaRelays(roomId);
        if (!a.removedRelays().isEmpty()) {
            redis.sync().srem(relays, a.removedRelays().toArray(String[]::new));
        }
        if (!a.addedRelays().isEmpty()) {
            redis.sync().sadd(relays, a.addedRelays().toArray(String[]::new));
        }
        redis.sync().pexpire(ReadModelKeys.mediaOrigin(roomId), settings.roomTtl().toMillis());
        redis.sync().pexpire(relays, settings.roomTtl().toMillis());
        redis.sync().eval(ADD_LOAD, ScriptOutputType.INTEGER, ReadModelKeys.mediaEdge(a.edge().id()));
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.lettuce.core.RedisException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof io.lettuce.core.RedisException r ? r
                    : new io.lettuce.core.RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.lettuce.core.RedisException("Redis read timed out after " + settings.readTimeout(), e);
        }
    }
}
