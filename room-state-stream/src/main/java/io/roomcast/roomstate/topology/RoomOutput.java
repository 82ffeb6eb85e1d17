package io.roomcast.roomstate.topology;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;

/** What the room processor emits: a fact for room-events, or a snapshot (null: tombstone) for room-state. */
sealed interface RoomOutput {
    record Fact(RoomEvent event) implements RoomOutput {}

    record Snapshot(RoomSnapshot snapshot) implements RoomOutput {}
}
