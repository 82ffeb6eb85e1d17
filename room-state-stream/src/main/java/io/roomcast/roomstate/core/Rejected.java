package io.roomcast.roomstate.core;

import io.roomcast.events.RejectionReason;

/** Thrown inside the state machine when a rule refuses a command; becomes a CommandRejected fact. */
final class Rejected extends RuntimeException {
    final RejectionReason reason;

    Rejected(RejectionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** @throws Rejected with {@code reason} and {@code message} unless {@code condition} holds */
    static void unless(boolean condition, RejectionReason reason, String message) {
        if (!condition) {
            throw new Rejected(reason, message);
        }
    }
}
