package io.roomcast.loadgen.ws;

/** What a client WebSocket receives; called on the connection's event loop thread, one call at a time. */
public interface WsListener {
    /** The handshake is done; frames may be sent. */
    default void onOpen(WsClients.WsSocket socket) {}

    /** One whole text frame (UTF-8 decoded). */
    void onText(WsClients.WsSocket socket, String text);

    /** The connection is closed (by either side, or lost). */
    default void onClosed(WsClients.WsSocket socket) {}
}
