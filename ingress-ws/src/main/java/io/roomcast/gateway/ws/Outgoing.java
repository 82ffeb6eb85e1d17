package io.roomcast.gateway.ws;

import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link Frame} carries through the fan-out to a connection: the text encoded once, and the
 * frame and audience it came from, so the connection can tell its session protocol what was sent
 * (command outcomes, the user's own joins).
 *
 * @param audience who a room fact is for; null for frames the connection made itself
 */
public record Outgoing(String text, ServerFrame frame, Dispatches.Audience audience) {

    /** Wraps an encoded frame for the fan-out (size = UTF-8 bytes of the text). */
    public static Frame frame(String text, ServerFrame frame, Dispatches.Audience audience) {
        return new Frame(new Outgoing(text, frame, audience), text.getBytes(StandardCharsets.UTF_8).length);
    }
}
