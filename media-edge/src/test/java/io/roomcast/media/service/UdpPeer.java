package io.roomcast.media.service;

import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtcp.RtcpWriter;
import io.roomcast.media.rtp.AudioLevel;
import io.roomcast.media.rtp.RtpWriter;
import io.roomcast.media.stun.BindingResponse;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.stun.StunWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A participant on a real UDP socket (java.net.DatagramSocket on 127.0.0.1): binds with a media token,
 * sends RTP (Opus payload type, RFC 6464 level in extension id 1) and receiver reports, and records
 * every media datagram it receives with its arrival time.
 */
final class UdpPeer implements AutoCloseable {
    static final int LEVEL_ID = 1;

    /** A datagram received: its bytes and {@link System#nanoTime()} at arrival. */
    record Received(byte[] data, long nanos) {
        int ssrc() {
            return ByteBuffer.wrap(data).getInt(8);
        }

        /** The RTP sequence number (RFC 3550 section 5.1), as the sender wrote it. */
        int sequence() {
            return ByteBuffer.wrap(data).getShort(2) & 0xFFFF;
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress edge;
    private final int ssrc;
    private final RtpWriter writer;
    private final BlockingQueue<BindingResponse> responses = new LinkedBlockingQueue<>();
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor();
    private int sequence;

    UdpPeer(int edgePort, int ssrc) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.edge = new InetSocketAddress("127.0.0.1", edgePort);
        this.ssrc = ssrc;
        this.writer = new RtpWriter(ssrc, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID);
        Thread.ofPlatform().daemon().name("peer-" + ssrc).start(this::read);
    }

    int ssrc() {
        return ssrc;
    }

    /** Sends a binding request and waits for the answer (up to 5 s); null when none came. */
    BindingResponse bind(String token) throws InterruptedException {
        byte[] tid = new byte[Stun.TRANSACTION_ID_BYTES];
        ThreadLocalRandom.current().nextBytes(tid);
        send(StunWriter.bindingRequest(tid, token, ssrc));
        BindingResponse response = responses.poll(5, TimeUnit.SECONDS);
        return response != null && Arrays.equals(response.transactionId(), tid) ? response : null;
    }

    /** Binds, failing the test unless the edge accepts. */
    UdpPeer bound(String token) throws InterruptedException {
        BindingResponse response = bind(token);
        if (response == null || !response.success()) {
            throw new AssertionError("binding refused: " + response);
        }
        return this;
    }

    /** Sends a receiver report every {@code periodMs} (a live listener), until closed. */
    UdpPeer reporting(long periodMs) {
        reports.scheduleAtFixedRate(this::sendReceiverReport, 0, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The RTP sequence number the next packet of this peer carries (the first is 0; no wrap in a test). */
    synchronized int nextSequence() {
        return sequence;
    }

    /** Sends one RTP packet with this peer's SSRC; returns the datagram. */
    byte[] sendRtp(byte[] payload) {
        return sendRtp(ssrc, payload);
    }

    /** Sends one RTP packet claiming {@code ssrcOnWire} (spoofing tests); returns the datagram. */
    byte[] sendRtp(int ssrcOnWire, byte[] payload) {
        RtpWriter w = ssrcOnWire == ssrc ? writer : new RtpWriter(ssrcOnWire, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID);
        byte[] datagram = new byte[RtpWriter.packetLength(payload.length, true)];
        int seq;
        synchronized (this) {
            seq = sequence++;
        }
        w.write(datagram, 0, seq, seq * 960, false, AudioLevel.of(20, true), payload, 0, payload.length);
        send(datagram);
        return datagram;
    }

    void sendReceiverReport() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        int length = RtcpWriter.writeReceiverReport(buf, 0, ssrc, List.of(new ReportBlock(1, 0, 0, 1, 48, 0, 0)));
        send(Arrays.copyOf(buf.array(), length));
    }

    void send(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, edge));
        } catch (IOException e) {
            if (!socket.isClosed()) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Media datagrams received so far, in arrival order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** Received datagrams that carry {@code fromSsrc}. */
    List<Received> receivedFrom(int fromSsrc) {
        return received.stream().filter(r -> r.data().length >= 12 && r.ssrc() == fromSsrc).toList();
    }

    private void read() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            byte[] data = Arrays.copyOf(buf, packet.getLength());
            if (Stun.isStun(data[0] & 0xFF)) {
                BindingResponse response = BindingResponse.parse(data, data.length);
                if (response != null) {
                    responses.add(response);
                }
            } else {
                received.add(new Received(data, now));
            }
        }
    }

    @Override
    public void close() {
        reports.shutdownNow();
        socket.close();
    }
}
