package io.roomcast.loadgen.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.ws.WsClients;
import io.roomcast.loadgen.ws.WsListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every simulated user of a fan-out benchmark shares, whatever server it speaks to: its socket,
 * the count of frames received by all users together, the arrival time of each frame (epoch µs,
 * taken first) and dropping the connection.
 */
abstract class SimulatedUser implements WsListener {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Frames received by every user together (all kinds). */
    static final AtomicLong FRAMES = new AtomicLong();

    private volatile WsClients.WsSocket socket;

    /** One text frame and when it arrived (epoch µs); on the connection's event loop. */
    abstract void onFrame(WsClients.WsSocket socket, String text, long arrivalMicros);

    @Override
    public final void onText(WsClients.WsSocket socket, String text) {
        long arrival = Deliveries.nowMicros();
        FRAMES.incrementAndGet();
        onFrame(socket, text, arrival);
    }

    @Override
    public void onOpen(WsClients.WsSocket socket) {
        this.socket = socket;
    }

    WsClients.WsSocket socket() {
        return socket;
    }

    boolean isOpen() {
        WsClients.WsSocket s = socket;
        return s != null && s.isOpen();
    }

    /** Drops the connection without a close handshake. */
    void close() {
        WsClients.WsSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    /** @throws IllegalStateException naming {@code server} if the frame is not JSON */
    static JsonNode read(String text, String server) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(server + " sent a frame that is not JSON: " + text, e);
        }
    }
}
