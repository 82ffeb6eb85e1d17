package io.roomcast.notify.topology;

import io.roomcast.events.NotificationSettings;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RecipientLedger;
import io.roomcast.notify.core.Preferences;
import io.roomcast.notify.core.RecipientGate;
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
 * Decides each candidate for its recipient with {@link RecipientGate} (ledger, settings, ended rooms) and forwards
 * the delivered ones; keeps presence and ended rooms. A wall-clock punctuator every
 * {@link NotificationTopology.Settings#punctuateEvery()} sends the digests due and forgets ended rooms after the
 * dedup retention.
 */
final class GateProcessor implements Processor<String, NotifyWork, String, RecipientGate.Decision> {
    private final RecipientGate gate;
    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, RecipientGate.Decision> context;
    private KeyValueStore<String, RecipientLedger> ledgers;
    private KeyValueStore<String, NotificationSettings> preferences;
    private KeyValueStore<String, Long> ended;
    private KeyValueStore<String, Long> digests;

    GateProcessor(NotificationTopology.Settings settings) {
        this.gate = new RecipientGate(settings.limits());
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, RecipientGate.Decision> context) {
        this.context = context;
        this.ledgers = context.getStateStore(NotificationTopology.LEDGERS_STORE);
        this.preferences = context.getStateStore(NotificationTopology.SETTINGS_STORE);
        this.ended = context.getStateStore(NotificationTopology.ENDED_STORE);
        this.digests = context.getStateStore(NotificationTopology.DIGESTS_STORE);
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, NotifyWork> record) {
        NotifyWork work = record.value();
        long now = context.currentSystemTimeMs();
        switch (work.getStep()) {
            case ROOM_ENDED -> ended.putIfAbsent(work.getRoomId(), now);
            case PRESENCE -> {
                RecipientLedger ledger = ledger(record.key());
                RecipientGate.presence(ledger, work.getRoomId(), work.getActive());
                save(ledger);
            }
            case CANDIDATE -> {
                RecipientLedger ledger = ledger(record.key());
                RecipientGate.Decision decision = gate.decide(ledger, settingsOf(record.key()), work,
                    work.getRoomId() != null && ended.get(work.getRoomId()) != null, Instant.ofEpochMilli(now));
                save(ledger);
                if (ledger.getDigestDueAt() != null) {
                    digests.put(record.key(), ledger.getDigestDueAt());
                }
                if (decision.notification() != null) {
                    context.forward(record.withValue(decision));
                }
            }
            default -> throw new IllegalStateException("not a recipient step: " + work.getStep());
        }
    }

    private void punctuate(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = digests.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value <= wallClockMs) {
                    due.add(entry.key);
                }
            });
        }
        for (String recipient : due) {
            digests.delete(recipient);
            RecipientLedger ledger = ledger(recipient);
            RecipientGate.Decision digest = gate.dueDigest(ledger, settingsOf(recipient), room -> ended.get(room) != null, now);
            save(ledger);
            if (digest != null) {
                context.forward(new Record<>(recipient, digest, wallClockMs));
            }
        }
        long forgetBefore = now.minus(settings.limits().dedupRetention()).toEpochMilli();
        List<KeyValue<String, Long>> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = ended.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value < forgetBefore) {
                    old.add(entry);
                }
            });
        }
        old.forEach(entry -> ended.delete(entry.key));
    }

    private RecipientLedger ledger(String recipient) {
        RecipientLedger ledger = ledgers.get(recipient);
        return ledger == null ? RecipientGate.emptyLedger(recipient) : ledger;
    }

    private void save(RecipientLedger ledger) {
        if (RecipientGate.isEmpty(ledger)) {
            ledgers.delete(ledger.getRecipient());
        } else {
            ledgers.put(ledger.getRecipient(), ledger);
        }
    }

    private NotificationSettings settingsOf(String recipient) {
        NotificationSettings stored = preferences.get(recipient);
        return stored == null ? Preferences.defaults(recipient) : stored;
    }
}
