package io.roomcast.roomstate.topology;

import io.roomcast.events.DeadLetter;

/** A source record after decoding: its value, or the dead letter that replaces it. */
record Decoded<V>(V value, DeadLetter deadLetter) {
    boolean ok() {
        return deadLetter == null;
    }
}
