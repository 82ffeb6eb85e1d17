package io.roomcast.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.roomcast.gateway.protocol.ProtocolSettings;
import jakarta.inject.Singleton;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty channel under each client connection, by the client's address (one TCP connection per
 * address and port), so a {@link Connection} can write its frames in batches on its own event loop
 * (write, write, ..., one flush: one syscall for a burst instead of one per frame) and continue
 * when the channel is writable again (Netty's write-buffer water marks: the socket's backpressure).
 * Each new connection also gets a {@link RequestHeadDeadline} (the upgrade timeout), and loses Micronaut's
 * WebSocket compression handler: the gateway does not negotiate permessage-deflate. An HTTP/1.1 connection
 * also gets an {@link UndecodableRequestClose} (Connection: close on the answer to an unreadable request).
 * Hooks into Micronaut's server pipeline through {@link NettyServerCustomizer} (Micronaut HTTP
 * server docs, "Configuring the Netty pipeline").
 */
@Singleton
final class ConnectionChannels implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    /** Run (on the channel's event loop) when the channel becomes writable again. */
    static final AttributeKey<Runnable> ON_WRITABLE = AttributeKey.valueOf("roomcast.on-writable");
    private static final WritabilityRelay RELAY = new WritabilityRelay();
    /** The name Micronaut gives Netty's WebSocketServerCompressionHandler in each connection's pipeline. */
    private static final String WEBSOCKET_COMPRESSION = "WebSocketServerCompressionHandler";

    private final Map<SocketAddress, Channel> byRemote = new ConcurrentHashMap<>();
    private final Duration upgradeTimeout;
    private final Counter timedOut;

    ConnectionChannels(ProtocolSettings settings, MeterRegistry registry) {
        this.upgradeTimeout = settings.upgradeTimeout();
        this.timedOut = Counter.builder("roomcast.gateway.upgrade.timeouts")
            .description("Connections closed for not sending a whole request head in time (slowloris)").register(registry);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role != ChannelRole.CONNECTION) {
                    return this;
                }
                track(channel);
                return new NettyServerCustomizer() {
                    @Override
                    public void onStreamPipelineBuilt() {
                        // No permessage-deflate (RFC 7692): a room's frame is encoded once and its bytes written to
                        // every session; compressing per session would multiply the fan-out's CPU by the sessions.
                        if (channel.pipeline().get(WEBSOCKET_COMPRESSION) != null) {
                            channel.pipeline().remove(WEBSOCKET_COMPRESSION);
                        }
                        if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                                "roomcast-undecodable-close", new UndecodableRequestClose());
                        }
                    }
                };
            }
        });
        return event.getBean();
    }

    /** The open channel of the client at {@code remote} (the request's remote address). */
    Optional<Channel> of(SocketAddress remote) {
        return Optional.ofNullable(remote == null ? null : byRemote.get(remote));
    }

    private void track(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (remote == null) {
            return;
        }
        byRemote.put(remote, channel);
        channel.closeFuture().addListener(f -> byRemote.remove(remote, channel));
        channel.pipeline().addFirst("roomcast-writability", RELAY);
        channel.pipeline().addFirst("roomcast-request-head-deadline", new RequestHeadDeadline(upgradeTimeout, timedOut::increment));
    }

    /** Passes "writable again" to the connection that asked ({@link #ON_WRITABLE}). */
    @ChannelHandler.Sharable
    private static final class WritabilityRelay extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            Runnable onWritable = ctx.channel().attr(ON_WRITABLE).get();
            if (ctx.channel().isWritable() && onWritable != null) {
                onWritable.run();
            }
            super.channelWritabilityChanged(ctx);
        }
    }
}
