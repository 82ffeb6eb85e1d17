package io.roomcast.schemas.streams;

import io.roomcast.events.DeadLetter;

/** A source record after decoding: its value, or the dead letter that replaces it. */
public record Decoded<V>(V value, DeadLetter deadLetter) {
    public boolean ok() {
        return deadLetter == null;
    }
}
