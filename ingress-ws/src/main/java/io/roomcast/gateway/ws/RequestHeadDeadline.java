package io.roomcast.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection that has not sent a whole request head (up to the blank line that ends the
 * headers, RFC 9112 section 2.1) within the upgrade timeout: half-sent upgrade requests (slowloris)
 * hold no socket. Sits first in the connection's pipeline, reads the raw bytes as they pass, and
 * removes itself once the head is complete; the bytes go on unchanged. Plain HTTP only (TLS ends in
 * front of the gateway, at the load balancer).
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadDeadline.class);
    private static final int CRLFCRLF = ('\r' << 24) | ('\n' << 16) | ('\r' << 8) | '\n';

    private final Duration timeout;
    private final Runnable expired;
    private ScheduledFuture<?> deadline;
    /** The last four bytes seen, big-endian. */
    private int tail;

    /** @param expired told (for a metric) when a connection is closed for it */
    RequestHeadDeadline(Duration timeout, Runnable expired) {
        this.timeout = timeout;
        this.expired = expired;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            expired.run();
            LOG.debug("closed {}: no whole request head within {}", ctx.channel().remoteAddress(), timeout);
            ctx.close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                tail = (tail << 8) | (bytes.getByte(i) & 0xFF);
                if (tail == CRLFCRLF) {
                    ctx.pipeline().remove(this);
                    break;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
