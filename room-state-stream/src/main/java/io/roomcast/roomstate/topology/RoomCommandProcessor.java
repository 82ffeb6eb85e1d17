package io.roomcast.roomstate.topology;

import io.roomcast.events.CommandOutcome;
import io.roomcast.events.RejectionReason;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.roomstate.core.SocialGraph;
import io.roomcast.roomstate.core.Decision;
import io.roomcast.roomstate.core.RoomStateMachine;
import io.roomcast.schemas.validation.RecordValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The single writer of each room: applies the room's commands in partition order through the
 * {@link RoomStateMachine}, keeps the room in the {@code rooms} store, and emits facts and
 * snapshots. A command whose (userId, nonce) was handled within the dedup window is answered with
 * its original outcome and not applied again. A wall-clock punctuator runs the rooms' timers.
 *
 * <p>Snapshots sized to the rate of change: the facts of every command go out at once, but a room's snapshot goes
 * to room-state at most once per {@link RoomStateTopology.Settings#snapshotInterval()} (a second punctuator emits
 * the rooms marked in the {@code snapshot-pending} store), except when the room is created, starts or ends, which go
 * at once. In a room of 8,000 a snapshot is about 500 KB: one per fact made a crowd's joins quadratic in bytes. A
 * reader of room-state sees each room's newest state within the interval; the facts carry every change.
 *
 * <p>That punctuator is scheduled only while a room of the task has a snapshot pending, and cancelled once it has
 * emitted them. Every punctuation marks the task for commit and halves the records Kafka Streams processes per task
 * per loop iteration; run every interval on every task, it kept each stream thread punctuating 30-90 times a second
 * while no room changed (docs/benchmarks.md, room-state-stream, "Session 29").
 */
final class RoomCommandProcessor implements Processor<String, RoomCommand, String, RoomOutput> {
    private static final String APPLIED = "APPLIED";
    private static final RecordValidator VALIDATOR = RecordValidator.DEFAULT;

    private final RoomStateMachine machine;
    private final RoomStateTopology.Settings settings;
    private final CommandObserver observer;
    private ProcessorContext<String, RoomOutput> context;
    private KeyValueStore<String, RoomSnapshot> rooms;
    private KeyValueStore<String, String> pending;
    private WindowStore<String, String> outcomes;
    private SocialGraph graph;
    /** The snapshot-interval punctuator while a snapshot is pending, else null. */
    private Cancellable snapshotPunctuator;

    RoomCommandProcessor(RoomStateMachine machine, RoomStateTopology.Settings settings, CommandObserver observer) {
        this.machine = machine;
        this.settings = settings;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, RoomOutput> context) {
        this.context = context;
        this.rooms = context.getStateStore(RoomStateTopology.ROOMS_STORE);
        this.outcomes = context.getStateStore(RoomStateTopology.OUTCOMES_STORE);
        this.graph = SocialGraphUpdater.graph(context.getStateStore(RoomStateTopology.SOCIAL_GRAPH_STORE));
        this.pending = context.getStateStore(RoomStateTopology.PENDING_SNAPSHOTS_STORE);
        context.schedule(settings.lifecycleCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::runTimers);
        // Marks left by a previous owner of the task that did not emit them (or by this one before a close).
        try (KeyValueIterator<String, String> restored = pending.all()) {
            if (restored.hasNext() && !settings.snapshotInterval().isZero()) {
                scheduleSnapshots();
            }
        }
    }

    @Override
    public void close() {
        stopSnapshots();
    }

    private void stopSnapshots() {
        if (snapshotPunctuator != null) {
            snapshotPunctuator.cancel();
            snapshotPunctuator = null;
        }
    }

    private void scheduleSnapshots() {
        if (snapshotPunctuator == null) {
            snapshotPunctuator = context.schedule(settings.snapshotInterval(), PunctuationType.WALL_CLOCK_TIME,
                this::emitPending);
        }
    }

