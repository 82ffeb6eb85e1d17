package io.roomcast.clients.media;

import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtcp.RtcpWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A bound participant's RTCP towards the edge (docs/media-protocol.md section 3): a compound of an RR
 * (RFC 3550 section 6.4.2, up to {@link RtcpWriter#MAX_COUNT} of the given report blocks) and an SDES CNAME
 * (section 6.5) every report period, the sign of life that keeps the binding from the edge's silent
 * timeout ({@code roomcast.media.silent-timeout}, 15 s) while no RTP is sent; and on {@link #close()} an RR
 * and a BYE (section 6.6), which ends the binding. Sends from the participant's socket, so from its bound
 * address. Thread-safe.
 */
final class RtcpReports implements AutoCloseable {
    private static final int MAX_DATAGRAM_BYTES = 1500;

    private final DatagramSocket socket;
    private final InetSocketAddress edge;
    private final int ssrc;
    private final String cname;
    private final Supplier<List<ReportBlock>> blocks;
    private ScheduledFuture<?> reports;

    /**
     * @param ssrc the bound SSRC the reports come from
     * @param cname the SDES CNAME, up to 255 bytes in UTF-8
     * @param blocks the report blocks of the streams received so far (read at each report)
     */
    RtcpReports(DatagramSocket socket, InetSocketAddress edge, int ssrc, String cname, Supplier<List<ReportBlock>> blocks) {
        this.socket = socket;
        this.edge = edge;
        this.ssrc = ssrc;
        this.cname = cname;
        this.blocks = blocks;
    }

    /** Sends a report now and every {@code periodMs} ms on {@code timer}, instead of any earlier schedule. */
    synchronized void start(ScheduledExecutorService timer, long periodMs) {
        if (reports != null) {
            reports.cancel(false);
        }
        reports = timer.scheduleAtFixedRate(this::report, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private void report() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        List<ReportBlock> received = blocks.get();
        int length = RtcpWriter.writeReceiverReport(buf, 0, ssrc,
            received.subList(0, Math.min(received.size(), RtcpWriter.MAX_COUNT)));
        length += RtcpWriter.writeSdesCname(buf, length, ssrc, cname);
        send(buf, length);
    }

    private void send(ByteBuffer buf, int length) {
        try {
            socket.send(new DatagramPacket(buf.array(), length, edge));
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Stops reporting and, if it was started, sends an RR + BYE (the edge ends the binding); the socket stays open. */
    @Override
    public synchronized void close() {
        if (reports != null) {
            reports.cancel(false);
            ByteBuffer buf = ByteBuffer.allocate(64);
            send(buf, RtcpWriter.writeLeave(buf, 0, ssrc, null));
        }
    }
}
