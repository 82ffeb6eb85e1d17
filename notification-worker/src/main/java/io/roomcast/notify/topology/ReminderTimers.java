package io.roomcast.notify.topology;

import io.roomcast.events.NotifyRoom;
import io.roomcast.events.RoomEvent;
import io.roomcast.notify.core.Reminders;
import io.roomcast.notify.core.Routed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The durable timers of scheduled-room reminders ({@link Reminders}) in two changelogged stores of the room-triggers
 * task: {@link NotificationTopology#REMINDERS_DUE_STORE} ({@link Reminders#timerKey} -> roomId, scanned by due time)
 * and {@link NotificationTopology#REMINDER_OF_ROOM_STORE} (roomId -> the armed due time, epoch ms, to cancel or
 * replace a room's timer without a scan). A timer is deleted in the same exactly-once transaction that forwards its
 * reminder, so a restart neither loses nor repeats it.
 */
final class ReminderTimers {
    private final Reminders reminders;
    private final KeyValueStore<String, String> due;
    private final KeyValueStore<String, Long> armed;

    ReminderTimers(Reminders reminders, KeyValueStore<String, String> due, KeyValueStore<String, Long> armed) {
        this.reminders = reminders;
        this.due = due;
        this.armed = armed;
    }

    /** Arms, replaces or cancels the timer of the fact's room. @param before the room before the fact, or null */
    void onFact(NotifyRoom before, RoomEvent event) {
        Reminders.Timer timer = reminders.onFact(before, event);
        if (timer.change() == Reminders.Timer.Change.NONE) {
            return;
        }
        String roomId = event.getRoomId();
        Long old = armed.get(roomId);
        if (old != null) {
            due.delete(Reminders.timerKey(old, roomId));
        }
        if (timer.change() == Reminders.Timer.Change.ARM) {
            armed.put(roomId, timer.dueAtMs());
            due.put(Reminders.timerKey(timer.dueAtMs(), roomId), roomId);
        } else if (old != null) {
            armed.delete(roomId);
        }
    }

    /**
     * Removes every timer due at {@code nowMs} (one range scan) and returns their fan-out steps.
     *
     * @param nowMs wall clock, epoch ms
     * @param rooms what the worker knows of a room by roomId (null: ended or never seen)
     */
    List<Routed> fire(long nowMs, Function<String, NotifyRoom> rooms) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> dueNow = due.range(Reminders.FIRST, Reminders.dueBound(nowMs))) {
            dueNow.forEachRemaining(entry -> keys.add(entry.key));
        }
        List<Routed> steps = new ArrayList<>();
        for (String key : keys) {
            due.delete(key);
            String roomId = Reminders.roomOf(key);
            Long armedAt = armed.get(roomId);
            steps.addAll(reminders.due(rooms.apply(roomId), armedAt, key));
            if (armedAt != null && armedAt == Reminders.dueAtOf(key)) {
                armed.delete(roomId);
            }
        }
        return steps;
    }
}
