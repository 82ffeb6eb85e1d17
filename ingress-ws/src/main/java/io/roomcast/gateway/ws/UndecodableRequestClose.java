package io.roomcast.gateway.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Puts {@code Connection: close} on the answer to a request the HTTP decoder could not read: a request
 * line over {@code micronaut.server.netty.max-initial-line-length} (4096 bytes) or headers over
 * {@code max-header-size} (both answered 413 {@code payload_too_large}), or a malformed request (400).
 * Micronaut closes such a connection after the answer, since the bytes left on it cannot be framed, and
 * answers as HTTP/1.0 (Netty's stand-in for the unreadable request) without a {@code Connection} header.
 * The JDK's {@code HttpClient} then keeps the connection in its pool, and its next request on it meets the
 * close ("header parser received no bytes"; seen 22 times in 200 tries on loopback). RFC 9112 section 9.6:
 * a server that closes after a response sends the {@code close} connection option in it.
 *
 * <p>One per connection, right after the HTTP codec. Answers leave in request order (HTTP/1.1 pipelining),
 * so the answer to the n-th request read is the n-th final (non-1xx) response written.
 */
final class UndecodableRequestClose extends ChannelDuplexHandler {
    private long requestsRead;
    private long responsesWritten;
    private long undecodable = -1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            if (undecodable < 0 && request.decoderResult().isFailure()) {
                undecodable = requestsRead;
            }
            requestsRead++;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            if (responsesWritten == undecodable) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            responsesWritten++;
        }
        super.write(ctx, msg, promise);
    }
}
