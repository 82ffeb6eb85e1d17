package io.roomcast.gateway.ws;

import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/** The client WebSocket, {@code /ws}: frames go to the connection's session protocol (docs/protocol.md). */
@ServerWebSocket("/ws")
public class GatewayWebSocket {
    private static final String CONNECTION = "roomcast.connection";
    private final GatewayNode node;

    public GatewayWebSocket(GatewayNode node) {
        this.node = node;
    }

    @OnOpen
    public void onOpen(WebSocketSession socket) {
        socket.put(CONNECTION, node.open(socket));
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
