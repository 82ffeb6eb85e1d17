package io.roomcast.gateway.ws;

import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client WebSocket, {@code /ws}: frames go to the connection's session protocol (docs/protocol.md). */
@ServerWebSocket("/ws")
public class GatewayWebSocket {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayWebSocket.class);
    private static final String CONNECTION = "roomcast.connection";
    private final GatewayNode node;
    private final ConnectionChannels channels;

    GatewayWebSocket(GatewayNode node, ConnectionChannels channels) {
        this.node = node;
        this.channels = channels;
    }

    /**
     * A connection that the client closed before it opened (it gave up waiting for the upgrade's answer, e.g. under a
     * connect storm) is let go: nothing to serve.
     *
     * @throws IllegalStateException if the connection is open but its channel is unknown
     */
    @OnOpen
    public void onOpen(WebSocketSession socket, HttpRequest<?> request) {
        Optional<Channel> found = channels.of(request.getRemoteAddress());
        if (found.isEmpty() && !socket.isOpen()) {
            LOG.debug("connection from {} closed before it opened", request.getRemoteAddress());
            return;
        }
        Channel channel = found.orElseThrow(() -> new IllegalStateException("no channel for open connection "
            + request.getRemoteAddress()));
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
