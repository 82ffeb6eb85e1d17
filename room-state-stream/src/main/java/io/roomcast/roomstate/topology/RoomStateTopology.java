package io.roomcast.roomstate.topology;

import io.roomcast.events.DeadLetter;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import io.roomcast.roomstate.core.RoomLimits;
import io.roomcast.roomstate.core.RoomStateMachine;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.Rejection;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The room-state-stream topology, as a pure builder function (no I/O, no Micronaut):
 * <ol>
 *   <li>room-commands (key roomId) -> {@link RoomCommandProcessor} with the {@code rooms} and
 *       {@code command-outcomes} stores -> room-events (facts) and room-state (snapshots,
 *       tombstone when a room ends);</li>
 *   <li>the rooms' membership facts (joined, left) re-keyed by user, straight from the room processor
 *       (not re-read from room-events), merged with presence-heartbeats (key userId) ->
 *       {@link PresenceProcessor} with the {@code presence} store -> LeaveRoom commands (timeouts,
 *       room switches) to room-commands;</li>
 *   <li>social-graph -> the global {@code club-members} store (club rooms' access).</li>
 * </ol>
 * Records that cannot be decoded (bounded, only the topic's own schema versions), are invalid
 * ({@link io.roomcast.schemas.validation.RecordValidator}), are keyed by another room/user or sit on
 * another partition than their key's go to the source topic's dead-letter topic with the reason
 * ({@link Reason}); processing goes on. Exceptions while deserializing or processing anything else
 * are dead-lettered by Kafka's exception handlers ({@link #errorHandling}, {@link DeadLetterHandler}).
 * Bad social-graph records are skipped and counted (a global store cannot write dead letters).
 */
public final class RoomStateTopology {
    public static final String ROOMS_STORE = "rooms";
    public static final String OUTCOMES_STORE = "command-outcomes";
    public static final String PRESENCE_STORE = "presence";
    public static final String CLUB_MEMBERS_STORE = "club-members";

    private RoomStateTopology() {}

    /**
     * Settings of the topology (application.yml {@code roomcast.rooms.*} and {@code roomcast.presence.*}).
     *
     * @param limits                 room limits and timers
     * @param presenceDeadline       a user not seen for this long is expired (default 45 s; heartbeats every 15 s)
     * @param presenceCheckInterval  how often presence deadlines are checked, wall clock (default 5 s)
     * @param lifecycleCheckInterval how often room timers are checked, wall clock (default 10 s)
     * @param dedupWindow            how long a (user, nonce) is remembered for idempotency (default 24 h)
     * @param partitions             partition count of the input topics for the partition check: 0 = each
     *                               topic's count in the catalog (the service); TopologyTestDriver tests
     *                               pass 1 (the driver has one partition per topic)
     */
    public record Settings(RoomLimits limits, Duration presenceDeadline, Duration presenceCheckInterval,
                           Duration lifecycleCheckInterval, Duration dedupWindow, int partitions) {
        public static final Settings DEFAULTS = new Settings(RoomLimits.DEFAULTS, Duration.ofSeconds(45),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(24), 0);

        /** These settings with {@code partitions} instead. */
        public Settings withPartitions(int partitions) {
            return new Settings(limits, presenceDeadline, presenceCheckInterval, lifecycleCheckInterval, dedupWindow,
                partitions);
        }

        int partitionsOf(Topic<?, ?> topic) {
            return partitions > 0 ? partitions : topic.partitions();
        }
    }

    /** Streams config key of the {@link TopicSerdes} the {@link DeadLetterHandler} writes dead letters with. */
    public static final String DEAD_LETTER_SERDES_CONFIG = "roomcast.dead-letter.serdes";
    /** Streams config key of the {@link CommandObserver} told about dead letters written by the handler. */
    public static final String DEAD_LETTER_OBSERVER_CONFIG = "roomcast.dead-letter.observer";

    /**
     * The Streams configs that make Kafka's deserialization and processing exception handlers write
     * dead letters instead of stopping a stream thread ({@link DeadLetterHandler}); put them into the
     * application's Streams properties.
     */
    public static Map<String, Object> errorHandling(TopicSerdes serdes, CommandObserver observer) {
        return Map.of(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName(),
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName(),
            DEAD_LETTER_SERDES_CONFIG, serdes,
            DEAD_LETTER_OBSERVER_CONFIG, observer);
    }

    /**
     * Adds the topology to {@code builder}.
     *
     * @param applicationId the Streams application id, recorded in dead letters
     * @return the stream of facts the rooms produce (also written to room-events)
     */
    public static KStream<String, RoomEvent> build(StreamsBuilder builder, TopicSerdes serdes, Settings settings, CommandObserver observer,
                             String applicationId) {
        Serde<String> keys = Serdes.String();
        RoomStateMachine machine = new RoomStateMachine(settings.limits());

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROOMS_STORE), keys,
            EventSerdes.internal(RoomSnapshot.class)));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(OUTCOMES_STORE,
            settings.dedupWindow().multipliedBy(2), Duration.ofMillis(1), false), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRESENCE_STORE), keys,
            EventSerdes.internal(PresenceHeartbeat.class)));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLUB_MEMBERS_STORE), keys,
                Serdes.String()).withLoggingDisabled(),
            Topics.SOCIAL_GRAPH.name(), Consumed.with(keys, Serdes.ByteArray()),
            () -> new ClubMembersUpdater(serdes.decoder(Topics.SOCIAL_GRAPH), observer));

        int commandPartitions = settings.partitionsOf(Topics.ROOM_COMMANDS);
        KStream<String, RoomOutput> outputs = decoded(builder, Topics.ROOM_COMMANDS, serdes, applicationId, observer,
                (key, command, partition) -> placement(key, command.getRoomId(), "roomId", partition, commandPartitions))
            .process(() -> new RoomCommandProcessor(machine, settings, observer), Named.as("rooms"),
                ROOMS_STORE, OUTCOMES_STORE);
        KStream<String, RoomEvent> facts = outputs.filter((roomId, out) -> out instanceof RoomOutput.Fact)
            .mapValues(out -> ((RoomOutput.Fact) out).event());
        facts.to(Topics.ROOM_EVENTS.name(), Produced.with(keys, serdes.value(Topics.ROOM_EVENTS)));
        outputs.filter((roomId, out) -> out instanceof RoomOutput.Snapshot)
            .mapValues(out -> ((RoomOutput.Snapshot) out).snapshot())
            .to(Topics.ROOM_STATE.name(), Produced.with(keys, serdes.value(Topics.ROOM_STATE)));

        KStream<String, Object> membership = facts
            .filter((roomId, event) -> event.getFact() instanceof ParticipantJoined || event.getFact() instanceof ParticipantLeft)
            .selectKey((roomId, event) -> participant(event))
            .repartition(Repartitioned.with(keys, EventSerdes.internal(RoomEvent.class))
                .withName("membership-by-user").withNumberOfPartitions(Topics.PRESENCE_HEARTBEATS.partitions()))
            .mapValues(event -> (Object) event);
        int heartbeatPartitions = settings.partitionsOf(Topics.PRESENCE_HEARTBEATS);
        KStream<String, Object> heartbeats = decoded(builder, Topics.PRESENCE_HEARTBEATS, serdes, applicationId, observer,
                (key, beat, partition) -> placement(key, beat.getUserId(), "userId", partition, heartbeatPartitions))
            .mapValues(beat -> (Object) beat);
        membership.merge(heartbeats)
            .process(() -> new PresenceProcessor(settings), Named.as("presence"), PRESENCE_STORE)
            .to(Topics.ROOM_COMMANDS.name(), Produced.with(keys, serdes.value(Topics.ROOM_COMMANDS)));
        return facts;
    }

    private static String participant(RoomEvent event) {
        return event.getFact() instanceof ParticipantJoined j ? j.getParticipantId()
            : ((ParticipantLeft) event.getFact()).getParticipantId();
    }

    /**
     * Where a record keyed by a room or user belongs: under its own id, on the partition Kafka's Java
     * producer picks for that key (murmur2). Another partition means another producer's partitioner:
     * applying it there would give the room a second writer (another Streams task), so it is refused.
     */
    static Rejection placement(String key, String id, String idName, int partition, int partitions) {
        if (key == null || !key.equals(id)) {
            return new Rejection(Reason.KEY_MISMATCH, "key '" + key + "' is not the " + idName + " '" + id + "'");
        }
        int expected = Topic.partitionOf(key, partitions);
        return expected == partition ? null : new Rejection(Reason.WRONG_PARTITION, "key '" + key + "' belongs to partition "
            + expected + " of " + partitions + ", the record is on partition " + partition);
    }

    /** The topic's records decoded; the undecodable, invalid and misplaced ones go to its dead-letter topic. */
    private static <V extends org.apache.avro.specific.SpecificRecord> KStream<String, V> decoded(
            StreamsBuilder builder, Topic<String, V> topic, TopicSerdes serdes, String applicationId,
            CommandObserver observer, DecodeOrDeadLetter.Placement<V> placement) {
        Topic<byte[], DeadLetter> deadLetters = Topics.deadLetterOf(topic);
        KStream<String, Decoded<V>> decoded = builder
            .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .processValues(() -> new DecodeOrDeadLetter<V>(serdes.decoder(topic), placement, applicationId, observer),
                Named.as("decode-" + topic.name()));
        decoded.filterNot((key, d) -> d.ok())
            .mapValues(Decoded::deadLetter)
            .to(deadLetters.name(), Produced.with(Serdes.String(), serdes.value(deadLetters)));
        return decoded.filter((key, d) -> d.ok()).mapValues(Decoded::value);
    }
}
