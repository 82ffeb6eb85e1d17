package io.roomcast.ranking.topology;

import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomStats;
import io.roomcast.events.RoomTally;
import io.roomcast.ranking.core.RoomStatsRules;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.DeadLetterHandler;
import io.roomcast.schemas.streams.DecodeOrDeadLetter;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.TopicSerdes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The ranking-stream topology, as a pure builder function (no I/O, no Micronaut):
 * room-events (key roomId) -> {@link RoomStatsProcessor} with the {@value #TALLIES_STORE} store
 * ({@link RoomStatsRules}) -> room-stats (compacted, key roomId).
 *
 * <p>Records that cannot be decoded, are invalid, or are keyed by another room or sit on another
 * partition than their key's go to room-events-dlq with the reason ({@link DecodeOrDeadLetter});
 * exceptions while processing anything else are dead-lettered by Kafka's exception handlers
 * ({@link DeadLetterHandler#errorHandling}). Processing goes on.
 */
public final class RankingTopology {
    /** Each room's {@link RoomTally}, by roomId. */
    public static final String TALLIES_STORE = "room-tallies";

    private RankingTopology() {}

    /**
     * Settings of the topology (application.yml {@code roomcast.*}).
     *
     * @param stats           the momentum windows
     * @param momentumRefresh how often, wall clock, the windows of live rooms move on without a fact (default 10 s)
     * @param endedRetention  how long an ended room's tally is kept, wall clock after its end, so late facts
     *                        are still recognised as after the end (default 1 h)
     * @param partitions      partition count of room-events for the partition check: 0 = the catalog's (the
     *                        service); TopologyTestDriver tests pass 1
     */
    public record Settings(RoomStatsRules.Settings stats, Duration momentumRefresh, Duration endedRetention,
                           int partitions) {
        public static final Settings DEFAULTS = new Settings(RoomStatsRules.Settings.DEFAULTS, Duration.ofSeconds(10),
            Duration.ofHours(1), 0);

        /** @throws IllegalArgumentException for a refresh below 100 ms or a negative retention */
        public Settings {
            if (momentumRefresh.toMillis() < 100 || endedRetention.isNegative()) {
                throw new IllegalArgumentException("need momentum-refresh >= 100 ms and ended-retention >= 0: " + this);
            }
        }

        /** These settings with {@code partitions} instead. */
        public Settings withPartitions(int partitions) {
            return new Settings(stats, momentumRefresh, endedRetention, partitions);
        }

        int partitionsOf(Topic<?, ?> topic) {
            return partitions > 0 ? partitions : topic.partitions();
        }
    }

    /**
     * Adds the topology to {@code builder}, the hallway with its default settings (tests of the stats).
     *
     * @param applicationId the Streams application id, recorded in dead letters
     * @return the stream of room statistics (also written to room-stats)
     */
    public static KStream<String, RoomStats> build(StreamsBuilder builder, TopicSerdes serdes, Settings settings,
                                                   RefusalObserver observer, String applicationId) {
        return build(builder, serdes, settings, HallwayTopology.Settings.DEFAULTS.withPartitions(settings.partitions()),
            observer, applicationId, HallwayTopology.Counters.NONE);
    }

    /**
     * Adds the topology to {@code builder}: room stats and the hallway ({@link HallwayTopology}).
     *
     * @param counters      the hallway's counters ({@link HallwayTopology.Counters})
     * @param applicationId the Streams application id, recorded in dead letters
     * @return the stream of room statistics (also written to room-stats)
     */
    public static KStream<String, RoomStats> build(StreamsBuilder builder, TopicSerdes serdes, Settings settings,
                                                   HallwayTopology.Settings hallway, RefusalObserver observer,
                                                   String applicationId, HallwayTopology.Counters counters) {
        Serde<String> keys = Serdes.String();
        RoomStatsRules rules = new RoomStatsRules(settings.stats());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TALLIES_STORE), keys,
            EventSerdes.internal(RoomTally.class)));
        int partitions = settings.partitionsOf(Topics.ROOM_EVENTS);
        KStream<String, RoomEvent> facts = DecodeOrDeadLetter.stream(builder, Topics.ROOM_EVENTS, serdes, applicationId,
                observer, (key, event, partition) ->
                    DecodeOrDeadLetter.placement(key, event.getRoomId(), "roomId", partition, partitions));
        KStream<String, RoomStats> stats = facts.process(() -> new RoomStatsProcessor(rules, settings), Named.as("room-stats"), TALLIES_STORE);
        stats.to(Topics.ROOM_STATS.name(), Produced.with(keys, serdes.value(Topics.ROOM_STATS)));
        HallwayTopology.build(builder, serdes, hallway, observer, applicationId, facts, stats, counters);
        return stats;
    }
}