    @Override
    public void process(Record<String, RoomCommand> record) {
        RoomCommand command = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        RoomSnapshot current = rooms.get(command.getRoomId());
        String nonceKey = command.getRoomId() + "|" + command.getUserId() + "|" + command.getNonce();
        String previous = previousOutcome(nonceKey, now);
        Decision decision;
        String outcome;
        if (previous != null) {
            boolean applied = previous.equals(APPLIED);
            decision = machine.duplicate(current, command, applied ? CommandOutcome.APPLIED : CommandOutcome.REJECTED,
                applied ? null : RejectionReason.valueOf(previous), now);
            outcome = "duplicate";
        } else {
            decision = requireValid(machine.decide(current, command, graph, now));
            outcomes.put(nonceKey, decision.rejection() == null ? APPLIED : decision.rejection().name(), now.toEpochMilli());
            outcome = decision.rejection() == null ? "applied" : decision.rejection().name().toLowerCase(java.util.Locale.ROOT);
        }
        emit(command.getRoomId(), current, decision, now);
        observer.handled(command.getCommand().getClass().getSimpleName(), outcome,
            Duration.between(command.getOccurredAt(), now));
    }

    /**
     * The decision if every fact and the next snapshot meet the record rules; the rules' inputs were
     * validated, so a violation is a bug: it throws, and the processing exception handler dead-letters
     * the command before anything of it is stored or written.
     *
     * @throws IllegalStateException naming the violation
     */
    private static Decision requireValid(Decision decision) {
        try {
            decision.facts().forEach(VALIDATOR::requireValid);
            if (decision.changed() && decision.state() != null) {
                VALIDATOR.requireValid(decision.state());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the rules produced an " + e.getMessage(), e);
        }
        return decision;
    }

    private String previousOutcome(String nonceKey, Instant now) {
        try (WindowStoreIterator<String> seen = outcomes.fetch(nonceKey,
                now.minus(settings.dedupWindow()), now.plus(settings.dedupWindow()))) {
            return seen.hasNext() ? seen.next().value : null;
        }
    }

    /** A room whose timer fired: its state before, and what the timer decided. */
    private record Due(String roomId, RoomSnapshot before, Decision decision) {}

    private void runTimers(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, RoomSnapshot> all = rooms.all()) {
            all.forEachRemaining(entry -> {
                Decision decision = machine.expire(entry.value, now);
                if (decision.changed()) {
                    due.add(new Due(entry.key, entry.value, decision));
                }
            });
        }
        due.forEach(d -> emit(d.roomId(), d.before(), d.decision(), now));
    }

    /**
     * The snapshots of the rooms that changed since their last one went out (snapshot-interval punctuator); then the
     * punctuator stops until a room changes again.
     */
    private void emitPending(long wallClockMs) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> all = pending.all()) {
            all.forEachRemaining(entry -> due.add(entry.key));
        }
        for (String roomId : due) {
            pending.delete(roomId);
            RoomSnapshot snapshot = rooms.get(roomId);
            if (snapshot != null && snapshot.getLifecycle() != RoomLifecycle.ENDED) {
                context.forward(new Record<>(roomId, new RoomOutput.Snapshot(snapshot), wallClockMs));
            }
        }
        stopSnapshots();
    }

    /**
     * @param before the room before the decision, or null if it did not exist
     */
    private void emit(String roomId, RoomSnapshot before, Decision decision, Instant now) {
        long timestamp = now.toEpochMilli();
        for (RoomEvent fact : decision.facts()) {
            context.forward(new Record<>(roomId, new RoomOutput.Fact(fact), timestamp));
        }
        if (!decision.changed()) {
            return;
        }
        RoomSnapshot next = decision.state();
        if (next == null) {
            rooms.delete(roomId);
            pending.delete(roomId);
            return;
        }
        rooms.put(roomId, next);
        boolean ended = next.getLifecycle() == RoomLifecycle.ENDED;
        if (settings.snapshotInterval().isZero()) {
            context.forward(new Record<>(roomId, new RoomOutput.Snapshot(ended ? null : next), timestamp));
        } else if (before == null || before.getLifecycle() != next.getLifecycle()) {
            pending.delete(roomId);
            context.forward(new Record<>(roomId, new RoomOutput.Snapshot(ended ? null : next), timestamp));
        } else {
            pending.put(roomId, "");
            scheduleSnapshots();
        }
    }
}
