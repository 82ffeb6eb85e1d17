package io.roomcast.schemas;

import static io.roomcast.schemas.Service.ANALYTICS;
import static io.roomcast.schemas.Service.INGRESS_WS;
import static io.roomcast.schemas.Service.MEDIA_EDGE;
import static io.roomcast.schemas.Service.NOTIFICATION_WORKER;
import static io.roomcast.schemas.Service.OPERATORS;
import static io.roomcast.schemas.Service.PUSH_GATEWAY;
import static io.roomcast.schemas.Service.RANKING_STREAM;
import static io.roomcast.schemas.Service.ROOM_STATE_STREAM;
import static io.roomcast.schemas.Service.SEARCH_INDEXER;

import io.roomcast.events.Club;
import io.roomcast.events.DeadLetter;
import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.Notification;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.RankingWeights;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.UserProfile;
import io.roomcast.schemas.Topic.CleanupPolicy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The topic catalog: every Kafka topic of Roomcast with its key, value schema, partitions, cleanup
 * policy and retention (ARCHITECTURE.md, "Topics"). The one place these are written.
 *
 * <p>Topics keyed by roomId are co-partitioned (same partition count), so a room's commands, facts
 * and snapshots are handled by one Streams task. Every consumed topic has a dead-letter topic
 * ({@link #deadLetterOf}) that gets records a consumer could not process, with the reason.
 */
public final class Topics {
    private Topics() {}

    /** Partitions of the room-keyed topics; equal so that they are co-partitioned. */
    public static final int ROOM_PARTITIONS = 12;

    /** Partitions of the user-keyed topics. */
    public static final int USER_PARTITIONS = 6;

    public static final Topic<String, RoomCommand> ROOM_COMMANDS = new Topic<>(
            "room-commands", String.class, "roomId", RoomCommand::getRoomId, RoomCommand.class, ROOM_PARTITIONS,
            CleanupPolicy.DELETE, Duration.ofDays(7),
            "ingress-ws; room-state-stream (presence expiry)", "room-state-stream",
            List.of(INGRESS_WS, ROOM_STATE_STREAM), List.of(ROOM_STATE_STREAM));

    public static final Topic<String, RoomEvent> ROOM_EVENTS = new Topic<>(
            "room-events", String.class, "roomId", RoomEvent::getRoomId, RoomEvent.class, ROOM_PARTITIONS,
            CleanupPolicy.DELETE, Duration.ofDays(7),
            "room-state-stream; media-edge (SpeakingChanged)",
            "ingress-ws, media-edge, ranking-stream, notification-worker, search-indexer, analytics",
            List.of(ROOM_STATE_STREAM, MEDIA_EDGE),
            List.of(INGRESS_WS, RANKING_STREAM, NOTIFICATION_WORKER, SEARCH_INDEXER, MEDIA_EDGE, ANALYTICS));

    public static final Topic<String, RoomSnapshot> ROOM_STATE = new Topic<>(
            "room-state", String.class, "roomId", RoomSnapshot::getRoomId, RoomSnapshot.class, ROOM_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "room-state-stream", "room-state-stream (Redis read model), media-edge, ranking-stream (hallway), search-indexer, read-model rebuilds",
            // room-state-stream projects it to Redis; media-edge starts from the latest snapshots.
            List.of(ROOM_STATE_STREAM), List.of(ROOM_STATE_STREAM, RANKING_STREAM, SEARCH_INDEXER, MEDIA_EDGE));

    public static final Topic<String, PresenceHeartbeat> PRESENCE_HEARTBEATS = new Topic<>(
            "presence-heartbeats", String.class, "userId (null: a node's tick)", PresenceHeartbeat::getUserId, PresenceHeartbeat.class, USER_PARTITIONS,
            CleanupPolicy.DELETE, Duration.ofHours(6),
            "ingress-ws", "room-state-stream, ranking-stream (active users)",
            List.of(INGRESS_WS), List.of(ROOM_STATE_STREAM, RANKING_STREAM));

    public static final Topic<String, SocialEdge> SOCIAL_GRAPH = new Topic<>(
            "social-graph", String.class, "userId|relation|targetType:targetId", Topics::socialEdgeKey, SocialEdge.class, USER_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ingress-ws (the user/club API, social-api)", "room-state-stream, ranking-stream, notification-worker; planned: search-indexer",
            List.of(INGRESS_WS), List.of(ROOM_STATE_STREAM, RANKING_STREAM, NOTIFICATION_WORKER, SEARCH_INDEXER));

    public static final Topic<String, UserProfile> USER_PROFILES = new Topic<>(
            "user-profiles", String.class, "userId", UserProfile::getUserId, UserProfile.class, USER_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ingress-ws (the user/club API, social-api)", "search-indexer; planned: ranking-stream, notification-worker",
            List.of(INGRESS_WS), List.of(RANKING_STREAM, NOTIFICATION_WORKER, SEARCH_INDEXER));

    public static final Topic<String, Club> CLUBS = new Topic<>(
            "clubs", String.class, "clubId", Club::getClubId, Club.class, USER_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ingress-ws (the user/club API, social-api)", "search-indexer; planned: ranking-stream, notification-worker",
            List.of(INGRESS_WS), List.of(RANKING_STREAM, NOTIFICATION_WORKER, SEARCH_INDEXER));

    public static final Topic<String, HallwayRanking> HALLWAY_RANKINGS = new Topic<>(
            "hallway-rankings", String.class, "userId", HallwayRanking::getUserId, HallwayRanking.class, USER_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ranking-stream", "ranking-stream (Redis read model of ingress-ws GET /hallway), ingress-ws (hallway_updated)",
            List.of(RANKING_STREAM), List.of(RANKING_STREAM, INGRESS_WS));

    public static final Topic<String, Notification> NOTIFICATIONS = new Topic<>(
            "notifications", String.class, "userId", Notification::getUserId, Notification.class, USER_PARTITIONS,
            CleanupPolicy.DELETE, Duration.ofDays(7),
            "notification-worker", "planned: ingress-ws (push to the connected user), the inbox projector",
            List.of(NOTIFICATION_WORKER), List.of(INGRESS_WS, NOTIFICATION_WORKER));

    /** Each user's notification preferences, the newest kept per user (mutes, frequency, quiet hours, time zone). */
    public static final Topic<String, NotificationSettings> NOTIFICATION_SETTINGS = new Topic<>(
            "notification-settings", String.class, "userId", NotificationSettings::getUserId, NotificationSettings.class,
            USER_PARTITIONS, CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ingress-ws (PUT /users/me/notification-settings)", "notification-worker",
            List.of(INGRESS_WS), List.of(NOTIFICATION_WORKER));

    /**
     * Each room's statistics (live counts, peak, joins, momentum, stays, speak time, hand raises, hourly
     * breakdown), the newest per room kept. ranking-stream writes it and projects it to Redis for the
     * gateway's {@code GET /rooms/{id}/stats}; analytics teams read it with their own tools.
     */
    public static final Topic<String, RoomStats> ROOM_STATS = new Topic<>(
            "room-stats", String.class, "roomId", RoomStats::getRoomId, RoomStats.class, ROOM_PARTITIONS,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ranking-stream", "ranking-stream (Redis read model of ingress-ws GET /rooms/{id}/stats), search-indexer, analytics",
            List.of(RANKING_STREAM), List.of(RANKING_STREAM, SEARCH_INDEXER, ANALYTICS));

    /**
     * Every page of a hallway listing served (GET /hallway, GET /rooms/friends): the rooms shown, their
     * positions, score terms and scores, for click-through analysis and model training. Append-only, kept 30 days.
     */
    public static final Topic<String, HallwayImpression> HALLWAY_IMPRESSIONS = new Topic<>(
            "hallway-impressions", String.class, "userId", HallwayImpression::getUserId, HallwayImpression.class,
            USER_PARTITIONS, CleanupPolicy.DELETE, Duration.ofDays(30),
            "ingress-ws (GET /hallway, GET /rooms/friends)", "ranking-stream (attribution), analytics",
            List.of(INGRESS_WS), List.of(RANKING_STREAM, ANALYTICS));

    /**
     * Joins attributed to a hallway impression (the newest, within the window, that showed the room): with
     * hallway-impressions, click-through by position. Append-only, kept 30 days.
     */
    public static final Topic<String, HallwayAttribution> HALLWAY_ATTRIBUTIONS = new Topic<>(
            "hallway-attributions", String.class, "userId", HallwayAttribution::getUserId, HallwayAttribution.class,
            USER_PARTITIONS, CleanupPolicy.DELETE, Duration.ofDays(30),
            "ranking-stream", "analytics",
            List.of(RANKING_STREAM), List.of(ANALYTICS));

    /** The name (key) of the hallway score's weights on {@link #RANKING_CONFIG}. */
    public static final String HALLWAY_WEIGHTS = "hallway";

    /**
     * Ranking settings changed at run time by operators (today the hallway score's weights, key
     * {@value #HALLWAY_WEIGHTS}); ranking-stream applies the newest without a restart.
     */
    public static final Topic<String, RankingWeights> RANKING_CONFIG = new Topic<>(
            "ranking-config", String.class, "name", RankingWeights::getName, RankingWeights.class, 1,
            CleanupPolicy.COMPACT, Duration.ofDays(1),
            "operators (./roomcast hallway-weights)", "ranking-stream",
            List.of(OPERATORS), List.of(RANKING_STREAM));

    /**
     * Each speaker's quality for the hallway: how well the ended rooms they spoke in held listeners (mean stay),
     * from room-stats. Compacted, key userId: the newest record of a user is their quality.
     */
    public static final Topic<String, SpeakerQuality> SPEAKER_QUALITY = new Topic<>(
            "speaker-quality", String.class, "userId", SpeakerQuality::getUserId, SpeakerQuality.class,
            USER_PARTITIONS, CleanupPolicy.COMPACT, Duration.ofDays(1),
            "ranking-stream", "ranking-stream (hallway speaker-quality term), analytics",
            List.of(RANKING_STREAM), List.of(RANKING_STREAM, ANALYTICS));

    /**
     * What a mobile push gateway (APNs, FCM) sends to each recipient's devices: one {@link PushDelivery} per
     * notification that alerts, written with it in one exactly-once transaction (docs/push.md). Key userId, as
     * notifications; kept 1 day (each record expires within minutes: its expiresAt).
     */
    public static final Topic<String, PushDelivery> PUSH_DELIVERIES = new Topic<>(
            "push-deliveries", String.class, "userId", PushDelivery::getUserId, PushDelivery.class, USER_PARTITIONS,
            CleanupPolicy.DELETE, Duration.ofDays(1),
            "notification-worker", "the push gateway (APNs/FCM, outside Roomcast), analytics",
            List.of(NOTIFICATION_WORKER), List.of(PUSH_GATEWAY, ANALYTICS));

    /** The topics that carry Roomcast's events, in the order of ARCHITECTURE.md. */
    public static final List<Topic<String, ?>> EVENT_TOPICS = List.of(
            ROOM_COMMANDS, ROOM_EVENTS, ROOM_STATE, PRESENCE_HEARTBEATS, SOCIAL_GRAPH, USER_PROFILES, CLUBS, HALLWAY_RANKINGS,
            NOTIFICATIONS, ROOM_STATS, NOTIFICATION_SETTINGS, HALLWAY_IMPRESSIONS,
            HALLWAY_ATTRIBUTIONS, RANKING_CONFIG, SPEAKER_QUALITY, PUSH_DELIVERIES);

    /** How long dead letters are kept for someone to look at and replay. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    /**
     * The dead-letter topic of a consumed topic: {@code <name>-dlq}, key = the failed record's key
     * bytes, value = {@link DeadLetter} (the failed bytes and the reason), one partition.
     */
    public static Topic<byte[], DeadLetter> deadLetterOf(Topic<?, ?> source) {
        return new Topic<>(
                source.name() + "-dlq", byte[].class, "the failed record's key bytes", Topics::sourceKey, DeadLetter.class, 1,
                CleanupPolicy.DELETE, DEAD_LETTER_RETENTION,
                "consumers of " + source.name(), "operators (inspect, replay)",
                source.readers().stream().filter(s -> s != ANALYTICS).toList(), List.of(OPERATORS));
    }

    /**
     * Key of a social-graph edge: {@code <userId>|<relation>|<targetType>:<targetId>}, e.g.
     * {@code u1|MEMBER|CLUB:jazz}; following a club and being its member are two edges.
     */
    public static String socialEdgeKey(SocialEdge edge) {
        return socialEdgeKey(edge.getUserId(), edge.getRelation(), edge.getTargetType(), edge.getTargetId());
    }

    /** The key of the edge {@code userId -relation-> targetType:targetId}, as {@link #socialEdgeKey(SocialEdge)}. */
    public static String socialEdgeKey(String userId, SocialRelation relation, SocialTargetType targetType,
                                       String targetId) {
        return userId + "|" + relation + "|" + targetType + ":" + targetId;
    }

    private static byte[] sourceKey(DeadLetter letter) {
        if (letter.getKey() == null) {
            return null;
        }
        ByteBuffer key = letter.getKey().duplicate();
        byte[] bytes = new byte[key.remaining()];
        key.get(bytes);
        return bytes;
    }

    /** Every topic to create: the event topics, then one dead-letter topic for each. */
    public static List<Topic<?, ?>> all() {
        return Stream.concat(EVENT_TOPICS.stream(), EVENT_TOPICS.stream().map(Topics::deadLetterOf))
                .<Topic<?, ?>>map(t -> t)
                .toList();
    }
}
