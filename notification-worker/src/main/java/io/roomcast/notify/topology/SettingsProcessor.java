package io.roomcast.notify.topology;

import io.roomcast.events.NotificationSettings;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each user's newest notification settings ({@link NotificationTopology#SETTINGS_STORE}); older versions are ignored. */
final class SettingsProcessor implements Processor<String, NotificationSettings, Void, Void> {
    private KeyValueStore<String, NotificationSettings> settings;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.settings = context.getStateStore(NotificationTopology.SETTINGS_STORE);
    }

    @Override
    public void process(Record<String, NotificationSettings> record) {
        NotificationSettings current = settings.get(record.key());
        if (current == null || current.getVersion() < record.value().getVersion()) {
            settings.put(record.key(), record.value());
        }
    }
}
