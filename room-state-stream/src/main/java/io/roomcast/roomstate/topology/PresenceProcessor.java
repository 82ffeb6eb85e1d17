package io.roomcast.roomstate.topology;

import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.roomstate.core.GatewayWatermarks;
import io.roomcast.roomstate.core.PresenceRules;
import io.roomcast.schemas.PresenceTicks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Presence per user (key userId): membership facts ({@link #joiner}, {@link #leaver}) and heartbeats update the
 * {@code presence} store through {@link PresenceRules}; every record of a gateway node (a heartbeat, or a tick: see
 * {@link PresenceTicks}) moves that node's watermark ({@link GatewayWatermarks}), kept in the
 * {@code presence-watermarks} store as of each tick, so an instance that takes the task over knows how far each
 * node was read. A wall-clock punctuator checks every user at the instant their node's watermark gives: the wall
 * clock only sets how often, never who is silent, so heartbeats not read yet after a take-over, a broker outage or a
 * backlog are never taken for silence. Emits LeaveRoom commands (key roomId) for room-commands.
 */
final class PresenceProcessor implements Processor<String, Object, String, RoomCommand> {
    /** A node silent for this many deadlines behind the newest is forgotten (its users are judged by the floor). */
    private static final int FORGET_AFTER_DEADLINES = 10;

    private final PresenceRules rules;
    private final RoomStateTopology.Settings settings;
    private final GatewayWatermarks watermarks;
    private ProcessorContext<String, RoomCommand> context;
    private KeyValueStore<String, PresenceHeartbeat> presence;
    private KeyValueStore<String, Long> kept;

    PresenceProcessor(RoomStateTopology.Settings settings) {
        this.rules = new PresenceRules(settings.presenceDeadline());
        this.settings = settings;
        this.watermarks = new GatewayWatermarks(settings.presenceDeadline());
    }

    @Override
    public void init(ProcessorContext<String, RoomCommand> context) {
        this.context = context;
        this.presence = context.getStateStore(RoomStateTopology.PRESENCE_STORE);
        this.kept = context.getStateStore(RoomStateTopology.PRESENCE_WATERMARKS_STORE);
        try (KeyValueIterator<String, Long> all = kept.all()) {
            all.forEachRemaining(e -> watermarks.advance(e.key, Instant.ofEpochMilli(e.value)));
        }
        context.schedule(settings.presenceCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    /**
     * The user a fact puts into its room for presence, or null: a participant who joined, or a user
     * whose join request waits (a requester is timed out, or leaves by switching rooms, like a participant).
     */
    static String joiner(RoomEvent event) {
        return switch (event.getFact()) {
            case ParticipantJoined j -> j.getParticipantId();
            case JoinRequested r -> r.getParticipantId();
            case null, default -> null;
        };
    }

    /** The user a fact takes out of its room for presence, or null: a participant who left, a request that ended unadmitted. */
    static String leaver(RoomEvent event) {
        return switch (event.getFact()) {
            case ParticipantLeft l -> l.getParticipantId();
            case JoinRequestClosed c when c.getReason() != JoinRequestCloseReason.APPROVED -> c.getParticipantId();
            case null, default -> null;
        };
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof PresenceHeartbeat tick && PresenceTicks.isTick(tick)) {
            if (watermarks.advance(tick.getGatewayNode(), tick.getOccurredAt())) {
                kept.put(tick.getGatewayNode(), tick.getOccurredAt().toEpochMilli());
            }
            return;
        }
        String userId = record.key();
        PresenceHeartbeat entry = presence.get(userId);
        PresenceRules.Outcome outcome = switch (record.value()) {
            case PresenceHeartbeat heartbeat -> {
                watermarks.advance(heartbeat.getGatewayNode(), heartbeat.getOccurredAt());
                yield rules.heartbeat(entry, heartbeat);
            }
            case RoomEvent event when joiner(event) != null ->
                rules.joined(entry, userId, event.getRoomId(), event.getOccurredAt(),
                    Instant.ofEpochMilli(context.currentSystemTimeMs()));
            case RoomEvent event when leaver(event) != null -> rules.left(entry, event.getRoomId());
            default -> new PresenceRules.Outcome(entry, null);
        };
        apply(userId, entry, outcome);
    }

    private void expire(long wallClockMs) {
        watermarks.forgetSilent(settings.presenceDeadline().multipliedBy(FORGET_AFTER_DEADLINES)).forEach(kept::delete);
        GatewayWatermarks.Judging judging = watermarks.judging();
        List<Runnable> expired = new ArrayList<>(); // applied after the iterator is closed
        try (KeyValueIterator<String, PresenceHeartbeat> all = presence.all()) {
            all.forEachRemaining(e -> {
                Instant at = judging.at(e.value.getGatewayNode());
                if (at == null) {
                    return; // nothing read from any node yet
                }
                PresenceRules.Outcome outcome = rules.check(e.value, at);
                if (outcome.command() != null) {
                    expired.add(() -> apply(e.key, e.value, outcome));
                }
            });
        }
        expired.forEach(Runnable::run);
    }

    /**
     * Stores the outcome's entry if it changed: a user with no entry and none to keep (a heartbeat of a session in no
     * room) writes nothing, neither to the store nor to its changelog.
     */
    private void apply(String userId, PresenceHeartbeat before, PresenceRules.Outcome outcome) {
        if (outcome.entry() == null) {
            if (before != null) {
                presence.delete(userId);
            }
        } else if (outcome.entry() != before) {
            presence.put(userId, outcome.entry());
        }
        RoomCommand command = outcome.command();
        if (command != null) {
            context.forward(new Record<>(command.getRoomId(), command, context.currentSystemTimeMs()));
        }
    }
}
