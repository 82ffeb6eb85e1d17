package io.roomcast.loadgen.media;

import io.roomcast.clients.media.MediaBinding;

import io.roomcast.media.rtcp.RtcpWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Benchmark listeners received by {@link ListenerSinks}: listener i is the address 127.b.c.d (one
 * per listener, all of 127.0.0.0/8 being loopback on Linux) on sink port {@code firstPort + i % sockets}.
 * To bind, refresh or end, a listener opens a short-lived socket on exactly its address (SO_REUSEADDR;
 * the more specific binding takes its datagrams while it is open), sends its binding request or RTCP
 * from it (so the edge sees the listener's own address), reads what arrived on it into the current
 * count, and closes it. Speakers are never on these addresses (they send from 127.0.0.1).
 */
public final class SinkListeners {
    /** RTCP and drain time per refresh, ms: datagrams arriving meanwhile are read from the short-lived socket. */
    private static final int DRAIN_MS = 2;
    private static final int PARALLEL = 16;
    private static final int MAX_LISTENERS = 200 * 250 * 250;

    private final ListenerSinks sinks;
    private final int firstSsrc;
    private final int count;
    private final int base;

    /**
     * @param sinks where listeners' datagrams arrive
     * @param count listeners, at most 12,500,000
     * @param base first listener number (phases use disjoint ranges, so a phase never meets an old binding)
     * @param firstSsrc SSRC of listener 0 (listener i: + i)
     */
    public SinkListeners(ListenerSinks sinks, int count, int base, int firstSsrc) {
        if (base + count > MAX_LISTENERS) {
            throw new IllegalArgumentException("at most " + MAX_LISTENERS + " listener addresses");
        }
        this.sinks = sinks;
        this.count = count;
        this.base = base;
        this.firstSsrc = firstSsrc;
    }

    public int count() {
        return count;
    }

    /** Listener {@code i}'s address: 127.(10 + n / 62,500).(n / 250 % 250).(n % 250 + 1), n = base + i. */
    public InetSocketAddress address(int i) {
        int n = base + i;
        byte[] ip = {127, (byte) (10 + n / (250 * 250)), (byte) (n / 250 % 250), (byte) (n % 250 + 1)};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), sinks.firstPort() + n % sinks.sockets());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Binds every listener with {@code tokens.apply(i)} (16 at a time), then sends a first RTCP.
     *
     * @throws IOException the first refusal or missing answer ({@link MediaBinding#bind})
     */
    public void bindAll(InetSocketAddress edge, IntFunction<String> tokens) throws IOException, InterruptedException {
        forAll(i -> {
            try (DatagramSocket socket = open(i)) {
                MediaBinding.bind(socket, edge, tokens.apply(i), firstSsrc + i);
                rtcp(socket, edge, i, false);
            }
            return null;
        });
    }

    /** Sends an RTCP RR from every listener (keeps it bound: the edge's silent timeout). */
    public void report(InetSocketAddress edge) throws IOException, InterruptedException {
        rtcpAll(edge, false);
    }

    /** Sends an RTCP BYE from every listener: the edge ends their bindings. */
    public void bye(InetSocketAddress edge) throws IOException, InterruptedException {
        rtcpAll(edge, true);
    }

    private void rtcpAll(InetSocketAddress edge, boolean bye) throws IOException, InterruptedException {
        forAll(i -> {
            try (DatagramSocket socket = open(i)) {
                rtcp(socket, edge, i, bye);
            }
            return null;
        });
    }

    private DatagramSocket open(int i) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(address(i));
        return socket;
    }

    private void rtcp(DatagramSocket socket, InetSocketAddress edge, int i, boolean bye) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(128);
        int ssrc = firstSsrc + i;
        int length = RtcpWriter.writeReceiverReport(buf, 0, ssrc, List.of());
        length += bye ? RtcpWriter.writeBye(buf, length, new int[] {ssrc}, null)
            : RtcpWriter.writeSdesCname(buf, length, ssrc, "bench-" + Integer.toUnsignedString(ssrc));
        socket.send(new DatagramPacket(buf.array(), length, edge));
        drain(socket);
    }

    /** Reads what reached the short-lived socket into the sinks' current count. */
    private void drain(DatagramSocket socket) throws IOException {
        byte[] data = new byte[1500];
        DatagramPacket packet = new DatagramPacket(data, data.length);
        socket.setSoTimeout(DRAIN_MS);
        FanoutCount counting = sinks.current();
        while (true) {
            try {
                packet.setLength(data.length);
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (counting != null && packet.getLength() >= 12) {
                ByteBuffer view = ByteBuffer.wrap(data);
                counting.received(view.getInt(8), view.getShort(2) & 0xFFFF, System.nanoTime(), counting.sharedRecorder());
            }
        }
    }

    private void forAll(Step step) throws IOException, InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Void>> all = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int listener = i;
                all.add(pool.submit((Callable<Void>) () -> step.apply(listener)));
            }
            for (Future<Void> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }
    }

    /** A step that may fail with an IOException. */
    @FunctionalInterface
    private interface Step {
        Void apply(int i) throws IOException;
    }
}
