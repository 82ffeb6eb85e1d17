package io.roomcast.gateway.ws;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.roomcast.gateway.media.EdgeAssignment;
import io.roomcast.gateway.media.EdgeFailover;
import io.roomcast.gateway.media.EdgeLapses;
import io.roomcast.gateway.media.EdgeRegistration;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import io.roomcast.gateway.protocol.MediaMovedFrames;
import io.roomcast.gateway.protocol.ServerFrame;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media edge fail-over on this gateway node (docs/media-protocol.md, "When an edge dies"): every
 * {@code roomcast.gateway.media.failover-check-interval} (1 s) it reads the live edge registrations
 * ({@link MediaEdgeDirectory#liveEdges}); when edges live at the previous check are gone ({@link EdgeLapses}: not
 * those Redis lost with its data, while they register again), it reads the edges of
 * each room with sessions on this node and, for each room {@link EdgeFailover} says must move, sends those sessions
 * a {@code media_moved} DISPATCH ({@link MediaMovedFrames}) through the room's fan-out. Each session told counts in
 * {@code roomcast_gateway_media_moved_sessions_total{origin_died}}; each room moved is logged at INFO. A session that
 * enters a room's stream later (it was reconnecting or resuming at the lapse) gets the frame then, for
 * {@link #LAPSE_MEMORY} after the lapse, even if the edge registered again (a restarted edge lost its bindings).
 *
 * <p>A check that fails (Redis down or slow) is logged and retried at the next one, against the same previous
 * edges, so a lapse seen late is still told. Started with the node's HTTP server ({@link ServerStartupEvent}).
 */
@Singleton
public final class EdgeFailoverWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeFailoverWatch.class);

    private final GatewayNode node;
    private final MediaEdgeDirectory directory;
    private final MediaEdgeDirectory.Settings settings;
    private final Counter originDied;
    private final Counter relayDied;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("edge-failover").daemon().factory());
    /**
     * How long after Redis lost its data no edge lapses ({@link EdgeLapses}): 5 s, more than the edges' default
     * {@code roomcast.media.registration-ttl} (3 s); they register again at their next heartbeat (1 s).
     */
    static final java.time.Duration DATA_LOSS_GRACE = java.time.Duration.ofSeconds(5);

    /**
     * How long a lapse is told to sessions that enter one of its rooms later (they were reconnecting or resuming at
     * the lapse): 60 s, more than a client's reconnect backoff and resume take on a loaded machine, and more than
     * {@code roomcast.gateway.sessions.ttl} (45 s): a session away at the lapse can resume no later than that.
     */
    static final java.time.Duration LAPSE_MEMORY = java.time.Duration.ofSeconds(60);

    /** Which edges lapsed, check by check, and recently. Only the check thread touches it. */
    private final EdgeLapses lapses = new EdgeLapses(DATA_LOSS_GRACE, LAPSE_MEMORY);
    /** Whether a check succeeded before (the first finds no marker). Only the check thread touches it. */
    private boolean checked;

    public EdgeFailoverWatch(GatewayNode node, MediaEdgeDirectory directory, MediaEdgeDirectory.Settings settings,
                             MeterRegistry meters) {
        this.node = node;
        this.directory = directory;
        this.settings = settings;
        this.originDied = moved(meters, true);
        this.relayDied = moved(meters, false);
        node.onRoomEntered(this::entered);
    }

    private static Counter moved(MeterRegistry meters, boolean originDied) {
        return Counter.builder("roomcast.gateway.media.moved.sessions")
            .description("Sessions told to bind to another media edge (media_moved) because edges of their room lapsed")
            .tag("origin_died", Boolean.toString(originDied)).register(meters);
    }

    /** Starts the checks once the server is up. */
    @EventListener
    void start(ServerStartupEvent event) {
        long everyMs = settings.failoverCheck().toMillis();
        checks.scheduleWithFixedDelay(this::checkSafely, 0, everyMs, TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RedisException e) {
            LOG.warn("media edge fail-over check failed, retrying in {}: {}", settings.failoverCheck(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("media edge fail-over check failed", e);
        }
    }

    /** One check: reads the live edges and tells the sessions of rooms on lapsed edges. */
    void check() {
        Set<String> live = directory.liveEdges().stream().map(EdgeRegistration::id).collect(Collectors.toSet());
        // after the read of the registrations: a restart between the two is then seen as a loss, never as lapses
        boolean dataLost = directory.markWatched(node.nodeId());
        if (dataLost && checked) {
            LOG.info("Redis lost its data (this node's watch marker is gone): no media edge lapses for {} while "
                + "the edges register again; live now: {}", DATA_LOSS_GRACE, live);
        }
        checked = true;
        Set<String> lapsed = lapses.check(live, dataLost, System.currentTimeMillis());
        if (!lapsed.isEmpty()) {
            tell(lapsed);
        }
    }

    private void tell(Set<String> lapsed) {
        Map<String, EdgeAssignment.RoomEdges> rooms = new LinkedHashMap<>();
        for (String room : node.fanout().interestingRooms()) {
            if (node.fanout().sessionsIn(room) > 0) {
                rooms.put(room, directory.roomEdges(room));
            }
        }
        LOG.info("media edges {} lapsed; checking {} rooms with sessions here", lapsed, rooms.size());
        for (EdgeFailover.Move move : EdgeFailover.moves(lapsed, rooms)) {
            ServerFrame.UserDispatch frame = MediaMovedFrames.frame(move.roomId(), move.lapsedEdges(),
                move.originDied(), Instant.now());
            int told = node.fanout().broadcast(move.roomId(), Outgoing.frame(node.codec().encode(frame), frame, null));
            (move.originDied() ? originDied : relayDied).increment(told);
            LOG.info("room {} moves off lapsed media edges {} (origin died: {}): told {} sessions to bind again",
                move.roomId(), move.lapsedEdges(), move.originDied(), told);
        }
    }

    /**
     * A session entered {@code room}'s stream (joined or resumed): if one of the room's edges lapsed within
     * {@link #LAPSE_MEMORY} (back since or not), the session gets the room's {@code media_moved} now, as the room's
     * sessions did at the lapse. On the check thread (it reads the room's edges from Redis).
     */
    private void entered(Connection connection, String room) {
        checks.execute(() -> {
            try {
                Set<String> recent = lapses.recent(System.currentTimeMillis());
                if (recent.isEmpty()) {
                    return;
                }
                for (EdgeFailover.Move move : EdgeFailover.moves(recent, Map.of(room, directory.roomEdges(room)))) {
                    connection.send(MediaMovedFrames.frame(room, move.lapsedEdges(), move.originDied(), Instant.now()),
                        null);
                    (move.originDied() ? originDied : relayDied).increment();
                    LOG.info("a session entered room {} after its media edges {} lapsed (origin died: {}): told it to "
                        + "bind again", room, move.lapsedEdges(), move.originDied());
                }
            } catch (RuntimeException e) {
                LOG.warn("media edge fail-over for a session entering room {} failed: {}", room, e.toString());
            }
        });
    }

    @Override
    @PreDestroy
    public void close() {
        checks.shutdownNow();
    }
}
