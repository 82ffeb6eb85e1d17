package io.roomcast.media.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.roomcast.media.auth.RelayTokens;
import io.roomcast.media.cascade.UplinkPlan;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.rtcp.RtcpWriter;
import io.roomcast.media.session.RelayGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay edge's uplinks (docs/media-protocol.md, "Edges and cascading"), as {@link UplinkPlan} decides
 * them: per relayed room, a UDP socket on this edge's event loop that binds to the room's origin edge as
 * the room's relay participant (a binding request with a {@link RelayTokens relay token}), repeated every
 * {@code keepalive} with a fresh token (refreshes the binding and is its sign of life at the origin),
 * and whose incoming RTP goes to the room's members here ({@link UplinkHandler}). An uplink no longer
 * needed sends an RTCP BYE (RFC 3550 section 6.6; the origin unbinds it at once) and closes. Sockets are
 * opened and closed on one thread of their own, never on an event loop. An origin address that does not
 * resolve is logged; the room's next binding tries again.
 */
public final class RelayUplinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayUplinks.class);

    private final Settings settings;
    private final RelayTokens tokens;
    private final Sessions<InetSocketAddress> sessions;
    private final MediaMetrics<InetSocketAddress> metrics;
    private final UplinkPlan plan = new UplinkPlan();
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final CompletableFuture<Transport> transport = new CompletableFuture<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("relay-uplinks").daemon().factory());

    /**
     * @param keepalive how often an uplink sends its binding request to the origin (below the origin's silent timeout)
     * @param tokenTtl lifetime of each relay token (above {@code keepalive})
     * @param maxPacketBytes larger datagrams from the origin are dropped as oversized, bytes
     */
    public record Settings(Duration keepalive, Duration tokenTtl, int maxPacketBytes) {
    }

    /** The edge's sockets: the media socket copies leave from, and new uplink sockets. */
    public interface Transport {
        /** The media socket whose event loop uplinks share. */
        Channel media();

        /**
         * Binds a new UDP socket on the media socket's event loop, any free port.
         *
         * @throws IllegalStateException when it cannot be bound
         */
        Channel openUplink(ChannelHandler handler);
    }

    private record Live(UplinkPlan.Uplink uplink, Channel channel, UplinkHandler handler, ScheduledFuture<?> keepalive) {
    }

    public RelayUplinks(Settings settings, RelayTokens tokens, Sessions<InetSocketAddress> sessions,
                        MediaMetrics<InetSocketAddress> metrics) {
        this.settings = settings;
        this.tokens = tokens;
        this.sessions = sessions;
        this.metrics = metrics;
        metrics.relayUplinks(plan::size);
    }

    /** Gives the sockets once they are bound; uplinks wait for it. */
    public void attach(Transport sockets) {
        transport.complete(sockets);
    }

    /** A participant of {@code room} bound here with a token naming another edge as the room's origin. */
    public void need(String room, String originEdge, String originAddress) {
        switch (plan.need(room, originEdge, originAddress)) {
            case UplinkPlan.Change.None none -> { }
            case UplinkPlan.Change.Open open -> worker.execute(() -> open(open.uplink()));
            case UplinkPlan.Change.Retarget move -> worker.execute(() -> {
                close(move.old());
                open(move.now());
            });
        }
    }

    /** No participant of {@code room} is bound here any more: its uplink, if any, closes. */
    public void release(String room) {
        UplinkPlan.Uplink uplink = plan.release(room);
        if (uplink != null) {
            worker.execute(() -> close(uplink));
        }
    }

    /** The rooms this edge relays and their origin edges' ids (room id → origin edge id), a copy. */
    public Map<String, String> relayedRooms() {
        return plan.origins();
    }

    /** The local UDP port of the room's uplink, or -1 (tests). */
    public int uplinkPort(String room) {
        Live l = live.get(room);
        return l == null ? -1 : ((InetSocketAddress) l.channel().localAddress()).getPort();
    }

    /** Whether the room's origin accepted this edge's relay binding (tests, health). */
    public boolean bound(String room) {
        Live l = live.get(room);
        return l != null && l.handler().bound();
    }

    private void open(UplinkPlan.Uplink uplink) {
        try {
            InetSocketAddress origin = address(uplink.originAddress());
            Transport sockets = transport.join();
            UplinkHandler handler = new UplinkHandler(uplink.room(), origin, sockets.media(),
                new RelayGate<>(sessions, settings.maxPacketBytes()), metrics);
            Channel channel = sockets.openUplink(handler);
            long period = settings.keepalive().toNanos();
            ScheduledFuture<?> keepalive = channel.eventLoop().scheduleAtFixedRate(
                () -> bind(uplink, channel, handler), 0, period, TimeUnit.NANOSECONDS);
            live.put(uplink.room(), new Live(uplink, channel, handler, keepalive));
            LOG.info("relaying room {} from origin {} at {}", uplink.room(), uplink.originEdge(), origin);
        } catch (RuntimeException e) {
            LOG.warn("cannot relay room {} from {} at {}: {}", uplink.room(), uplink.originEdge(),
                uplink.originAddress(), e.toString());
            plan.release(uplink.room());
        }
    }

    private void bind(UplinkPlan.Uplink uplink, Channel channel, UplinkHandler handler) {
        Instant now = Instant.now();
        String token = tokens.issue(uplink.room(), uplink.originEdge(), now, now.plus(settings.tokenTtl()));
        byte[] transactionId = new byte[Stun.TRANSACTION_ID_BYTES];
        ThreadLocalRandom.current().nextBytes(transactionId);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(
            StunWriter.bindingRequest(transactionId, token, handler.ssrc())), handler.origin()), channel.voidPromise());
    }

    private void close(UplinkPlan.Uplink uplink) {
        Live l = live.get(uplink.room());
        if (l == null || !l.uplink().equals(uplink)) {
            return;
        }
        live.remove(uplink.room(), l);
        l.keepalive().cancel(false);
        ByteBuffer bye = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeLeave(bye, 0, l.handler().ssrc(), "relay closed");
        l.channel().writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(Arrays.copyOf(bye.array(), length)),
            l.handler().origin())).addListener(done -> l.channel().close());
        LOG.info("stopped relaying room {}", uplink.room());
    }

    /**
     * @param hostPort {@code host:port}, IPv6 in brackets
     * @throws IllegalArgumentException when it is no address or does not resolve
     */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        if (host.isEmpty() || address.isUnresolved()) {
            throw new IllegalArgumentException("no resolvable address: " + hostPort);
        }
        return address;
    }

    @Override
    public void close() {
        for (Live l : live.values()) {
            close(l.uplink());
        }
        worker.shutdown();
    }
}
