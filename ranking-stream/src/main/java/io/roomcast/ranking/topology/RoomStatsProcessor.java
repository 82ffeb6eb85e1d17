package io.roomcast.ranking.topology;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomStats;
import io.roomcast.events.RoomTally;
import io.roomcast.ranking.core.RoomStatsRules;
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
 * Counts each room's facts into its {@link RoomTally} ({@link RankingTopology#TALLIES_STORE}) and forwards
 * the room's {@link RoomStats} whenever they changed. A wall-clock punctuator every
 * {@link RankingTopology.Settings#momentumRefresh()} moves the join-rate windows of every live room with
 * recent joins on to the current time (so momentum decays without new facts) and forgets rooms that
 * ended more than {@link RankingTopology.Settings#endedRetention()} ago (their last stats stay on the
 * compacted topic).
 */
final class RoomStatsProcessor implements Processor<String, RoomEvent, String, RoomStats> {
    private final RoomStatsRules rules;
    private final RankingTopology.Settings settings;
    private ProcessorContext<String, RoomStats> context;
    private KeyValueStore<String, RoomTally> tallies;

    RoomStatsProcessor(RoomStatsRules rules, RankingTopology.Settings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RoomStats> context) {
        this.context = context;
        this.tallies = context.getStateStore(RankingTopology.TALLIES_STORE);
        context.schedule(settings.momentumRefresh(), PunctuationType.WALL_CLOCK_TIME, this::refresh);
    }

    @Override
    public void process(Record<String, RoomEvent> record) {
        String roomId = record.key();
        RoomTally next = rules.apply(tallies.get(roomId), record.value());
        if (next != null) {
            tallies.put(roomId, next);
            context.forward(record.withValue(rules.stats(next)));
        }
    }

    private void refresh(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant forgetBefore = now.minus(settings.endedRetention());
        List<KeyValue<String, RoomTally>> changed = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, RoomTally> all = tallies.all()) {
            all.forEachRemaining(entry -> {
                RoomTally tally = entry.value;
                if (tally.getEndedAt() != null) {
                    if (tally.getEndedAt().isBefore(forgetBefore)) {
                        forgotten.add(entry.key);
                    }
                    return;
                }
                RoomTally next = rules.advance(tally, now);
                if (next != null) {
                    changed.add(KeyValue.pair(entry.key, next));
                }
            });
        }
        forgotten.forEach(tallies::delete);
        for (KeyValue<String, RoomTally> entry : changed) {
            tallies.put(entry.key, entry.value);
            context.forward(new Record<>(entry.key, rules.stats(entry.value), wallClockMs));
        }
    }
}
