import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.*;
import io.netty.channel.epoll.*;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.uring.*;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.bootstrap.Bootstrap;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.*;
import java.util.concurrent.*;

/**
 * Netty's epoll and io_uring datagram transports side by side for the edge's send pattern (media-edge/bench-transport):
 * 3 speakers x 50 packets/s, each packet fanned out as 100-byte copies to N loopback listeners from one socket
 * (IPv4, DF set, SO_SNDBUF 4 MiB, write high water mark 4 MiB: a copy over it is dropped and counted, as the edge does),
 * one flush per packet (epoll: sendmmsg, up to 1,024 per call; io_uring: one IORING_OP_SENDMSG per copy); each copy is a
 * DatagramPacket holding one more reference to the packet's one direct buffer (the edge pools these; the same here for both).
 * A sink in the same JVM (8 wildcard epoll sockets, ports 41100-41107) times each copy sent in the window.
 * Args: epoll|io_uring, listeners, window seconds (after 3 s of warm-up). Prints one JSON line:
 * sent_pps (copies/s handed to the socket), sender CPU in cores (process minus the sink thread, so io_uring's kernel
 * workers count), pps_per_core, latency send to receive p50 / p99 / max in ms (1 µs buckets, capped at 1,000 ms), loss_pct
 * of copies sent in the window, dropped_backpressure, /proc/loadavg.
 * Outside the build: the build's Netty (4.2.9, Micronaut's BOM) has no io_uring artifact served here; this runs on 4.2.18.
 */
public final class TransportBench {
    static final IntegerUnixChannelOption IP_MTU_DISCOVER = new IntegerUnixChannelOption("IP_MTU_DISCOVER", 0, 10);
    static final int PORTS = 8, BASE = 41100;
    static final long[] hist = new long[1_000_001];
    static volatile long windowStart = Long.MAX_VALUE, windowEnd = Long.MAX_VALUE;
    static long received;

    public static void main(String[] a) throws Exception {
        try { run(a); } catch (Throwable t) { t.printStackTrace(System.out); System.exit(1); }
        System.exit(0);
    }

