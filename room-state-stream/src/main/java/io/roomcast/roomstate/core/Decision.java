package io.roomcast.roomstate.core;

import io.roomcast.events.RejectionReason;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import java.util.List;

/**
 * What the state machine decided for one command or one timer check.
 *
 * @param state     the room after it (null: forget the room); when {@code changed} is false, the
 *                  snapshot passed in, untouched
 * @param facts     facts to append to room-events, in order: the change's facts, one CommandRejected,
 *                  or one CommandDuplicate
 * @param changed   true if the room changed: its new snapshot is to be stored and published
 * @param rejection the reason when the command was rejected, else null
 */
public record Decision(RoomSnapshot state, List<RoomEvent> facts, boolean changed, RejectionReason rejection) {

    static Decision unchanged(RoomSnapshot state, List<RoomEvent> facts, RejectionReason rejection) {
        return new Decision(state, facts, false, rejection);
    }

    static Decision changed(RoomSnapshot state, List<RoomEvent> facts) {
        return new Decision(state, facts, true, null);
    }
}
