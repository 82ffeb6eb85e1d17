package io.roomcast.ranking.topology;

import io.roomcast.events.HallwayActivity;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.HallwayViewer;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.RankingWeights;
import io.roomcast.events.RecentImpressions;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.SpokenRoom;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import io.roomcast.ranking.core.ImpressionAttribution;
import io.roomcast.ranking.core.SpeakerQualityRules;
import io.roomcast.schemas.EventSerdes;
import io.roomcast.schemas.PresenceTicks;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import io.roomcast.schemas.streams.DecodeOrDeadLetter;
import io.roomcast.schemas.streams.RefusalObserver;
import io.roomcast.schemas.streams.TopicSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The hallway part of the ranking-stream topology (issue 13, point 3), a pure builder. Two sub-topologies on
 * user-keyed partitions ({@link Topics#USER_PARTITIONS}) and two global stores:
 * <pre>
 * room-state  --(global)--> {@value #ROOMS_STORE}     (every room that exists, as RoomSnapshot)
 * room-stats  --(global)--> {@value #MOMENTUM_STORE}  (each live room's joins per minute, short window)
 * speaker-quality --(global)--> {@value #QUALITY_STORE} (each speaker's quality, 0 to 1)
 *
 * room-stats of ended rooms --by speaker--> {@link SpeakerQualityProcessor} ({@value #SPEAKER_QUALITY_STORE})
 *                                           --> speaker-quality (key userId)
 *
 * social-graph --FOLLOWS USER edges by followee--------------------+
 * room-events  --joins, leaves, role changes by participant--------+--> {@link FollowerFanoutProcessor}
 *                                                                       ({@value #FOLLOWERS_STORE})
 *                                                                       | nudges by follower (roomVersion|roomId)
 * social-graph --edges by user, and FOLLOWS/BLOCKS by target-------+    v
 * presence-heartbeats, hallway-impressions (key userId) -----------+--> {@link HallwayProcessor}
 *                                                                       ({@value #VIEWERS_STORE}, {@value #FOLLOWED_BY_STORE},
 *                                                                        {@value #ACTIVE_STORE}, {@value #DUE_STORE},
 *                                                                        {@value #AWAITED_STORE}, {@value #CO_LISTENS_STORE},
 *                                                                        {@value #HIDDEN_STORE})
 *                                                                       --> hallway-rankings (key userId)
 * </pre>
 * Repartition topics: {@code <app>-hallway-edges-by-followee-repartition},
 * {@code <app>-hallway-moves-by-user-repartition}, {@code <app>-hallway-edges-by-user-repartition},
 * {@code <app>-hallway-nudges-repartition}, {@code <app>-speaker-rooms-by-user-repartition}. Undecodable, invalid or misplaced social-graph and heartbeat
 * records go to their dead-letter topics, as room-events' ({@link DecodeOrDeadLetter}).
 */
public final class HallwayTopology {
    /** Global: roomId -> RoomSnapshot of every room that exists (an ended room is a tombstone on room-state). */
    public static final String ROOMS_STORE = "hallway-rooms";
    /** Global: roomId -> joins per minute over the short window, for live rooms. */
    public static final String MOMENTUM_STORE = "hallway-momentum";
    /** {@code followee|follower} -> follow start (epoch ms); {@code followee} -> follower count. */
    public static final String FOLLOWERS_STORE = "hallway-followers";
    /** userId -> {@link HallwayViewer}. */
    public static final String VIEWERS_STORE = "hallway-viewers";
    /** {@code viewer|follower} -> follow start (epoch ms): who follows the viewer (SOCIAL rooms). */
    public static final String FOLLOWED_BY_STORE = "hallway-followed-by";
    /** userId -> {@link HallwayActivity} of users seen within the active window. */
    public static final String ACTIVE_STORE = "hallway-active";
    /** userId -> when the user's next ranking is due (wall clock, epoch ms). */
    public static final String DUE_STORE = "hallway-due";
    /**
     * userId -> {@code until|roomVersion|roomId}: the user's due ranking waits, until the wall-clock time
     * {@code until} (epoch ms), for that room's snapshot at that version in {@value #ROOMS_STORE}.
     */
    public static final String AWAITED_STORE = "hallway-awaited";
    /**
     * {@code viewer|followee} -> {@code count|roomId}: rooms the viewer and a followee were in together (count), and
     * the last one counted ({@link HallwayProcessor}).
     */
    public static final String CO_LISTENS_STORE = "hallway-co-listens";
    /**
     * {@code viewer|roomId} -> when the viewer hid the room (epoch ms): social-graph HIDES edges. A mark of a room that
     * no longer exists is deleted at the viewer's next ranking once it is {@link #HIDDEN_KEPT} old.
     */
    public static final String HIDDEN_STORE = "hallway-hidden";
    /**
     * How long a hide mark of a room that does not exist (ended, or not yet in room-state when hidden) is kept: a day,
     * the longest a room lives, so a mark that came before its room's snapshot still hides it.
     */
    public static final Duration HIDDEN_KEPT = Duration.ofDays(1);
    /** Separates the two user ids of a composite store key (user ids never contain it: social-graph keys use it too). */
    static final String SEPARATOR = "|";
    /** Global: the score weights operators set at run time, from ranking-config (key {@value Topics#HALLWAY_WEIGHTS}). */
    public static final String WEIGHTS_STORE = "hallway-weights";
    /** userId -> the user's {@link SpeakerQuality}, as last written to speaker-quality ({@link SpeakerQualityProcessor}). */
    public static final String SPEAKER_QUALITY_STORE = "speaker-quality-by-user";
    /** Global: userId -> speaker quality (0 to 1), from speaker-quality, for the score of any room's speakers. */
    public static final String QUALITY_STORE = "hallway-speaker-quality";
    /** Each user's hallway impressions of the attribution window ({@link AttributionProcessor}). */
    public static final String IMPRESSIONS_STORE = "hallway-impressions-recent";

    private HallwayTopology() {}

    /** What the hallway counts (Micrometer counters in the service; tests count what they check). */
    public interface Counters {
        /** Counts nothing. */
        Counters NONE = new Counters() { };

        /** A move (join, leave, role change) of a user above the follower threshold: nobody nudged. */
        default void celebrityMove() { }

        /** A user's ranking computed, whether it changed (and was written) or not. */
        default void rankingComputed() { }
    }

    /**
     * The hallway's settings (ranking-stream's {@code roomcast.hallway-*}).
     *
     * @param ranker             scoring, limits and cold start
     * @param debounce           a user's ranking is computed at most once per this (default 1 s)
     * @param tick               how often, wall clock, due rankings are computed (default 200 ms; at least 10 ms)
     * @param activeWindow       a user is active (ranked eagerly) while their newest heartbeat is this recent
     *                           (default 60 s; heartbeats come every 15 s)
     * @param refresh            how often every active user is ranked again without a new input (default 30 s):
     *                           the most a celebrity's move or a room's momentum waits
     * @param celebrityFollowers a user with more followers than this nudges nobody when they move (default 10,000)
     * @param nudgeWait          how long a nudged user's ranking waits for the moved room's snapshot to reach the
     *                           global {@value #ROOMS_STORE} store (room-events and room-state are read by different
     *                           threads; default 5 s): past it the user is ranked without it
     * @param attribution        which joins are attributed to which hallway impressions
     * @param quality            which ended rooms count for a speaker's quality, and how
     * @param partitions         partition count of the user-keyed topics for the partition check: 0 = the
     *                           catalog's (the service); TopologyTestDriver tests pass 1
     */
    public record Settings(HallwayRanker.Settings ranker, Duration debounce, Duration tick, Duration activeWindow,
                           Duration refresh, int celebrityFollowers, Duration nudgeWait,
                           ImpressionAttribution.Settings attribution, SpeakerQualityRules.Settings quality,
                           int partitions) {
        public static final Settings DEFAULTS = new Settings(HallwayRanker.Settings.DEFAULTS, Duration.ofSeconds(1),
            Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(30), 10_000, Duration.ofSeconds(5),
            ImpressionAttribution.Settings.DEFAULTS, SpeakerQualityRules.Settings.DEFAULTS, 0);

        /**
         * @throws IllegalArgumentException for a negative debounce or nudge wait, a tick below 10 ms, a window or
         *     refresh not above 0, a negative threshold
         */
        public Settings {
            Objects.requireNonNull(ranker);
            Objects.requireNonNull(attribution);
            Objects.requireNonNull(quality);
            if (debounce.isNegative() || tick.toMillis() < 10 || !activeWindow.isPositive() || !refresh.isPositive()
                    || celebrityFollowers < 0 || nudgeWait.isNegative()) {
                throw new IllegalArgumentException("hallway settings out of range: " + this);
            }
        }

        /** These settings with {@code partitions} instead. */
        public Settings withPartitions(int partitions) {
            return new Settings(ranker, debounce, tick, activeWindow, refresh, celebrityFollowers, nudgeWait, attribution,
                quality, partitions);
        }

        int partitionsOf(Topic<?, ?> topic) {
            return partitions > 0 ? partitions : topic.partitions();
        }
    }

    /**
     * Adds the hallway to {@code builder}.
     *
     * @param facts         room-events, decoded (the stats' source stream: a topic has one source)
     * @param stats         the room statistics written to room-stats (speaker quality is counted from ended rooms')
     * @param counters      what is counted ({@link Counters})
     * @param applicationId the Streams application id, recorded in dead letters
     * @return the rankings (also written to hallway-rankings)
     */
    public static KStream<String, HallwayRanking> build(StreamsBuilder builder, TopicSerdes serdes, Settings settings,
                                                        RefusalObserver observer, String applicationId,
                                                        KStream<String, RoomEvent> facts,
                                                        KStream<String, RoomStats> stats, Counters counters) {
        Serde<String> keys = Serdes.String();
        builder.addGlobalStore(global(ROOMS_STORE, EventSerdes.internal(RoomSnapshot.class)), Topics.ROOM_STATE.name(),
            Consumed.with(keys, Serdes.ByteArray()), () -> new GlobalTableUpdater<>(ROOMS_STORE, Topics.ROOM_STATE,
                serdes.decoder(Topics.ROOM_STATE), Function.identity(), observer));
        builder.addGlobalStore(global(MOMENTUM_STORE, Serdes.Double()), Topics.ROOM_STATS.name(),
            Consumed.with(keys, Serdes.ByteArray()), () -> new GlobalTableUpdater<>(MOMENTUM_STORE, Topics.ROOM_STATS,
                serdes.decoder(Topics.ROOM_STATS), (RoomStats s) -> s.getEndedAt() == null ? s.getJoinsPerMinute1m() : null,
                observer));
        builder.addGlobalStore(global(WEIGHTS_STORE, EventSerdes.internal(RankingWeights.class)),
            Topics.RANKING_CONFIG.name(), Consumed.with(keys, Serdes.ByteArray()), () -> new GlobalTableUpdater<>(
                WEIGHTS_STORE, Topics.RANKING_CONFIG, serdes.decoder(Topics.RANKING_CONFIG), (RankingWeights w) -> {
                    weights(w);
                    return w;
                }, observer));
        builder.addGlobalStore(global(QUALITY_STORE, Serdes.Double()), Topics.SPEAKER_QUALITY.name(),
            Consumed.with(keys, Serdes.ByteArray()), () -> new GlobalTableUpdater<>(QUALITY_STORE, Topics.SPEAKER_QUALITY,
                serdes.decoder(Topics.SPEAKER_QUALITY), SpeakerQuality::getQuality, observer));
        builder.addStateStore(local(FOLLOWERS_STORE, Serdes.Long()));
        builder.addStateStore(local(VIEWERS_STORE, EventSerdes.internal(HallwayViewer.class)));
        builder.addStateStore(local(FOLLOWED_BY_STORE, Serdes.Long()));
        builder.addStateStore(local(ACTIVE_STORE, EventSerdes.internal(HallwayActivity.class)));
        builder.addStateStore(local(DUE_STORE, Serdes.Long()));
        builder.addStateStore(local(AWAITED_STORE, Serdes.String()));
        builder.addStateStore(local(CO_LISTENS_STORE, Serdes.String()));
        builder.addStateStore(local(HIDDEN_STORE, Serdes.Long()));

        int users = Topics.USER_PARTITIONS;
        int graphPartitions = settings.partitionsOf(Topics.SOCIAL_GRAPH);
        KStream<String, SocialEdge> edges = DecodeOrDeadLetter.stream(builder, Topics.SOCIAL_GRAPH, serdes, applicationId,
            observer, (key, edge, partition) ->
                DecodeOrDeadLetter.placement(key, Topics.socialEdgeKey(edge), "edge key", partition, graphPartitions));
        Serde<SocialEdge> edgeSerde = EventSerdes.internal(SocialEdge.class);

        KStream<String, Object> followsByFollowee = edges
            .filter((key, edge) -> edge.getRelation() == SocialRelation.FOLLOWS && edge.getTargetType() == SocialTargetType.USER)
            .selectKey((key, edge) -> edge.getTargetId())
            .repartition(Repartitioned.with(keys, edgeSerde).withName("hallway-edges-by-followee").withNumberOfPartitions(users))
            .mapValues(edge -> (Object) edge);
        KStream<String, Object> moves = facts
            .flatMap((roomId, event) -> mover(event) == null ? List.of() : List.of(KeyValue.pair(mover(event), nudge(event))))
            .repartition(Repartitioned.with(keys, keys).withName("hallway-moves-by-user").withNumberOfPartitions(users))
            .mapValues(roomId -> (Object) roomId);
        KStream<String, Object> nudges = followsByFollowee.merge(moves)
            .process(() -> new FollowerFanoutProcessor(settings.celebrityFollowers(), counters::celebrityMove),
                Named.as("hallway-fanout"), FOLLOWERS_STORE)
            .repartition(Repartitioned.with(keys, keys).withName("hallway-nudges").withNumberOfPartitions(users))
            .mapValues(roomId -> (Object) roomId);

        KStream<String, Object> viewerEdges = edges
            .flatMap((key, edge) -> concerned(edge).stream().map(user -> KeyValue.pair(user, edge)).toList())
            .repartition(Repartitioned.with(keys, edgeSerde).withName("hallway-edges-by-user").withNumberOfPartitions(users))
            .mapValues(edge -> (Object) edge);
        int heartbeatPartitions = settings.partitionsOf(Topics.PRESENCE_HEARTBEATS);
        KStream<String, Object> heartbeats = DecodeOrDeadLetter.stream(builder, Topics.PRESENCE_HEARTBEATS, serdes,
                applicationId, observer, (key, beat, partition) ->
                    PresenceTicks.placement(key, beat, partition, heartbeatPartitions))
            .filterNot((key, beat) -> PresenceTicks.isTick(beat)) // the gateway nodes' ticks are for presence only
            .mapValues(beat -> (Object) beat);
        int impressionPartitions = settings.partitionsOf(Topics.HALLWAY_IMPRESSIONS);
        KStream<String, Object> impressions = DecodeOrDeadLetter.stream(builder, Topics.HALLWAY_IMPRESSIONS, serdes,
                applicationId, observer, (key, impression, partition) ->
                    DecodeOrDeadLetter.placement(key, impression.getUserId(), "userId", partition, impressionPartitions))
            .mapValues(impression -> (Object) impression);
        HallwayRanker ranker = new HallwayRanker(settings.ranker());
        RoomsReads reads = new RoomsReads(); // one per topology: build one topology per KafkaStreams instance
        KStream<String, HallwayRanking> rankings = viewerEdges.merge(heartbeats).merge(nudges).merge(impressions)
            .process(() -> new HallwayProcessor(ranker, settings, counters::rankingComputed, reads), Named.as("hallway"),
                VIEWERS_STORE, FOLLOWED_BY_STORE, ACTIVE_STORE, DUE_STORE, AWAITED_STORE, CO_LISTENS_STORE,
                HIDDEN_STORE);
        rankings.to(Topics.HALLWAY_RANKINGS.name(), Produced.with(keys, serdes.value(Topics.HALLWAY_RANKINGS)));

        builder.addStateStore(local(IMPRESSIONS_STORE, EventSerdes.internal(RecentImpressions.class)));
        KStream<String, Object> joins = facts
            .filter((roomId, event) -> event.getFact() instanceof ParticipantJoined)
            .selectKey((roomId, event) -> ((ParticipantJoined) event.getFact()).getParticipantId())
            .repartition(Repartitioned.with(keys, EventSerdes.internal(RoomEvent.class))
                .withName("hallway-joins-by-user").withNumberOfPartitions(users))
            .mapValues(event -> (Object) event);
        builder.addStateStore(local(SPEAKER_QUALITY_STORE, EventSerdes.internal(SpeakerQuality.class)));
        SpeakerQualityRules quality = new SpeakerQualityRules(settings.quality());
        stats.flatMap((roomId, room) -> quality.spoken(room).stream()
                .map(spoken -> KeyValue.pair(spoken.userId(), spoken.room())).toList())
            .repartition(Repartitioned.with(keys, EventSerdes.internal(SpokenRoom.class))
                .withName("speaker-rooms-by-user").withNumberOfPartitions(users))
            .process(() -> new SpeakerQualityProcessor(quality), Named.as("speaker-quality"), SPEAKER_QUALITY_STORE)
            .to(Topics.SPEAKER_QUALITY.name(), Produced.with(keys, serdes.value(Topics.SPEAKER_QUALITY)));
        impressions.merge(joins)
            .process(() -> new AttributionProcessor(settings.attribution()), Named.as("hallway-attribution"),
                IMPRESSIONS_STORE)
            .to(Topics.HALLWAY_ATTRIBUTIONS.name(), Produced.with(keys, serdes.value(Topics.HALLWAY_ATTRIBUTIONS)));
        return rankings;
    }

    /**
     * The score weights of a ranking-config record.
     *
     * @throws IllegalArgumentException for a negative or non-finite weight, or all 0 (the record is skipped)
     */
    static HallwayScore.Weights weights(RankingWeights set) {
        return new HallwayScore.Weights(set.getSocial(), set.getTopic(), set.getMomentum(), set.getSpeakerQuality());
    }

    /** The participant whose followers a fact concerns: a join, a leave, a role change; else null. */
    static String mover(RoomEvent event) {
        return switch (event.getFact()) {
            case ParticipantJoined joined -> joined.getParticipantId();
            case ParticipantLeft left -> left.getParticipantId();
            case RoleChanged changed -> changed.getParticipantId();
            default -> null;
        };
    }

    /**
     * A move's nudge, {@code roomVersion|roomId}: the room's snapshot version that shows the move (room-state-stream
     * writes the facts of a command with the version of the snapshot it writes with them; 0 when the fact has none).
     */
    static String nudge(RoomEvent event) {
        long version = event.getRoomVersion() == null ? 0 : event.getRoomVersion();
        return version + SEPARATOR + event.getRoomId();
    }

    /** The roomId of a {@link #nudge}. */
    static String nudgedRoom(String nudge) {
        return nudge.substring(nudge.indexOf(SEPARATOR) + 1);
    }

    /** The room version of a {@link #nudge}. */
    static long nudgedVersion(String nudge) {
        return Long.parseLong(nudge.substring(0, nudge.indexOf(SEPARATOR)));
    }

    /** The users whose hallway facts an edge changes: its user, and the target user of a FOLLOWS or BLOCKS. */
    private static List<String> concerned(SocialEdge edge) {
        List<String> users = new ArrayList<>(List.of(edge.getUserId()));
        boolean toUser = edge.getTargetType() == SocialTargetType.USER
            && (edge.getRelation() == SocialRelation.FOLLOWS || edge.getRelation() == SocialRelation.BLOCKS);
        if (toUser && !edge.getTargetId().equals(edge.getUserId())) {
            users.add(edge.getTargetId());
        }
        return users;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> local(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> global(String name, Serde<V> values) {
        return local(name, values).withLoggingDisabled();
    }
}
