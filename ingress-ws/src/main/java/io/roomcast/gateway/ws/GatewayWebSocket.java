package io.roomcast.gateway.ws;

import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/** The client WebSocket, {@code /ws}: frames go to the connection's session protocol (docs/protocol.md). */
@ServerWebSocket("/ws")
public class GatewayWebSocket {
    private static final String CONNECTION = "roomcast.connection";
    private final GatewayNode node;
    private final ConnectionChannels channels;

    GatewayWebSocket(GatewayNode node, ConnectionChannels channels) {
        this.node = node;
        this.channels = channels;
    }

    /** @throws IllegalStateException if the connection's channel is unknown (closed before it opened) */
    @OnOpen
    public void onOpen(WebSocketSession socket, HttpRequest<?> request) {
        Channel channel = channels.of(request.getRemoteAddress())
            .orElseThrow(() -> new IllegalStateException("no channel for " + request.getRemoteAddress()));
        FrameGuard.install(channel, node.metrics()::malformedFrame);
        socket.put(CONNECTION, node.open(socket, channel));
    }

    @OnMessage
    public void onMessage(String text, WebSocketSession socket) {
        socket.get(CONNECTION, Connection.class).ifPresent(c -> c.onText(text));
    }

    @OnClose
    public void onClose(WebSocketSession socket) {
        socket.get(CONNECTION, Connection.class).ifPresent(node::closed);
    }
}
