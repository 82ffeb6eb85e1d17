package io.roomcast.gateway.ws;

import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link Frame} carries through the fan-out to a connection: the frame's text encoded to
 * UTF-8 once (every session of a room writes the same bytes), and the frame and audience it came
 * from, so the connection can tell its session protocol what was sent (command outcomes, the user's
 * own joins).
 *
 * @param utf8     the JSON text as UTF-8 bytes; never modified after construction
 * @param audience who a room fact is for; null for frames the connection made itself
 */
public record Outgoing(byte[] utf8, ServerFrame frame, Dispatches.Audience audience) {

    /** Wraps an encoded frame for the fan-out (size = UTF-8 bytes of the text). */
    public static Frame frame(String text, ServerFrame frame, Dispatches.Audience audience) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return new Frame(new Outgoing(utf8, frame, audience), utf8.length);
    }

    /** The frame's text (decoded again: for tests and logs, not the write path). */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
