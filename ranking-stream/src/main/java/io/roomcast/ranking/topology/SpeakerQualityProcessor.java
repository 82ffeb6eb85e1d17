package io.roomcast.ranking.topology;

import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.SpokenRoom;
import io.roomcast.ranking.core.SpeakerQualityRules;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Speaker quality on the speaker's partitions ({@link SpeakerQualityRules}): an ended room a user spoke in (key
 * userId) is counted into the user's {@link SpeakerQuality} in {@link HallwayTopology#SPEAKER_QUALITY_STORE}, and
 * the new quality is forwarded (to speaker-quality); a room already counted forwards nothing.
 */
final class SpeakerQualityProcessor implements Processor<String, SpokenRoom, String, SpeakerQuality> {
    private final SpeakerQualityRules rules;
    private ProcessorContext<String, SpeakerQuality> context;
    private KeyValueStore<String, SpeakerQuality> qualities;

    SpeakerQualityProcessor(SpeakerQualityRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, SpeakerQuality> context) {
        this.context = context;
        this.qualities = context.getStateStore(HallwayTopology.SPEAKER_QUALITY_STORE);
    }

    @Override
    public void process(Record<String, SpokenRoom> record) {
        SpeakerQuality counted = rules.count(qualities.get(record.key()),
            new SpeakerQualityRules.Spoken(record.key(), record.value()));
        if (counted != null) {
            qualities.put(record.key(), counted);
            context.forward(new Record<>(record.key(), counted, record.timestamp()));
        }
    }
}
