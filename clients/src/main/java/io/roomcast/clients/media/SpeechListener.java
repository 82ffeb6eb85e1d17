package io.roomcast.clients.media;

import io.roomcast.media.stun.BindingResponse;
import io.roomcast.media.stun.Stun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A listener on its own UDP socket: binds with its media token ({@link MediaBinding}), then receives
 * on a thread of its own, handing every RTP datagram to its {@link FrameCheck.Receiver} (which decodes
 * it), and sends an RTCP compound (RR with a block per received speaker + SDES CNAME, RFC 3550 sections
 * 6.4.2 and 6.5) every report period, so the edge keeps it bound (silent timeout), and a BYE
 * (section 6.6) on {@link #close()}.
 */
public final class SpeechListener implements AutoCloseable {
    private static final int MAX_DATAGRAM_BYTES = 1500;

    private final int ssrc;
    private final InetSocketAddress edge;
    private final DatagramSocket socket;
    private final FrameCheck.Receiver receiver;
    private final RtcpReports reports;

    /**
     * @param local the local address to receive on (port 0: any)
     * @throws UncheckedIOException when the socket cannot be bound
     */
    public SpeechListener(int ssrc, InetSocketAddress edge, InetSocketAddress local, FrameCheck.Receiver receiver) {
        this.ssrc = ssrc;
        this.edge = edge;
        this.receiver = receiver;
        try {
            this.socket = new DatagramSocket(local);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.reports = new RtcpReports(socket, edge, ssrc, "listener-" + Integer.toUnsignedString(ssrc),
            receiver::reportBlocks);
    }

    /**
     * Binds with {@code token} (errors: {@link MediaBinding#bind}), then starts receiving and sending
     * receiver reports every {@code reportPeriodMs} on {@code timer}.
     */
    public BindingResponse start(String token, ScheduledExecutorService timer, long reportPeriodMs) throws IOException {
        BindingResponse bound = MediaBinding.bind(socket, edge, token, ssrc);
        Thread.ofPlatform().daemon().name("listener-" + Integer.toUnsignedString(ssrc)).start(this::receive);
        reports.start(timer, reportPeriodMs);
        return bound;
    }

    private void receive() {
        byte[] buf = new byte[MAX_DATAGRAM_BYTES];
        ByteBuffer view = ByteBuffer.wrap(buf);
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (!Stun.isStun(buf[0] & 0xFF)) {
                receiver.received(view, 0, packet.getLength(), now);
            }
        }
    }

    /** Stops reporting, sends a BYE (the edge ends the binding) and closes the socket. */
    @Override
    public void close() {
        reports.close();
        socket.close();
    }
}
