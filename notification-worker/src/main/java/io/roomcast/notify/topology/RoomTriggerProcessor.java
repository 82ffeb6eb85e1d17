package io.roomcast.notify.topology;

import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RoomEvent;
import io.roomcast.notify.core.Reminders;
import io.roomcast.notify.core.RoomTriggers;
import io.roomcast.notify.core.Routed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link RoomTriggers} to each room fact with the room's {@link NotifyRoom}
 * ({@link NotificationTopology#ROOMS_STORE}) and forwards the fan-out steps, keyed by audience or recipient; arms and
 * cancels the rooms' reminder timers ({@link ReminderTimers}). A wall-clock punctuator every
 * {@link NotificationTopology.Settings#punctuateEvery()} sends the hand batches and the reminders due.
 */
final class RoomTriggerProcessor implements Processor<String, RoomEvent, String, NotifyWork> {
    private final RoomTriggers triggers;
    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, NotifyWork> context;
    private KeyValueStore<String, NotifyRoom> rooms;
    private ReminderTimers timers;

    RoomTriggerProcessor(NotificationTopology.Settings settings) {
        this.triggers = new RoomTriggers(settings.limits());
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, NotifyWork> context) {
        this.context = context;
        this.rooms = context.getStateStore(NotificationTopology.ROOMS_STORE);
        this.timers = new ReminderTimers(new Reminders(settings.limits()),
            context.getStateStore(NotificationTopology.REMINDERS_DUE_STORE),
            context.getStateStore(NotificationTopology.REMINDER_OF_ROOM_STORE));
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::sendDueHands);
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME,
            wallClockMs -> forward(timers.fire(wallClockMs, rooms::get), wallClockMs));
    }

    @Override
    public void process(Record<String, RoomEvent> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        NotifyRoom before = rooms.get(record.key());
        timers.onFact(before, record.value());
        RoomTriggers.Outcome outcome = triggers.apply(before, record.value(), now);
        if (outcome.room() == null) {
            rooms.delete(record.key());
        } else {
            rooms.put(record.key(), outcome.room());
        }
        forward(outcome.steps(), record.timestamp());
    }

    private void sendDueHands(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, NotifyRoom>> due = new ArrayList<>();
        try (KeyValueIterator<String, NotifyRoom> all = rooms.all()) {
            all.forEachRemaining(entry -> {
                Long at = entry.value.getHandsDueAt();
                if (at != null && at <= wallClockMs) {
                    due.add(entry);
                }
            });
        }
        for (KeyValue<String, NotifyRoom> entry : due) {
            List<Routed> steps = triggers.dueHands(entry.value, now);
            rooms.put(entry.key, entry.value);
            forward(steps, wallClockMs);
        }
    }

    private void forward(List<Routed> steps, long timestamp) {
        for (Routed step : steps) {
            context.forward(new Record<>(step.key(), step.work(), timestamp));
        }
    }
}
