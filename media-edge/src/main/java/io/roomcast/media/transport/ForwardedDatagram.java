package io.roomcast.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Recycler;
import java.net.InetSocketAddress;

/**
 * One forwarded copy as the socket's send queue holds it: a {@link DatagramPacket} taken from a
 * per-thread pool (Netty's {@link Recycler}) instead of allocated per destination. Each reference to it
 * holds one to the shared content; when the socket has sent it (or dropped it) it releases its reference and
 * goes back to the pool. Used by the socket's event-loop thread only (no locks). Netty's epoll and NIO datagram channels read a packet through {@link #content()} and
 * {@link #recipient()} only, and release it once. Not for anything that keeps the packet after its release beyond reading it at once.
 */
final class ForwardedDatagram extends DatagramPacket {
    /** Stands in for the final fields of {@link DatagramPacket}, which this class does not use. */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress(0);
    private static final Recycler<ForwardedDatagram> POOL = new Recycler<>() {
        @Override
        protected ForwardedDatagram newObject(Handle<ForwardedDatagram> handle) {
            return new ForwardedDatagram(handle);
        }
    };

    private final Recycler.Handle<ForwardedDatagram> handle;
    private ByteBuf content;
    private InetSocketAddress recipient;
    /** References to this packet (each holds one to the content); back to the pool at 0. */
    private int references;

    private ForwardedDatagram(Recycler.Handle<ForwardedDatagram> handle) {
        super(Unpooled.EMPTY_BUFFER, NOWHERE);
        this.handle = handle;
    }

    /**
     * @param content the bytes to send; this packet takes over one reference (the caller retains it first)
     * @param recipient where to send them
     */
    static ForwardedDatagram of(ByteBuf content, InetSocketAddress recipient) {
        ForwardedDatagram packet = POOL.get();
        packet.content = content;
        packet.recipient = recipient;
        packet.references = 1;
        return packet;
    }

    @Override
    public ByteBuf content() {
        return content;
    }

    @Override
    public InetSocketAddress recipient() {
        return recipient;
    }

    @Override
    public InetSocketAddress sender() {
        return null;
    }

    @Override
    public int refCnt() {
        return references;
    }

    @Override
    public DatagramPacket retain() {
        return retain(1);
    }

    @Override
    public DatagramPacket retain(int increment) {
        content.retain(increment);
        references += increment;
        return this;
    }

    @Override
    public DatagramPacket touch() {
        return this;
    }

    @Override
    public DatagramPacket touch(Object hint) {
        return this;
    }

    /** Releases a reference to the content; the last one returns this packet to the pool. */
    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        ByteBuf held = content;
        held.release(decrement);
        references -= decrement;
        if (references > 0) {
            return false;
        }
        // content and recipient stay readable until reuse: Netty's copy of a heap buffer into a direct one
        // releases the packet, then reads its recipient (AbstractEpollChannel.newDirectBuffer, in
        // EpollDatagramChannel.filterOutboundMessage).
        handle.recycle(this);
        return true;
    }

    @Override
    public DatagramPacket replace(ByteBuf other) {
        return new DatagramPacket(other, recipient);
    }

    @Override
    public String toString() {
        return "ForwardedDatagram(=> " + recipient + ", " + content + ")";
    }
}
