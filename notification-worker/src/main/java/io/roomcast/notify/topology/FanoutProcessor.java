package io.roomcast.notify.topology;

import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.notify.core.Audiences;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the audiences ({@link NotificationTopology#AUDIENCES_STORE}) from social-graph edges, and turns an audience
 * to tell into one candidate per member ({@link Audiences#candidate}), keyed by the member: a prefix scan, so a
 * celebrity's 100,000 followers are 100,000 records of one task, in one transaction.
 */
final class FanoutProcessor implements Processor<String, NotifyWork, String, NotifyWork> {
    private ProcessorContext<String, NotifyWork> context;
    private KeyValueStore<String, String> members;

    @Override
    public void init(ProcessorContext<String, NotifyWork> context) {
        this.context = context;
        this.members = context.getStateStore(NotificationTopology.AUDIENCES_STORE);
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
        try (KeyValueIterator<String, String> audience = members.prefixScan(Audiences.prefix(record.key()),
                Serdes.String().serializer())) {
            audience.forEachRemaining(member -> {
                NotifyWork candidate = Audiences.candidate(work, member.key);
                if (candidate != null) {
                    context.forward(record.withKey(Audiences.memberOf(member.key)).withValue(candidate));
                }
            });
        }
    }
}
