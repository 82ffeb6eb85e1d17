package io.roomcast.rest;

/**
 * Where a room stands for a caller, as the rooms' read model says: answered by the gateway (which reads it), asked by
 * the user/club API (whose hidden rooms and reminders name rooms it does not keep). A room the caller may not see
 * answers {@link Standing#UNKNOWN}, as if it did not exist, so its existence does not leak.
 */
public interface RoomDirectory {
    /** A room's standing for one caller. */
    enum Standing {
        /** No such room, ended, or not visible to the caller. */
        UNKNOWN,
        /** Scheduled, not started yet. */
        SCHEDULED,
        /** Live. */
        LIVE
    }

    /**
     * @param roomId   the room (at most the platform's id length; longer ids are the caller's check)
     * @param callerId the user asking
     * @throws Unavailable if the read model did not answer
     */
    Standing standing(String roomId, String callerId);

    /** The read model did not answer (the API answers 503 {@code unavailable}). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
