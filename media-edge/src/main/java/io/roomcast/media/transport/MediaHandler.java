package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.rtcp.RtcpMux;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.RtcpGate;
import io.roomcast.media.session.RtpGate;
import io.roomcast.media.stun.Stun;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket's pipeline: demultiplexes each datagram by its first byte (RFC 7983 section 7: 0..3 STUN,
 * 20..63 DTLS; everything else is parsed as RTP or RTCP, told apart by the second byte, RFC 5761
 * section 4). STUN with USERNAME and MESSAGE-INTEGRITY is an ICE check, other STUN a Roomcast binding
 * request; DTLS, and RTP/RTCP from an address a WebRTC session selected, take the WebRTC path
 * ({@link WebRtcIngress}: SRTP). Each goes to its gate, and forwards an admitted RTP packet unchanged to every other member
 * of the room ({@link Forwarder}); the writes go out together (sendmmsg with epoll) at the end of the
 * read batch or every {@code flushEvery} datagrams. Not sharable: one per socket, so its
 * gates, used by the socket's event-loop thread only, need no locks.
 */
final class MediaHandler extends DatagramHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MediaHandler.class);

    private final RtpGate<InetSocketAddress> rtp;
    private final RtcpGate<InetSocketAddress> rtcp;
    private final Binder binder;
    private final MediaMetrics<InetSocketAddress> metrics;
    private final int flushEvery;
    private final WebRtcIngress webrtc;
    private final WebRtcPeers peers;
    private int unflushed;

    MediaHandler(RtpGate<InetSocketAddress> rtp, RtcpGate<InetSocketAddress> rtcp, Binder binder,
                 WebRtcIngress webrtc, WebRtcPeers peers, MediaMetrics<InetSocketAddress> metrics, int flushEvery) {
        this.webrtc = webrtc;
        this.peers = peers;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.binder = binder;
        this.metrics = metrics;
        this.flushEvery = flushEvery;
    }

    @Override
    void datagram(ChannelHandlerContext ctx, ByteBuf content, ByteBuffer buf, int offset, int length, int first,
                  InetSocketAddress source) {
        if (Stun.isStun(first)) {
            if (WebRtcIngress.isIce(buf, offset, length)) {
                metrics.receivedStun();
                webrtc.ice(ctx, buf, offset, length, source);
            } else {
                binder.handle(ctx, buf, offset, length, source);
                unflushed++;
            }
        } else if (Stun.isDtls(first)) {
            webrtc.dtls(buf, offset, length, source);
        } else if (peers.anySelected() && peers.byAddress(source) instanceof WebRtcPeer peer) {
            unflushed += webrtc.srtp(ctx, peer, buf, offset, length, RtcpMux.isRtcp(buf, offset, length), rtp, source);
        } else if (RtcpMux.isRtcp(buf, offset, length)) {
            metrics.receivedRtcp();
            count(rtcp.admit(buf, offset, length, source, System.nanoTime()));
        } else {
            metrics.receivedRtp();
            DropReason drop = rtp.admit(buf, offset, length, source, System.nanoTime());
            if (drop == null) {
                forward(ctx, content);
            } else {
                metrics.dropped(drop);
            }
        }
    }

    @Override
    void afterDatagram(ChannelHandlerContext ctx) {
        if (unflushed >= flushEvery) {
            flush(ctx);
        }
    }

    private void forward(ChannelHandlerContext ctx, ByteBuf content) {
        unflushed += Forwarder.forward(ctx, ctx.channel(), content, rtp.room().members(), rtp.sender(), metrics);
    }

    private void count(DropReason drop) {
        if (drop != null) {
            metrics.dropped(drop);
        }
    }

    private void flush(ChannelHandlerContext ctx) {
        unflushed = 0;
        ctx.flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("media socket error: {}", cause.toString());
    }
}
