package io.roomcast.notify.topology;

import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.notify.core.Audiences;
import java.time.Duration;
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
 * Keeps the audiences ({@link NotificationTopology#AUDIENCES_STORE}) from social-graph edges, and turns an audience
 * to tell into one candidate per member ({@link Audiences#candidate}), keyed by the member, in slices of
 * {@link NotificationTopology.Settings#fanoutSlice()} members: the first slice at once; if the audience has more,
 * the work is kept in {@link NotificationTopology#FANOUTS_STORE} with the last member told ({@code after}), and a
 * wall-clock punctuator tells the next slice of every kept work each {@value #SLICE_EVERY_MS} ms. Each slice is
 * committed in its own transaction, so the gate starts deciding a celebrity's first followers while the next are
 * read, and a restart resumes after the last slice committed. Members who join the audience before their slice is
 * read are told; members who leave before it are not.
 */
final class FanoutProcessor implements Processor<String, NotifyWork, String, NotifyWork> {
    /** How often, wall clock, the next slice of each audience being told is read, ms. */
    static final long SLICE_EVERY_MS = 10;

    private final int slice;
    private ProcessorContext<String, NotifyWork> context;
    private KeyValueStore<String, String> members;
    private KeyValueStore<String, NotifyWork> fanouts;

    /** @param slice members read per slice, at least 1 */
    FanoutProcessor(int slice) {
        this.slice = slice;
    }

    @Override
    public void init(ProcessorContext<String, NotifyWork> context) {
        this.context = context;
        this.members = context.getStateStore(NotificationTopology.AUDIENCES_STORE);
        this.fanouts = context.getStateStore(NotificationTopology.FANOUTS_STORE);
        context.schedule(Duration.ofMillis(SLICE_EVERY_MS), PunctuationType.WALL_CLOCK_TIME, now -> nextSlices());
    }

    @Override
    public void process(Record<String, NotifyWork> record) {
        NotifyWork work = record.value();
        if (work.getStep() == NotifyStep.EDGE) {
            String key = Audiences.memberKey(record.key(), work.getActorId(), work.getRelation());
            if (work.getActive()) {
                members.put(key, "1");
            } else {
                members.delete(key);
            }
            return;
        }
        tell(fanoutKey(record.key(), work), record.key(), NotifyWork.newBuilder(work).setAfter(null).build(),
            record.timestamp());
    }

    private void nextSlices() {
        List<KeyValue<String, NotifyWork>> kept = new ArrayList<>();
        try (KeyValueIterator<String, NotifyWork> pending = fanouts.all()) {
            pending.forEachRemaining(kept::add);
        }
        kept.forEach(k -> tell(k.key, audienceOf(k.key), k.value, context.currentSystemTimeMs()));
    }

    /** Tells the next slice of {@code work}'s audience, and keeps the work under {@code key} if members remain. */
    private void tell(String key, String audience, NotifyWork work, long timestamp) {
        // Member keys are <audience>|...: from the prefix (or just after the last member told) up to <audience>},
        // the next string after every key of the prefix ('}' follows '|'), which is no member key itself.
        String from = work.getAfter() == null ? Audiences.prefix(audience) : work.getAfter() + Character.MIN_VALUE;
        String last = null;
        int read = 0;
        boolean more;
        try (KeyValueIterator<String, String> next = members.range(from, audience + '}')) {
            while (read < slice && next.hasNext()) {
                last = next.next().key;
                read++;
                NotifyWork candidate = Audiences.candidate(work, last);
                if (candidate != null) {
                    context.forward(new Record<>(Audiences.memberOf(last), candidate, timestamp));
                }
            }
            more = next.hasNext();
        }
        if (more) {
            fanouts.put(key, NotifyWork.newBuilder(work).setAfter(last).build());
        } else if (work.getAfter() != null) {
            fanouts.delete(key);
        }
    }

    /** {@code <audience>|<kind>|<roomId>|<sourceEventId>}: one fan-out of one fact to one audience. */
    private static String fanoutKey(String audience, NotifyWork work) {
        return audience + "|" + work.getKind() + "|" + work.getRoomId() + "|" + work.getSourceEventId();
    }

    private static String audienceOf(String fanoutKey) {
        return fanoutKey.substring(0, fanoutKey.indexOf('|'));
    }
}
