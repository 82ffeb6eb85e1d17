package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.socket.DatagramPacket;
import io.roomcast.media.metrics.MediaMetrics;
import io.netty.buffer.Unpooled;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.Egress;
import io.roomcast.media.session.Participant;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Writes one admitted RTP packet, unchanged, to every member of its room but its sender: per plain-RTP
 * destination one pooled {@link ForwardedDatagram} holding one more reference to the received buffer itself
 * (nothing allocated per destination: the sends read the bytes and indexes without moving them, and each
 * sent packet releases its reference); a WebRTC viewer gets
 * its own copy from its {@link Egress} (the speaker as CSRC, track SSRC rewriting, SRTP), and so does a relay edge
 * (the speaker as CSRC), and a WebRTC publisher none. Written without flushing (the
 * caller flushes once per read batch: sendmmsg with epoll). While the socket's send queue is over its
 * high water mark a copy is not written but counted as {@link DropReason#BACKPRESSURE}.
 */
final class Forwarder {
    private Forwarder() {
    }

    /**
     * @param out where to write (the socket's pipeline context, or the socket)
     * @param socket the socket whose writability decides backpressure
     * @param skip the sender, which gets no copy (and whose user a WebRTC copy names as CSRC), or null: from the origin
     * @return copies written
     */
    static int forward(ChannelOutboundInvoker out, Channel socket, ByteBuf content,
                       Participant<InetSocketAddress>[] members, Participant<InetSocketAddress> skip,
                       MediaMetrics<InetSocketAddress> metrics) {
        int sent = 0;
        ByteBuffer plain = null;
        long now = 0;
        for (Participant<InetSocketAddress> member : members) {
            if (member == skip) {
                continue;
            }
            if (!socket.isWritable()) {
                metrics.dropped(DropReason.BACKPRESSURE);
                continue;
            }
            Egress egress = member.egress();
            if (egress == null) {
                out.write(ForwardedDatagram.of(content.retain(), member.address()), out.voidPromise());
                sent++;
                continue;
            }
            if (plain == null) {
                plain = content.nioBuffer();
                now = System.nanoTime();
            }
            byte[] datagram = egress.protect(plain, plain.position(), plain.remaining(), skip == null ? null : skip.binding(), now);
            if (datagram != null) {
                out.write(new DatagramPacket(Unpooled.wrappedBuffer(datagram), member.address()), out.voidPromise());
                sent++;
            }
        }
        metrics.forwarded(sent);
        return sent;
    }
}
