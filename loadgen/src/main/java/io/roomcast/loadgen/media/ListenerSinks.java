package io.roomcast.loadgen.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The receiving side of many cheap benchmark listeners: a few UDP sockets bound to the wildcard
 * address, each on its own port ({@code firstPort}, +1, ...), with SO_REUSEADDR. Listener i has its
 * own loopback address (127.x.y.z, see {@link SinkListeners}) on one of those ports: the kernel
 * delivers what is sent to that address to the wildcard socket, so thousands of listeners cost a few
 * file descriptors and batched reads (recvmmsg with native epoll; NIO otherwise). Each datagram is
 * counted by SSRC and sequence number into the current {@link FanoutCount}, never decoded.
 */
public final class ListenerSinks implements AutoCloseable {
    private static final int DATAGRAM_BYTES = 1500;
    private static final int DATAGRAMS_PER_READ = 64;
    private static final int SOCKET_BUFFER_BYTES = 8 << 20;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicReference<FanoutCount> count = new AtomicReference<>();
    private final int firstPort;

    /**
     * Binds {@code sockets} ports from {@code firstPort} on 0.0.0.0, read by {@code threads} threads.
     *
     * @throws InterruptedException when interrupted while binding
     * @throws io.netty.channel.ChannelException when a port is taken
     */
    public ListenerSinks(int sockets, int firstPort, int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        this.firstPort = firstPort;
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DATAGRAM_BYTES * DATAGRAMS_PER_READ))
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new Sink());
                }
            });
        if (epoll) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DATAGRAM_BYTES);
        }
        for (int i = 0; i < sockets; i++) {
            channels.add(bootstrap.bind(new InetSocketAddress("0.0.0.0", firstPort + i)).sync().channel());
        }
    }

    /** Ports bound, from the first. */
    public int firstPort() {
        return firstPort;
    }

    public int sockets() {
        return channels.size();
    }

    /** Counts from now on into {@code next} (null: nothing counted). */
    public void countInto(FanoutCount next) {
        count.set(next);
    }

    /** The current count (for packets drained from a listener's own socket, see {@link SinkListeners}). */
    FanoutCount current() {
        return count.get();
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One per channel; a channel is read by one event-loop thread. */
    private final class Sink extends SimpleChannelInboundHandler<DatagramPacket> {
        private FanoutCount counting;
        private Histogram latency;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long now = System.nanoTime();
            FanoutCount current = count.get();
            ByteBuf data = packet.content();
            if (current == null || data.readableBytes() < 12) {
                return;
            }
            if (current != counting) {
                counting = current;
                latency = current.recorder();
            }
            int at = data.readerIndex();
            current.received(data.getInt(at + 8), data.getUnsignedShort(at + 2), now, latency);
        }
    }
}
