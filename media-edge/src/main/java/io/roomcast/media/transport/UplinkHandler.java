package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.roomcast.media.metrics.MediaMetrics;
import io.roomcast.media.rtcp.RtcpMux;
import io.roomcast.media.session.DropReason;
import io.roomcast.media.session.RelayGate;
import io.roomcast.media.stun.BindingResponse;
import io.roomcast.media.stun.Stun;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relayed room's uplink socket on a relay edge: reads the binding responses of the room's origin
 * edge (a 400 {@code ssrc in use} makes the next request pick another SSRC) and the RTP the origin
 * forwards, judged by {@link RelayGate} (only RTP from the origin's address), then forwarded unchanged
 * to the room's members on this edge through the edge's media socket ({@code media}, on the same
 * event loop: the copies leave from the edge's public port), flushed once per read batch. RTCP, DTLS
 * and STUN from elsewhere are dropped and counted.
 */
final class UplinkHandler extends DatagramHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkHandler.class);

    private final String room;
    private final InetSocketAddress origin;
    private final Channel media;
    private final RelayGate<InetSocketAddress> gate;
    private final MediaMetrics<InetSocketAddress> metrics;
    private volatile int ssrc = ThreadLocalRandom.current().nextInt();
    private volatile boolean bound;
    private boolean unflushed;

    UplinkHandler(String room, InetSocketAddress origin, Channel media, RelayGate<InetSocketAddress> gate,
                  MediaMetrics<InetSocketAddress> metrics) {
        this.room = room;
        this.origin = origin;
        this.media = media;
        this.gate = gate;
        this.metrics = metrics;
    }

    /** The SSRC this relay binds with at the origin. */
    int ssrc() {
        return ssrc;
    }

    /** Whether the origin accepted the latest binding request. */
    boolean bound() {
        return bound;
    }

    InetSocketAddress origin() {
        return origin;
    }

    @Override
    void datagram(ChannelHandlerContext ctx, ByteBuf content, ByteBuffer buf, int offset, int length, int first,
                  InetSocketAddress source) {
        if (Stun.isStun(first) && origin.equals(source)) {
            answered(BindingResponse.parse(ByteBufUtil.getBytes(content), length));
        } else if (Stun.isStun(first) || Stun.isDtls(first) || RtcpMux.isRtcp(buf, offset, length)) {
            metrics.dropped(origin.equals(source) ? DropReason.UNSUPPORTED_PROTOCOL : DropReason.NOT_FROM_ORIGIN);
        } else {
            metrics.receivedRelay();
            DropReason drop = gate.admit(buf, offset, length, source, origin, room);
            if (drop != null) {
                metrics.dropped(drop);
            } else if (gate.room() != null) {
                unflushed |= Forwarder.forward(media, media, content, gate.room().members(), null, metrics) > 0;
            }
        }
    }

    private void answered(BindingResponse response) {
        if (response == null) {
            metrics.dropped(DropReason.STUN_MALFORMED);
        } else if (response.success()) {
            bound = true;
        } else {
            bound = false;
            LOG.warn("origin {} refused relaying room {}: {} {}", origin, room, response.errorCode(), response.reason());
            if (response.errorCode() == Stun.BAD_REQUEST) {
                ssrc = ThreadLocalRandom.current().nextInt();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            media.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay uplink error: {}", cause.toString());
    }
}
