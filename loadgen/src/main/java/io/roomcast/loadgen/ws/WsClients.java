package io.roomcast.loadgen.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Many client WebSockets on a few threads (Netty, NIO): the simulated users of the load generator.
 * One instance holds an event loop group; {@link #connect} opens one WebSocket (RFC 6455 handshake
 * included) and hands every text frame it receives to the given {@link WsListener} on that
 * connection's event loop thread.
 *
 * <p>Limits: text frames up to {@code maxFrameBytes} (a larger frame closes the connection with
 * 1009); one connection per local port, so one source address gives at most the kernel's ephemeral
 * port range (about 28,000 on Linux's default 32768-60999); pass more source addresses
 * (127.0.0.2, 127.0.0.3, ...) to {@link #connect} for more.
 */
public final class WsClients implements AutoCloseable {
    private final EventLoopGroup group;
    private final int maxFrameBytes;

    /**
     * @param threads       event loop threads (e.g. the number of cores)
     * @param maxFrameBytes largest text frame accepted, bytes (a room snapshot of 8,000 people is about 1 MiB)
     */
    public WsClients(int threads, int maxFrameBytes) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws://host:port/path?query}).
     *
     * @param source   local address to bind (port chosen by the kernel), or null for any
     * @param listener receives the connection's frames and its close
     * @return completes with the open socket after the handshake, or exceptionally (refused,
     *         handshake failed, timed out after 30 s)
     */
    public CompletableFuture<WsSocket> connect(URI uri, InetSocketAddress source, WsListener listener) {
        CompletableFuture<WsSocket> opened = new CompletableFuture<>();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri).maxFramePayloadLength(maxFrameBytes).handshakeTimeoutMillis(30_000)
            .handleCloseFrames(true).dropPongFrames(true).build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(config), new FrameHandler(listener, opened));
                }
            });
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        ChannelFuture connecting = source == null ? bootstrap.connect(remote) : bootstrap.connect(remote, source);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Text frames to the listener; the handshake's end completes the connect future. */
    private static final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final WsListener listener;
        private final CompletableFuture<WsSocket> opened;
        private WsSocket socket;

        FrameHandler(WsListener listener, CompletableFuture<WsSocket> opened) {
            this.listener = listener;
            this.opened = opened;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                socket = new WsSocket(ctx.channel());
                listener.onOpen(socket);
                opened.complete(socket);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                opened.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            listener.onText(socket, frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!opened.isDone()) {
                opened.completeExceptionally(new IllegalStateException("connection closed before the handshake"));
            } else {
                listener.onClosed(socket);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            opened.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** One open client WebSocket. */
    public static final class WsSocket {
        private final Channel channel;

        WsSocket(Channel channel) {
            this.channel = channel;
        }

        /** Queues one text frame and flushes (thread-safe; Netty hands it to the event loop). */
        public void send(String text) {
            channel.writeAndFlush(new TextWebSocketFrame(text));
        }

        /** Closes the TCP connection without a close handshake, as a lost network would. */
        public void abort() {
            channel.close();
        }

        public boolean isOpen() {
            return channel.isActive();
        }
    }
}
