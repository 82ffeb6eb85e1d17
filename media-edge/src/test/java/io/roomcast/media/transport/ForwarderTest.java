package io.roomcast.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.roomcast.media.forwarding.Binding;
import io.roomcast.media.forwarding.ContributingSource;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.Sessions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each member of a room receives from {@link Forwarder}: plain-RTP listeners the received datagram
 * byte for byte (from pooled packets, also when the pool hands a packet out again), a WebRTC viewer what its
 * {@link io.roomcast.media.session.Egress} made of it (here: the SSRC and sequence number rewritten, RFC 3550
 * section 5.1), the sender nothing; the received buffer is released once every copy has been.
 */
class ForwarderTest {
    private static final long S = 1_000_000_000L;
    private final Sessions<InetSocketAddress> sessions = new Sessions<>(
        new Sessions.Settings(3, 20, S / 2, 3, 100, 15 * S), (p, reason) -> { });
    private final MediaMetrics<InetSocketAddress> metrics = new MediaMetrics<>(new SimpleMeterRegistry());
    private final EmbeddedChannel socket = new EmbeddedChannel();

    @Test
    void everyListenerButTheSenderGetsItsOwnCopyAndTheBufferIsReleasedAfterTheLast() {
        Participant<InetSocketAddress> ann = bind(1, "ann", 5001);
        Participant<InetSocketAddress> bob = bind(2, "bob", 5002);
        Participant<InetSocketAddress> cid = bind(3, "cid", 5003);
        Participant<InetSocketAddress> dan = bind(4, "dan", 5004);
        // dan is a WebRTC viewer: its track's SSRC 0x0A0B0C0D and its own sequence number 7; told who sent it
        List<Binding> senders = new ArrayList<>();
        dan.egress((plain, offset, length, sender, now) -> {
            senders.add(sender);
            byte[] copy = new byte[length];
            plain.get(offset, copy);
            copy[2] = 0;
            copy[3] = 7;
            copy[8] = 0x0A;
            copy[9] = 0x0B;
            copy[10] = 0x0C;
            copy[11] = 0x0D;
            return copy;
        });
        @SuppressWarnings("unchecked")
        Participant<InetSocketAddress>[] room = new Participant[] {ann, bob, cid, dan};

        for (int packet = 1; packet <= 3; packet++) {
            byte[] rtp = rtp(packet);
            ByteBuf received = Unpooled.directBuffer(1200).writeBytes(rtp);

            assertThat(Forwarder.forward(socket, socket, received, room, ann, metrics)).isEqualTo(3);
            socket.flush();
            received.release();
            Map<InetSocketAddress, byte[]> copies = sent();

            assertThat(copies.keySet()).containsExactlyInAnyOrder(bob.address(), cid.address(), dan.address());
            assertThat(copies.get(bob.address())).isEqualTo(rtp);
            assertThat(copies.get(cid.address())).isEqualTo(rtp);
            byte[] rewritten = copies.get(dan.address());
            assertThat(Arrays.copyOfRange(rewritten, 2, 4)).containsExactly(0, 7);
            assertThat(Arrays.copyOfRange(rewritten, 8, 12)).containsExactly(0x0A, 0x0B, 0x0C, 0x0D);
            assertThat(Arrays.copyOfRange(rewritten, 12, rewritten.length)).isEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));
            assertThat(received.refCnt()).isZero();
        }
        assertThat(metrics.forwardedCount()).isEqualTo(9);
        assertThat(senders).containsOnly(ann.binding());
    }

    @Test
    void aRelayEdgeGetsEachPacketWithItsSpeakerAsCsrcAndPassesThatOn() {
        Participant<InetSocketAddress> ann = bind(1, "ann", 5001);
        Participant<InetSocketAddress> relay = bind(2, "relay:edge-2", 5002);
        relay.egress(Binder.RELAY_COPY);
        @SuppressWarnings("unchecked")
        Participant<InetSocketAddress>[] origin = new Participant[] {ann, relay};
        byte[] rtp = rtp(1);
        ByteBuf received = Unpooled.directBuffer(1200).writeBytes(rtp);

        assertThat(Forwarder.forward(socket, socket, received, origin, ann, metrics)).isEqualTo(1);
        socket.flush();
        received.release();
        byte[] relayed = sent().get(relay.address());
        assertThat(relayed[0] & 0x0F).as("CC").isEqualTo(1);
        assertThat(ByteBuffer.wrap(relayed).getInt(12)).isEqualTo(ContributingSource.of("ann"));
        assertThat(Arrays.copyOfRange(relayed, 16, relayed.length)).isEqualTo(Arrays.copyOfRange(rtp, 12, rtp.length));

        // On the relay edge the packet comes from the origin (no sender here): a WebRTC viewer is told none.
        Participant<InetSocketAddress> viewer = bind(3, "bob", 5003);
        List<Binding> senders = new ArrayList<>();
        viewer.egress((plain, offset, length, sender, now) -> {
            senders.add(sender);
            byte[] copy = new byte[length];
            plain.get(offset, copy);
            return copy;
        });
        @SuppressWarnings("unchecked")
        Participant<InetSocketAddress>[] onRelay = new Participant[] {viewer};
        ByteBuf fromOrigin = Unpooled.directBuffer(1200).writeBytes(relayed);
        assertThat(Forwarder.forward(socket, socket, fromOrigin, onRelay, null, metrics)).isEqualTo(1);
        socket.flush();
        fromOrigin.release();
        assertThat(sent().get(viewer.address())).isEqualTo(relayed);
        assertThat(senders).containsExactly((Binding) null);
    }

    private Participant<InetSocketAddress> bind(int ssrc, String user, int port) {
        var bound = (Sessions.BindResult.Bound<InetSocketAddress>) sessions.bind(
            ssrc, "room", user, "LISTENER", new InetSocketAddress("127.0.0.1", port), 60 * S, 0);
        return bound.participant();
    }

    /** The copies the socket was given, by recipient, each read and released as the socket would. */
    private Map<InetSocketAddress, byte[]> sent() {
        Map<InetSocketAddress, byte[]> copies = new HashMap<>();
        for (DatagramPacket copy; (copy = socket.readOutbound()) != null; ) {
            assertThat(copies.put(copy.recipient(), ByteBufUtil.getBytes(copy.content()))).isNull();
            copy.release();
        }
        return copies;
    }

    /** An RTP packet (RFC 3550 section 5.1): version 2, PT 111, sequence number, SSRC 1, 20 bytes of payload. */
    private static byte[] rtp(int sequence) {
        byte[] packet = new byte[32];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[3] = (byte) sequence;
        packet[11] = 1;
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) (sequence * 31 + i);
        }
        return packet;
    }
}