    static void run(String[] a) throws Exception {
        if (a.length != 3) {
            throw new IllegalArgumentException("usage: TransportBench epoll|io_uring <listeners> <window seconds>");
        }
        String transport = a[0];
        int listeners = Integer.parseInt(a[1]);
        int seconds = Integer.parseInt(a[2]);
        boolean uring = transport.equals("io_uring");
        if (uring && !IoUring.isAvailable()) { throw new IllegalStateException("io_uring unavailable", IoUring.unavailabilityCause()); }
        // sink: 8 wildcard sockets on one epoll thread, latency per copy
        EventLoopGroup sinkGroup = new MultiThreadIoEventLoopGroup(1, (ThreadFactory) r -> new Thread(r, "sink"), EpollIoHandler.newFactory());
        Bootstrap sink = new Bootstrap().group(sinkGroup).channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
            .option(ChannelOption.SO_RCVBUF, 8 << 20).option(EpollChannelOption.SO_REUSEPORT, true)
            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 1201)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1201 * 64))
            .handler(new Sink());
        for (int i = 0; i < PORTS; i++) sink.bind("0.0.0.0", BASE + i).sync();
        long sinkTid = sinkGroup.submit(() -> Thread.currentThread().threadId()).get();

        IoHandlerFactory io = uring ? IoUringIoHandler.newFactory() : EpollIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, (ThreadFactory) r -> new Thread(r, "sender"), io);
        ChannelFactory<Channel> cf = uring ? () -> new IoUringDatagramChannel(SocketProtocolFamily.INET)
                                           : () -> new EpollDatagramChannel(SocketProtocolFamily.INET);
        Channel ch = new Bootstrap().group(group).channelFactory(cf)
            .option(ChannelOption.SO_SNDBUF, 4 << 20).option(IP_MTU_DISCOVER, 2)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(2 << 20, 4 << 20))
            .handler(new ChannelInboundHandlerAdapter()).bind("127.0.0.1", 0).sync().channel();
        InetSocketAddress[] to = new InetSocketAddress[listeners];
        for (int i = 0; i < listeners; i++) to[i] = new InetSocketAddress("127.10." + (i / 250) + "." + (1 + i % 250), BASE + i % PORTS);
        long senderTid = group.submit(() -> Thread.currentThread().threadId()).get();
        int df = ch.config().getOption(IP_MTU_DISCOVER);
        long[] sent = {0}, dropped = {0};
        Runnable fanout = () -> {
            ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(100).writeLong(System.nanoTime()).writeZero(92);
            for (InetSocketAddress d : to) {
                if (!ch.isWritable()) { dropped[0]++; continue; }
                ch.write(new DatagramPacket(payload.retain(), d), ch.voidPromise());
                sent[0]++;
            }
            payload.release();
            ch.flush();
        };
        // 3 speakers at 50 packets/s each: 3 fan-outs every 20 ms, staggered
        for (int s = 0; s < 3; s++) group.scheduleAtFixedRate(fanout, 1000 + s * 7, 20_000, TimeUnit.MICROSECONDS);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Thread.sleep(3000);
        long sent0 = group.submit(() -> sent[0]).get();
        long cpu0 = processCpuNanos(), sinkCpu0 = threads.getThreadCpuTime(sinkTid), sendCpu0 = threads.getThreadCpuTime(senderTid);
        windowStart = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        windowEnd = System.nanoTime();
        long sent1 = group.submit(() -> sent[0]).get();
        long cpu1 = processCpuNanos(), sinkCpu1 = threads.getThreadCpuTime(sinkTid), sendCpu1 = threads.getThreadCpuTime(senderTid);
        Thread.sleep(500);
        long rec = sinkGroup.submit(() -> received).get();
        long[] h = sinkGroup.submit(() -> hist.clone()).get();
        double secs = (windowEnd - windowStart) / 1e9;
        double pps = (sent1 - sent0) / secs;
        double senderCores = ((cpu1 - cpu0) - (sinkCpu1 - sinkCpu0)) / 1e9 / secs;
        double senderThreadCores = (sendCpu1 - sendCpu0) / 1e9 / secs;
        System.out.printf("{\"transport\":\"%s\",\"df\":%d,\"listeners\":%d,\"sent_pps\":%.0f,\"received_in_window\":%d,\"loss_pct\":%.2f,"
            + "\"sender_cores_process_minus_sink\":%.3f,\"sender_thread_cores\":%.3f,\"pps_per_core\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f,\"dropped_backpressure\":%d,\"loadavg\":\"%s\"}%n",
            transport, df, listeners, pps, rec, 100.0 * (1 - rec / (double) (sent1 - sent0)), senderCores, senderThreadCores, pps / senderCores,
            pct(h, 0.5) / 1000.0, pct(h, 0.99) / 1000.0, pct(h, 1.0) / 1000.0, group.submit(() -> dropped[0]).get(),
            Files.readString(Path.of("/proc/loadavg")).trim());
        ch.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        sinkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @ChannelHandler.Sharable
    static final class Sink extends SimpleChannelInboundHandler<DatagramPacket> {
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            long sent = p.content().getLong(p.content().readerIndex());
            if (sent >= windowStart && sent < windowEnd) {
                long us = (System.nanoTime() - sent) / 1000;
                hist[(int) Math.min(us, 1_000_000)]++;
                received++;
            }
        }
    }

    static long pct(long[] h, double q) {
        long total = 0; for (long c : h) total += c;
        long need = (long) Math.ceil(total * q), seen = 0;
        for (int i = 0; i < h.length; i++) { seen += h[i]; if (seen >= need && h[i] > 0) return i; }
        return -1;
    }

    static long processCpuNanos() throws Exception {
        String[] f = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
