package io.roomcast.roomstate.topology;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import io.roomcast.roomstate.core.RoomLimits;
import io.roomcast.roomstate.core.RoomStateMachine;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.DecodeOrDeadLetter;
import io.roomcast.schemas.streams.TopicSerdes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
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
 *   <li>the rooms' membership facts (joined, left, join requested and closed) re-keyed by user, straight from the room processor
 *       (not re-read from room-events), merged with presence-heartbeats (key userId; the gateway nodes' ticks, key null) ->
 *       {@link PresenceProcessor} with the {@code presence} and {@code presence-watermarks} stores -> LeaveRoom commands (timeouts,
 *       room switches) to room-commands;</li>
 *   <li>social-graph -> the global {@code social-graph} store ({@link SocialGraphUpdater}: club
 *       membership, follows and blocks, for the rooms' access rules).</li>
 * </ol>
 * Records that cannot be decoded (bounded, only the topic's own schema versions), are invalid
 * ({@link io.roomcast.schemas.validation.RecordValidator}), are keyed by another room/user or sit on
 * another partition than their key's go to the source topic's dead-letter topic with the reason
 * ({@link Reason}); processing goes on. Exceptions while deserializing or processing anything else
 * are dead-lettered by Kafka's exception handlers ({@link DeadLetterHandler#errorHandling}).
 * Bad social-graph records are skipped and counted (a global store cannot write dead letters).
 */
public final class RoomStateTopology {
    public static final String ROOMS_STORE = "rooms";
    public static final String OUTCOMES_STORE = "command-outcomes";
    public static final String PRESENCE_STORE = "presence";
    /** How far presence has read each gateway node: node id -> epoch ms of its newest tick read ({@link PresenceProcessor}). */
    public static final String PRESENCE_WATERMARKS_STORE = "presence-watermarks";
    public static final String SOCIAL_GRAPH_STORE = "social-graph";
    /** Rooms whose snapshot changed since it last went to room-state (key roomId, value empty): logged, so a
     *  fail-over emits what the failed instance had not. */
    public static final String PENDING_SNAPSHOTS_STORE = "snapshot-pending";

    private RoomStateTopology() {}

    /**
     * Settings of the topology (application.yml {@code roomcast.rooms.*} and {@code roomcast.presence.*}).
     *
     * @param limits                 room limits and timers
     * @param presenceDeadline       a user not seen for this long is expired (default 45 s; heartbeats every 15 s)
     * @param presenceCheckInterval  how often presence deadlines are checked, wall clock (default 5 s); who is silent is judged
     *                               by what was read from the gateway nodes, not by this clock
     * @param lifecycleCheckInterval how often room timers are checked, wall clock (default 10 s)
     * @param dedupWindow            how long a (user, nonce) is remembered for idempotency (default 24 h)
     * @param snapshotInterval       a room's snapshot goes to room-state at most once per this interval, wall
     *                               clock (default 100 ms: two exactly-once commits); a room created, started or
     *                               ended goes at once; 0 = a snapshot on every change. The {@code rooms} store holds
     *                               every change at once either way (its changelog is cached per commit)
     * @param partitions             partition count of the input topics for the partition check: 0 = each
     *                               topic's count in the catalog (the service); TopologyTestDriver tests
     *                               pass 1 (the driver has one partition per topic)
     */
    public record Settings(RoomLimits limits, Duration presenceDeadline, Duration presenceCheckInterval,
                           Duration lifecycleCheckInterval, Duration dedupWindow, Duration snapshotInterval,
                           int partitions) {
        public static final Settings DEFAULTS = new Settings(RoomLimits.DEFAULTS, Duration.ofSeconds(45),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(24), Duration.ofMillis(100), 0);

        /** @throws IllegalArgumentException for a negative snapshot interval */
        public Settings {
            if (snapshotInterval.isNegative()) {
                throw new IllegalArgumentException("snapshot-interval must be >= 0: " + snapshotInterval);
            }
        }

        /** These settings with {@code partitions} instead. */
        public Settings withPartitions(int partitions) {
            return new Settings(limits, presenceDeadline, presenceCheckInterval, lifecycleCheckInterval, dedupWindow,
                snapshotInterval, partitions);
        }

        /** These settings with {@code snapshotInterval} instead. */
        public Settings withSnapshotInterval(Duration snapshotInterval) {
            return new Settings(limits, presenceDeadline, presenceCheckInterval, lifecycleCheckInterval, dedupWindow,
                snapshotInterval, partitions);
        }

        int partitionsOf(Topic<?, ?> topic) {
            return partitions > 0 ? partitions : topic.partitions();
        }
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

        // Cached: a room changed by many commands within one commit goes to the changelog once.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROOMS_STORE), keys,
            EventSerdes.internal(RoomSnapshot.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_SNAPSHOTS_STORE), keys,
            Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(OUTCOMES_STORE,
            settings.dedupWindow().multipliedBy(2), Duration.ofMillis(1), false), keys, Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRESENCE_STORE), keys,
            EventSerdes.internal(PresenceHeartbeat.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRESENCE_WATERMARKS_STORE), keys,
            Serdes.Long()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SOCIAL_GRAPH_STORE), keys,
                Serdes.String()).withLoggingDisabled(),
            Topics.SOCIAL_GRAPH.name(), Consumed.with(keys, Serdes.ByteArray()),
            () -> new SocialGraphUpdater(serdes.decoder(Topics.SOCIAL_GRAPH), observer));

        int commandPartitions = settings.partitionsOf(Topics.ROOM_COMMANDS);
        KStream<String, RoomOutput> outputs = DecodeOrDeadLetter.stream(builder, Topics.ROOM_COMMANDS, serdes, applicationId, observer,
                (key, command, partition) -> DecodeOrDeadLetter.placement(key, command.getRoomId(), "roomId", partition, commandPartitions))
            .process(() -> new RoomCommandProcessor(machine, settings, observer), Named.as("rooms"),
                ROOMS_STORE, OUTCOMES_STORE, PENDING_SNAPSHOTS_STORE);
        KStream<String, RoomEvent> facts = outputs.filter((roomId, out) -> out instanceof RoomOutput.Fact)
            .mapValues(out -> ((RoomOutput.Fact) out).event());
        facts.to(Topics.ROOM_EVENTS.name(), Produced.with(keys, serdes.value(Topics.ROOM_EVENTS)));
        outputs.filter((roomId, out) -> out instanceof RoomOutput.Snapshot)
            .mapValues(out -> ((RoomOutput.Snapshot) out).snapshot())
            .to(Topics.ROOM_STATE.name(), Produced.with(keys, serdes.value(Topics.ROOM_STATE)));

        KStream<String, Object> membership = facts
            .filter((roomId, event) -> participant(event) != null)
            .selectKey((roomId, event) -> participant(event))
            .repartition(Repartitioned.with(keys, EventSerdes.internal(RoomEvent.class))
                .withName("membership-by-user").withNumberOfPartitions(Topics.PRESENCE_HEARTBEATS.partitions()))
            .mapValues(event -> (Object) event);
        int heartbeatPartitions = settings.partitionsOf(Topics.PRESENCE_HEARTBEATS);
        KStream<String, Object> heartbeats = DecodeOrDeadLetter.stream(builder, Topics.PRESENCE_HEARTBEATS, serdes, applicationId, observer,
                (key, beat, partition) -> PresenceTicks.placement(key, beat, partition, heartbeatPartitions))
            .mapValues(beat -> (Object) beat);
        membership.merge(heartbeats)
            .process(() -> new PresenceProcessor(settings), Named.as("presence"), PRESENCE_STORE, PRESENCE_WATERMARKS_STORE)
            .to(Topics.ROOM_COMMANDS.name(), Produced.with(keys, serdes.value(Topics.ROOM_COMMANDS)));
        return facts;
    }

    /** The user whose presence a fact changes, or null. */
    private static String participant(RoomEvent event) {
        String joiner = PresenceProcessor.joiner(event);
        return joiner != null ? joiner : PresenceProcessor.leaver(event);
    }
}
