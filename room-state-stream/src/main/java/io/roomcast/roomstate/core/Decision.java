package io.roomcast.roomstate.core;

import io.roomcast.events.RejectionReason;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import java.util.List;

/**
 * What the state machine decided for one command or one timer check.
 *
 * @param state     the room after it: the same snapshot object when nothing changed, a new one when
 *                  something did (an ENDED room keeps a snapshot with lifecycle ENDED until it is forgotten)
 * @param facts     facts to append to room-events, in order: the change's facts, or one CommandRejected
 * @param rejection the reason when the command was rejected (then {@code state} is unchanged), else null
 */
public record Decision(RoomSnapshot state, List<RoomEvent> facts, RejectionReason rejection) {

    /** @return true if the room changed (facts other than a rejection were produced) */
    public boolean applied() {
        return rejection == null && !facts.isEmpty();
    }
}
