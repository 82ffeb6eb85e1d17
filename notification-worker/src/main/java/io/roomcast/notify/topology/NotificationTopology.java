package io.roomcast.notify.topology;

import io.roomcast.events.NotificationSettings;
import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RecipientLedger;
import io.roomcast.events.SocialEdge;
import io.roomcast.notify.core.Audiences;
import io.roomcast.notify.core.NotifyLimits;
import io.roomcast.notify.core.PushDeliveries;
import io.roomcast.notify.core.RecipientGate;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.DecodeOrDeadLetter;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.TopicSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The notification-worker topology, as a pure builder function (no I/O, no Micronaut). Three steps, each a
 * Streams task per partition, exactly-once across them (the service runs with {@code exactly_once_v2}):
 * <ol>
 *   <li>room-events (key roomId) -> {@link RoomTriggerProcessor} with the {@value #ROOMS_STORE} store
 *       ({@link io.roomcast.notify.core.RoomTriggers}): audiences to tell, invitees, presence, ends; and the
 *       scheduled rooms' reminder timers ({@value #REMINDERS_DUE_STORE}, {@value #REMINDER_OF_ROOM_STORE};
 *       {@link io.roomcast.notify.core.Reminders}), fired by a wall-clock punctuator;</li>
 *   <li>social-graph edges and the audiences to tell, both re-keyed by audience ({@code USER:<id>},
 *       {@code CLUB:<id>}, {@code ROOM:<id>}) on the {@value #AUDIENCES_TOPIC} repartition topic ->
 *       {@link FanoutProcessor} with the {@value #AUDIENCES_STORE} store: one candidate per member (a prefix
 *       scan);</li>
 *   <li>candidates, presence and room ends (the latter to every partition) re-keyed by recipient on the
 *       {@value #RECIPIENTS_TOPIC} repartition topic, co-partitioned with notification-settings ->
 *       {@link GateProcessor} ({@link RecipientGate}) with the recipients' ledgers, settings, ended rooms and
 *       due digests -> notifications (key userId), and for each one that alerts a push-deliveries record
 *       ({@link PushDeliveries}), in the same transaction.</li>
 * </ol>
 * Undecodable, invalid or misplaced input records go to their topic's dead-letter topic with the reason
 * ({@link DecodeOrDeadLetter}).
 */
public final class NotificationTopology {
    /** What the worker knows of each live or scheduled room, by roomId. */
    public static final String ROOMS_STORE = "notify-rooms";
    /** Audience members: {@code <audience>|<member>|<relation>} -> "1". */
    public static final String AUDIENCES_STORE = "notify-audiences";
    /** Each recipient's {@link RecipientLedger}, by userId. */
    public static final String LEDGERS_STORE = "notify-ledgers";
    /** Each recipient's settings (the newest version), by userId. */
    public static final String SETTINGS_STORE = "notify-settings";
    /** Ended rooms: roomId -> when the worker learnt it, epoch ms. */
    public static final String ENDED_STORE = "notify-ended";
    /** Recipients with held notifications: userId -> when their digest is due, epoch ms. */
    public static final String DIGESTS_STORE = "notify-digests-due";
    /** Reminder timers by due time: {@code <due epoch ms, 19 digits>|<roomId>} -> roomId (Reminders.timerKey). */
    public static final String REMINDERS_DUE_STORE = "notify-reminders-due";
    /** The armed reminder timer of each scheduled room: roomId -> its due time, epoch ms. */
    public static final String REMINDER_OF_ROOM_STORE = "notify-reminder-of-room";
    /** Name of the repartition topic keyed by audience ({@code <application.id>-audiences-repartition}). */
    public static final String AUDIENCES_TOPIC = "audiences";
    /** Name of the repartition topic keyed by recipient ({@code <application.id>-recipients-repartition}). */
    public static final String RECIPIENTS_TOPIC = "recipients";

    private NotificationTopology() {}

    /**
     * Settings of the topology (application.yml {@code roomcast.notify.*}).
     *
     * @param limits             the rules' limits
     * @param punctuateEvery     how often, wall clock, due hand batches and digests are sent (default 1 s)
     * @param pushTtl            how long after its decision a push delivery may still be sent (expiresAt; default
     *                           15 min)
     * @param audiencePartitions partitions of the audience repartition topic (default 6)
     * @param partitions         partition count of the input topics for the placement checks: 0 = the catalog's
     *                           (the service); TopologyTestDriver tests pass 1
     * @param inMemoryStores     keep the state stores in memory (restored from their changelogs at start) instead of
     *                           RocksDB: TopologyTestDriver tests, which commit, and so checkpoint RocksDB, per record
     */
    public record Settings(NotifyLimits limits, Duration punctuateEvery, Duration pushTtl, int audiencePartitions,
                           int partitions, boolean inMemoryStores) {
        public static final Settings DEFAULTS = new Settings(NotifyLimits.DEFAULTS, Duration.ofSeconds(1),
            Duration.ofMinutes(15), 6, 0, false);

        /** @throws IllegalArgumentException for a punctuation below 100 ms, a push TTL below 1 s or no audience partition */
        public Settings {
            if (punctuateEvery.toMillis() < 100 || pushTtl.toMillis() < 1000 || audiencePartitions < 1) {
                throw new IllegalArgumentException(
                    "need punctuate-every >= 100 ms, push-ttl >= 1 s and audience-partitions >= 1: " + this);
            }
        }

        /** These settings for TopologyTestDriver: one partition per topic, stores in memory. */
        public Settings forTestDriver() {
            return new Settings(limits, punctuateEvery, pushTtl, audiencePartitions, 1, true);
        }

        KeyValueBytesStoreSupplier store(String name) {
            return inMemoryStores ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
        }

        int partitionsOf(Topic<?, ?> topic) {
            return partitions > 0 ? partitions : topic.partitions();
        }
    }

    /**
     * Adds the topology to {@code builder}.
     *
     * @param applicationId the Streams application id, recorded in dead letters
     * @return the decisions written to notifications (one per notification) and, where they alert, push-deliveries
     */
    public static KStream<String, RecipientGate.Decision> build(StreamsBuilder builder, TopicSerdes serdes,
            Settings settings, RefusalObserver observer, String applicationId) {
        Serde<String> keys = Serdes.String();
        Serde<NotifyWork> work = EventSerdes.internal(NotifyWork.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(ROOMS_STORE), keys,
            EventSerdes.internal(NotifyRoom.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(REMINDERS_DUE_STORE), keys,
            Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(REMINDER_OF_ROOM_STORE), keys,
            Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(AUDIENCES_STORE), keys,
            Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(LEDGERS_STORE), keys,
            EventSerdes.internal(RecipientLedger.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(SETTINGS_STORE), keys,
            EventSerdes.internal(NotificationSettings.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(ENDED_STORE), keys,
            Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(settings.store(DIGESTS_STORE), keys,
            Serdes.Long()));

        int roomPartitions = settings.partitionsOf(Topics.ROOM_EVENTS);
        KStream<String, NotifyWork> routed = DecodeOrDeadLetter.stream(builder, Topics.ROOM_EVENTS, serdes, applicationId,
                observer, (key, event, partition) ->
                    DecodeOrDeadLetter.placement(key, event.getRoomId(), "roomId", partition, roomPartitions))
            .process(() -> new RoomTriggerProcessor(settings), Named.as("room-triggers"), ROOMS_STORE,
                REMINDERS_DUE_STORE, REMINDER_OF_ROOM_STORE);

        int graphPartitions = settings.partitionsOf(Topics.SOCIAL_GRAPH);
        KStream<String, NotifyWork> edges = DecodeOrDeadLetter.stream(builder, Topics.SOCIAL_GRAPH, serdes, applicationId,
                observer, (key, edge, partition) ->
                    DecodeOrDeadLetter.placement(key, Topics.socialEdgeKey(edge), "edge key", partition, graphPartitions))
            .flatMap((key, edge) -> {
                String audience = Audiences.audienceOf(edge);
                return audience == null ? List.<KeyValue<String, NotifyWork>>of() : List.of(KeyValue.pair(audience, edgeWork(edge)));
            }, Named.as("audience-edges"));
        KStream<String, NotifyWork> candidates = edges
            .merge(routed.filter((key, w) -> w.getStep() == NotifyStep.AUDIENCE, Named.as("audiences-to-tell")))
            .repartition(Repartitioned.with(keys, work).withName(AUDIENCES_TOPIC)
                .withNumberOfPartitions(settings.audiencePartitions()))
            .process(FanoutProcessor::new, Named.as("fan-out"), AUDIENCES_STORE);

        int userPartitions = settings.partitionsOf(Topics.NOTIFICATION_SETTINGS);
        DecodeOrDeadLetter.stream(builder, Topics.NOTIFICATION_SETTINGS, serdes, applicationId, observer,
                (key, s, partition) -> DecodeOrDeadLetter.placement(key, s.getUserId(), "userId", partition, userPartitions))
            .process(SettingsProcessor::new, Named.as("settings"), SETTINGS_STORE);
        KStream<String, RecipientGate.Decision> decisions = candidates
            .merge(routed.filter((key, w) -> w.getStep() != NotifyStep.AUDIENCE, Named.as("to-recipients")))
            .repartition(Repartitioned.with(keys, work).withName(RECIPIENTS_TOPIC).withNumberOfPartitions(userPartitions)
                .withStreamPartitioner(new RecipientPartitioner()))
            .process(() -> new GateProcessor(settings), Named.as("gate"), LEDGERS_STORE, SETTINGS_STORE, ENDED_STORE,
                DIGESTS_STORE);
        decisions.mapValues(RecipientGate.Decision::notification, Named.as("notifications"))
            .to(Topics.NOTIFICATIONS.name(), Produced.with(keys, serdes.value(Topics.NOTIFICATIONS)));
        decisions.filter((recipient, decision) -> decision.push(), Named.as("alerts"))
            .mapValues(decision -> PushDeliveries.of(decision.notification(), settings.pushTtl()),
                Named.as("push-deliveries"))
            .to(Topics.PUSH_DELIVERIES.name(), Produced.with(keys, serdes.value(Topics.PUSH_DELIVERIES)));
        return decisions;
    }

    private static NotifyWork edgeWork(SocialEdge edge) {
        return NotifyWork.newBuilder().setStep(NotifyStep.EDGE).setActorId(edge.getUserId())
            .setRelation(edge.getRelation()).setActive(edge.getActive())
            .setOccurredAt(edge.getOccurredAt().toEpochMilli()).build();
    }

    /**
     * The recipient partition of a record: the Java producer's (murmur2 of the key), as notification-settings
     * is written, so a recipient's settings and candidates meet in one task; a room's end goes to every partition.
     */
    static final class RecipientPartitioner implements StreamPartitioner<String, NotifyWork> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, NotifyWork value, int numPartitions) {
            if (value.getStep() == NotifyStep.ROOM_ENDED) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.of(Set.of(Topic.partitionOf(key, numPartitions)));
        }
    }
}
