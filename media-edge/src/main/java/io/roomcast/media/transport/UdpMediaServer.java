package io.roomcast.media.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.RtcpGate;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.session.Sessions;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's UDP port. With native epoll ({@link Epoll#isAvailable()} and the setting on): one socket
 * per event-loop thread, all bound to the same port with SO_REUSEPORT (the kernel hashes each source
 * address to one socket), each reading up to {@code receiveBatch} datagrams per recvmmsg call and
 * sending its queued datagrams with sendmmsg on flush. Otherwise NIO: one socket, one thread. Every
 * socket has its own {@link MediaHandler} and gates. A sweep (every {@code sweepInterval}) unbinds
 * expired and silent participants. Sockets are of the bind address's family and set DF ({@link SocketFamily}).
 * Every event loop's stalls are measured ({@link LoopLagProbe}).
 * Relay uplinks ({@link RelayUplinks}) get sockets of their own on the
 * first socket's event loop, so what they forward leaves from this port without crossing threads.
 */
public final class UdpMediaServer implements RelayUplinks.Transport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpMediaServer.class);

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final boolean epoll;
    private final SocketProtocolFamily family;
    private final int port;
    private final Bootstrap uplinks;

    /**
     * Transport settings (application.yml {@code roomcast.media.*}).
     *
     * @param host address to bind, e.g. 0.0.0.0
     * @param port UDP port, 0 for any free one
     * @param threads event-loop threads (= sockets with epoll), 1 or more
     * @param nativeTransport use epoll where it loads
     * @param maxPacketBytes larger datagrams are dropped as oversized, bytes
     * @param receiveBatch datagrams per recvmmsg call (epoll), 1 or more
     * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF asked for, bytes (the kernel caps them at rmem_max/wmem_max)
     * @param sendQueueBytes a socket's queued-but-unsent bytes above which copies are dropped, bytes
     * @param flushEvery queued datagrams after which a socket flushes mid-batch (sendmmsg takes up to 1024)
     * @param sweepInterval how often expired and silent bindings are ended
     * @param audioLevelId RFC 8285 extension id of the RFC 6464 audio level
     * @param bindingRateLimit binding requests accepted per source address (IP and port), requests/s
     */
    public record Settings(String host, int port, int threads, boolean nativeTransport, int maxPacketBytes,
                           int receiveBatch, int socketBufferBytes, int sendQueueBytes, int flushEvery,
                           Duration sweepInterval, int audioLevelId, int bindingRateLimit) {
    }

    /**
     * Binds the port and starts reading.
     *
     * @param peers the WebRTC sessions (WHIP/WHEP) whose ICE, DTLS and SRTP share the port
     * @param webrtcListener told of DTLS handshakes and closes
     * @param webrtcBindingLifetime how long a WebRTC participant stays bound (consent and facts end it sooner)
     * @throws IllegalStateException when the port cannot be bound (in use, no permission)
     * @throws IllegalArgumentException when the host does not resolve
     */
    public UdpMediaServer(Settings settings, Sessions<InetSocketAddress> sessions, MediaTokenVerifier verifier,
                          MediaMetrics<InetSocketAddress> metrics, RtpGate.LevelListener<InetSocketAddress> levels,
                          RelayUplinks relays, WebRtcPeers peers, WebRtcPeer.Listener webrtcListener,
                          Duration webrtcBindingLifetime) {
        this.epoll = settings.nativeTransport() && Epoll.isAvailable();
        this.family = SocketFamily.of(settings.host());
        int sockets = epoll ? settings.threads() : 1;
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(sockets, io);
        Bootstrap bootstrap = SocketFamily.configure(new Bootstrap().group(group), family, epoll)
            .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
            .option(ChannelOption.SO_SNDBUF, settings.socketBufferBytes())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(settings.sendQueueBytes() / 2, settings.sendQueueBytes()))
            .handler(new io.netty.channel.ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new MediaHandler(
                        new RtpGate<>(sessions, settings.maxPacketBytes(), settings.audioLevelId(), levels),
                        new RtcpGate<>(sessions, settings.maxPacketBytes(), metrics),
                        new Binder(sessions, verifier, metrics, relays, settings.maxPacketBytes(), settings.bindingRateLimit()),
                        new WebRtcIngress(peers, sessions, metrics, webrtcListener, relays, settings.maxPacketBytes(),
                            webrtcBindingLifetime.toNanos()),
                        peers, metrics, settings.flushEvery()));
                }
            });
        // One byte more than the largest accepted datagram: the kernel truncates what does not fit, so a
        // longer datagram arrives with max + 1 bytes and is dropped as oversized, never cut and forwarded.
        int slot = settings.maxPacketBytes() + 1;
        this.uplinks = SocketFamily.configure(new Bootstrap(), family, epoll)
            .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot))
            .localAddress(settings.host(), 0);
        if (epoll) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot * settings.receiveBatch()));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot));
        }
        try {
            int bound = settings.port();
            for (int i = 0; i < sockets; i++) {
                Channel channel = bootstrap.bind(settings.host(), bound).sync().channel();
                channels.add(channel);
                bound = ((InetSocketAddress) channel.localAddress()).getPort();
            }
            this.port = bound;
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot bind UDP " + settings.host() + ":" + settings.port() + ": " + e, e);
        }
        long sweepNanos = settings.sweepInterval().toNanos();
        group.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            sessions.sweep(now);
            peers.sweep(now);
        }, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
        LoopLagProbe.start(group, metrics);
        LOG.info("media UDP on {}:{} ({}, {} {} socket(s), DF set)", settings.host(), port, transport(), sockets, family);
    }

    @Override
    public Channel media() {
        return channels.getFirst();
    }

    /** Binds a relay uplink socket (any free port on the media host) on the first media socket's event loop. */
    @Override
    public Channel openUplink(io.netty.channel.ChannelHandler handler) {
        try {
            return uplinks.clone(media().eventLoop()).handler(handler).bind().sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted binding a relay uplink", e);
        }
    }

    /** The bound UDP port. */
    public int port() {
        return port;
    }

    /** "epoll" or "nio". */
    public String transport() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * The sockets' address family and whether DF is set, read back from the sockets ({@link SocketFamily}):
     * "INET, DF" for an IPv4 bind address, "INET6, DF" (dual-stack) for an IPv6 one.
     */
    public String socket() {
        return family + (channels.stream().allMatch(SocketFamily::dontFragment) ? ", DF" : "");
    }

    /** Whether every socket is open. */
    public boolean isOpen() {
        return channels.stream().allMatch(Channel::isActive);
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
