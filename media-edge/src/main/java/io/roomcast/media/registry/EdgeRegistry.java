package io.roomcast.media.registry;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.roomcast.media.cascade.ServedRooms;
import io.roomcast.schemas.ReadModelKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this edge in Redis for the gateway's edge assignment (ReadModelKeys, "Media keys";
 * docs/media-protocol.md, "Edges and cascading"): every {@code heartbeat} one Lua script writes the
 * hash {@code media:edge:{id}} (public UDP {@code address} host:port, listener {@code capacity}, current
 * {@code load} = participants bound, {@code heartbeatAt} epoch ms) with a TTL of {@code ttl}, and adds
 * the id to {@value ReadModelKeys#MEDIA_EDGES}. An edge that dies stops its heartbeat; its key expires
 * after {@code ttl} and the gateway stops assigning it. A clean shutdown deletes the key at once.
 *
 * <p>Every heartbeat also writes back what this edge knows of the rooms it serves ({@link ServedRooms}): for each, the
 * room's origin {@code media:room:{id}:origin} when Redis has none (a restart lost it, or it expired), its TTL
 * raised to {@code roomKeysTtl} while it names the origin this edge knows, and, on a relay of that origin, the edge's
 * id in {@code media:room:{id}:relays}. An origin the gateway changed since (a fail-over) is left as it is.
 * docs/media-protocol.md, "After Redis lost its data".
 *
 * <p>Redis being down does not stop the edge: a failed heartbeat is logged (once per outage) and the
 * next one reconnects. Both keys are written by one script, which is right for standalone Redis; on Redis
 * Cluster they live in different slots and need two writes.
 */
public final class EdgeRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRegistry.class);

    /** KEYS: registration, set of edges. ARGV: address, capacity, load, heartbeatAt, ttl ms, id, signalling URL. */
    static final String HEARTBEAT = """
            redis.call('HSET', KEYS[1], '%s', ARGV[1], '%s', ARGV[2], '%s', ARGV[3], '%s', ARGV[4], '%s', ARGV[7])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('SADD', KEYS[2], ARGV[6])
            return 1
            """.formatted(ReadModelKeys.EDGE_ADDRESS, ReadModelKeys.EDGE_CAPACITY, ReadModelKeys.EDGE_LOAD,
        ReadModelKeys.EDGE_HEARTBEAT_AT, ReadModelKeys.EDGE_SIGNALLING);

    /**
     * KEYS: per room, its origin key then its relays key. ARGV: this edge's id, the room keys' TTL ms, then per room
     * the origin edge's id this edge knows. Returns 1.
     */
    static final String ROOMS = """
            local ttl = tonumber(ARGV[2])
            for i = 1, #KEYS / 2 do
              local originKey, relaysKey, origin = KEYS[2 * i - 1], KEYS[2 * i], ARGV[i + 2]
              local current = redis.call('GET', originKey)
              if current == false then
                redis.call('SET', originKey, origin, 'PX', ttl)
              end
              if current == false or current == origin then
                if redis.call('PTTL', originKey) < ttl then redis.call('PEXPIRE', originKey, ttl) end
                if origin ~= ARGV[1] then
                  redis.call('SADD', relaysKey, ARGV[1])
                  if redis.call('PTTL', relaysKey) < ttl then redis.call('PEXPIRE', relaysKey, ttl) end
                end
              end
            end
            return 1
            """;
    /** Rooms written back per script call, so one call holds Redis for about a millisecond at most. */
    static final int ROOMS_PER_CALL = 256;

    private final RedisClient client;
    private final Registration registration;
    private final IntSupplier load;
    private final Supplier<SortedMap<String, String>> servedRooms;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("edge-heartbeat").daemon().factory());
    private StatefulRedisConnection<String, String> connection;
    private boolean failing;
    private volatile boolean registeredOnce;
    private volatile boolean lastBeatSucceeded;

    /**
     * What this edge registers.
     *
     * @param edgeId the id media tokens name
     * @param address public UDP address, {@code host:port}
     * @param capacity listeners it takes at most (count)
     * @param heartbeat how often the registration is written
     * @param ttl how long it lives without a heartbeat (longer than {@code heartbeat})
     * @param signalling public HTTP base URL of the edge's WHIP/WHEP endpoints
     * @param roomKeysTtl the TTL of the room keys this edge writes back ({@link ServedRooms}); longer than
     *                    {@code ttl}, so a dead edge's rooms still name it when the gateway finds it lapsed
     */
    public record Registration(String edgeId, String address, int capacity, Duration heartbeat, Duration ttl,
                               String signalling, Duration roomKeysTtl) {
        /** @throws IllegalArgumentException when {@code ttl} is not above {@code heartbeat}, or {@code roomKeysTtl} above {@code ttl} */
        public Registration {
            if (ttl.compareTo(heartbeat) <= 0) {
                throw new IllegalArgumentException("the registration ttl must exceed the heartbeat interval");
            }
            if (roomKeysTtl.compareTo(ttl) <= 0) {
                throw new IllegalArgumentException("room-keys-ttl must exceed the registration ttl");
            }
        }
    }

    /**
     * Starts heartbeating at once.
     *
     * @param redisUri Lettuce URI, e.g. {@code redis://127.0.0.1:6379}
     * @param load participants bound now (count), read at each heartbeat
     * @param servedRooms the rooms this edge serves and their origins ({@link ServedRooms#origins}), read at each
     *                    heartbeat
     */
    public EdgeRegistry(String redisUri, Registration registration, IntSupplier load,
                        Supplier<SortedMap<String, String>> servedRooms) {
        this.client = RedisClient.create(redisUri);
        this.registration = registration;
        this.load = load;
        this.servedRooms = servedRooms;
        long period = registration.heartbeat().toMillis();
        beats.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void beat() {
        try {
            if (connection == null || !connection.isOpen()) {
                connection = client.connect();
            }
            connection.sync().eval(HEARTBEAT, ScriptOutputType.INTEGER,
                new String[] {ReadModelKeys.mediaEdge(registration.edgeId()), ReadModelKeys.MEDIA_EDGES},
                registration.address(), Integer.toString(registration.capacity()), Integer.toString(load.getAsInt()),
                Long.toString(System.currentTimeMillis()), Long.toString(registration.ttl().toMillis()),
                registration.edgeId(), registration.signalling());
            writeRooms(connection.sync());
            registeredOnce = true;
            lastBeatSucceeded = true;
            if (failing) {
                LOG.info("edge {} registered again in Redis", registration.edgeId());
                failing = false;
            }
        } catch (RedisException e) {
            lastBeatSucceeded = false;
            if (!failing) {
                LOG.warn("edge {} cannot register in Redis (retrying every {}): {}", registration.edgeId(),
                    registration.heartbeat(), e.toString());
                failing = true;
            }
        }
    }

    private void writeRooms(RedisCommands<String, String> redis) {
        List<Map.Entry<String, String>> rooms = List.copyOf(servedRooms.get().entrySet());
        for (int from = 0; from < rooms.size(); from += ROOMS_PER_CALL) {
            List<Map.Entry<String, String>> part = rooms.subList(from, Math.min(rooms.size(), from + ROOMS_PER_CALL));
            List<String> keys = new ArrayList<>(2 * part.size());
            List<String> args = new ArrayList<>(part.size() + 2);
            args.add(registration.edgeId());
            args.add(Long.toString(registration.roomKeysTtl().toMillis()));
            for (Map.Entry<String, String> room : part) {
                keys.add(ReadModelKeys.mediaOrigin(room.getKey()));
                keys.add(ReadModelKeys.mediaRelays(room.getKey()));
                args.add(room.getValue());
            }
            redis.eval(ROOMS, ScriptOutputType.INTEGER, keys.toArray(String[]::new), args.toArray(String[]::new));
        }
    }

    /**
     * Whether a heartbeat has written the registration at least once: from then on the gateway may assign
     * this edge (until the registration expires). Before that, no participant is sent here.
     */
    public boolean registeredOnce() {
        return registeredOnce;
    }

    /** Whether the last heartbeat wrote the registration (false while Redis cannot be reached). */
    public boolean lastBeatSucceeded() {
        return lastBeatSucceeded;
    }

    /** Stops the heartbeat and deletes the registration (the gateway stops assigning this edge at once). */
    @Override
    public synchronized void close() {
        beats.shutdownNow();
        try {
            if (connection != null && connection.isOpen()) {
                connection.sync().del(ReadModelKeys.mediaEdge(registration.edgeId()));
                connection.sync().srem(ReadModelKeys.MEDIA_EDGES, registration.edgeId());
                connection.close();
            }
        } catch (RedisException e) {
            LOG.debug("edge {} not unregistered: {}", registration.edgeId(), e.toString());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
