package io.roomcast.roomstate.topology;

import io.roomcast.events.JoinRequestCloseReason;
import io.roomcast.events.JoinRequestClosed;
import io.roomcast.events.JoinRequested;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.roomstate.core.PresenceRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Presence per user (key userId): membership facts ({@link #joiner}, {@link #leaver}) and heartbeats update the {@code presence} store
 * through {@link PresenceRules}; a wall-clock punctuator expires users past the deadline as of what the task has read
 * from each user's gateway node ({@link PresenceRules#judgedAt}: the wall clock, but at most one heartbeat gap past
 * the newest heartbeat read from that node, so heartbeats not read yet after a take-over, a broker outage or a
 * backlog are not taken for silence). Emits
 * LeaveRoom commands (key roomId) for room-commands.
 */
final class PresenceProcessor implements Processor<String, Object, String, RoomCommand> {
    private final PresenceRules rules;
    private final RoomStateTopology.Settings settings;
    private ProcessorContext<String, RoomCommand> context;
    private KeyValueStore<String, PresenceHeartbeat> presence;
    private Instant started;
    /** The newest heartbeat time read from each gateway node since the task started (its stream of heartbeats). */
    private final Map<String, Instant> newestByNode = new HashMap<>();

    PresenceProcessor(RoomStateTopology.Settings settings) {
        this.rules = new PresenceRules(settings.presenceDeadline());
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RoomCommand> context) {
        this.context = context;
        this.presence = context.getStateStore(RoomStateTopology.PRESENCE_STORE);
        this.started = Instant.ofEpochMilli(context.currentSystemTimeMs());
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
        String userId = record.key();
        PresenceHeartbeat entry = presence.get(userId);
        PresenceRules.Outcome outcome = switch (record.value()) {
            case PresenceHeartbeat heartbeat -> {
                newestByNode.merge(heartbeat.getGatewayNode(), heartbeat.getOccurredAt(),
                    (a, b) -> a.isAfter(b) ? a : b);
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
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, PresenceRules.Outcome>> expired = new ArrayList<>();
        try (KeyValueIterator<String, PresenceHeartbeat> all = presence.all()) {
            all.forEachRemaining(e -> {
                Instant at = rules.judgedAt(started, newestByNode.get(e.value.getGatewayNode()), now);
                if (at == null) {
                    return; // nothing read from the user's node yet, and the task started less than a deadline ago
                }
                PresenceRules.Outcome outcome = rules.check(e.value, at);
                if (outcome.command() != null) {
                    expired.add(KeyValue.pair(e.key, outcome));
                }
            });
        }
        expired.forEach(e -> apply(e.key, null, e.value));
    }

    private void apply(String userId, PresenceHeartbeat before, PresenceRules.Outcome outcome) {
        if (outcome.entry() == null) {
            presence.delete(userId);
        } else if (outcome.entry() != before) {
            presence.put(userId, outcome.entry());
        }
        RoomCommand command = outcome.command();
        if (command != null) {
            context.forward(new Record<>(command.getRoomId(), command, context.currentSystemTimeMs()));
        }
    }
}
