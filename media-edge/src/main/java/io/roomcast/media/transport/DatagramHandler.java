package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A UDP socket's handler: hands each datagram to {@link #datagram} as a view of its bytes (no copy) and
 * releases it afterwards; the bytes must not be kept past the call (copies to forward are
 * {@code content} with one more reference each, {@link Forwarder}; nothing may move its indexes).
 */
abstract class DatagramHandler extends ChannelInboundHandlerAdapter {

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            ByteBuffer buf = content.internalNioBuffer(content.readerIndex(), length);
            int offset = buf.position();
            int first = length > 0 ? buf.get(offset) & 0xFF : -1;
            datagram(ctx, content, buf, offset, length, first, packet.sender());
        } finally {
            packet.release();
        }
        afterDatagram(ctx);
    }

    /**
     * @param buf the datagram's bytes at absolute {@code offset}, {@code length} bytes
     * @param first its first byte (0..255), -1 when empty (RFC 7983 demultiplexing)
     */
    abstract void datagram(ChannelHandlerContext ctx, ByteBuf content, ByteBuffer buf, int offset, int length,
                           int first, InetSocketAddress source);

    /** Called after each datagram was released (e.g. to flush mid-batch). */
    void afterDatagram(ChannelHandlerContext ctx) {
    }
}
