package io.roomcast.ranking.topology;

import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.RecentImpressions;
import io.roomcast.events.RoomEvent;
import io.roomcast.ranking.core.ImpressionAttribution;
import java.time.Duration;
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
 * Attribution on the user's partitions ({@link ImpressionAttribution}): an impression (hallway-impressions, key
 * user) is remembered in {@link HallwayTopology#IMPRESSIONS_STORE}; a join fact (room-events re-keyed by the
 * participant) is attributed to the newest impression that showed the room and forwarded as a
 * {@link HallwayAttribution} (key user). A wall-clock punctuator every window drops users whose impressions all
 * left the window, so the store holds only the users of the last window.
 */
final class AttributionProcessor implements Processor<String, Object, String, HallwayAttribution> {
    private final ImpressionAttribution attribution;
    private final Duration window;
    private ProcessorContext<String, HallwayAttribution> context;
    private KeyValueStore<String, RecentImpressions> recent;

    AttributionProcessor(ImpressionAttribution.Settings settings) {
        this.attribution = new ImpressionAttribution(settings);
        this.window = settings.window();
    }

    @Override
    public void init(ProcessorContext<String, HallwayAttribution> context) {
        this.context = context;
        this.recent = context.getStateStore(HallwayTopology.IMPRESSIONS_STORE);
        context.schedule(window, PunctuationType.WALL_CLOCK_TIME, now -> expire(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, Object> record) {
        String user = record.key();
        if (record.value() instanceof HallwayImpression impression) {
            recent.put(user, attribution.remember(recent.get(user), impression));
        } else if (record.value() instanceof RoomEvent fact) {
            HallwayAttribution attributed = attribution.attribute(recent.get(user), fact);
            if (attributed != null) {
                context.forward(new Record<>(user, attributed, record.timestamp()));
            }
        }
    }

    private void expire(Instant now) {
        List<KeyValue<String, RecentImpressions>> changes = new ArrayList<>();
        try (KeyValueIterator<String, RecentImpressions> all = recent.all()) {
            all.forEachRemaining(entry -> {
                RecentImpressions kept = attribution.expire(entry.value, now);
                if (kept == null || kept.getImpressions().size() < entry.value.getImpressions().size()) {
                    changes.add(KeyValue.pair(entry.key, kept));
                }
            });
        }
        changes.forEach(c -> {
            if (c.value == null) {
                recent.delete(c.key);
            } else {
                recent.put(c.key, c.value);
            }
        });
    }
}
