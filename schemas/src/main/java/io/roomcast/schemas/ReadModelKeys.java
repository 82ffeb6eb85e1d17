package io.roomcast.schemas;

import java.util.List;
import java.util.Objects;

/**
 * The Redis read model's key names and hash fields (ARCHITECTURE.md, "Join" flow): written by
 * room-state-stream, read by the gateway; the one place they are spelled.
 *
 * <p>Every key of one room carries the Redis Cluster hash tag {@code {roomId}}, so all of them
 * hash to the same slot (Redis Cluster specification, "Hash tags") and one Lua script may touch
 * them all. A presence key carries the tag {@code {userId}}, so it usually lives in another slot
 * and is written separately.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@code room:{roomId}}</td><td>hash</td><td>room fields: the constants below</td></tr>
 *   <tr><td>{@code room:{roomId}:speakers}</td><td>sorted set</td><td>SPEAKER user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:moderators}</td><td>sorted set</td><td>MODERATOR user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:listeners}</td><td>sorted set</td><td>LISTENER and INVITED_SPEAKER user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:hand_raised}</td><td>sorted set</td><td>user ids of raised hands</td></tr>
 *   <tr><td>{@code room:{roomId}:departed}</td><td>set</td><td>internal: users who left and whose presence
 *       key is still to be cleared (empty, hence absent, once a write completed)</td></tr>
 *   <tr><td>{@code presence:{userId}}</td><td>hash</td><td>roomId, role, joinedAt</td></tr>
 *   <tr><td>{@code room-stats:{roomId}}</td><td>hash</td><td>the room's statistics, written by ranking-stream
 *       from room-stats: {@link #VERSION} (RoomStats.version) and {@link #STATS}; kept after the room ended,
 *       with a TTL</td></tr>
 *   <tr><td>{@code hallway:{userId}}</td><td>hash</td><td>the user's hallway, written by ranking-stream from
 *       hallway-rankings: {@link #VERSION} (HallwayRanking.version) and {@link #RANKING}; with a TTL</td></tr>
 *   <tr><td>{@value #LIVE_PUBLIC_ROOMS}</td><td>sorted set</td><td>ids of the rooms that are PUBLIC and LIVE,
 *       score: when the room went live ({@link #STARTED_AT}, epoch ms; {@link #CREATED_AT} if unknown)</td></tr>
 * </table>
 *
 * <p>The media plane's keys (docs/media-protocol.md, "Edges and cascading"): media edges write their
 * registration, the gateway reads it and writes which edges serve a room.
 *
 * <table>
 *   <caption>Media keys</caption>
 *   <tr><th>key</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@value #MEDIA_EDGES}</td><td>set</td><td>ids of the edges that registered (an id whose
 *       registration expired is stale: readers check the edge's key and remove it)</td></tr>
 *   <tr><td>{@code media:edge:{edgeId}}</td><td>hash</td><td>one edge's registration, fields
 *       {@link #EDGE_ADDRESS}, {@link #EDGE_CAPACITY}, {@link #EDGE_LOAD}, {@link #EDGE_HEARTBEAT_AT}; the edge
 *       rewrites it every heartbeat with a TTL, so a dead edge's key expires</td></tr>
 *   <tr><td>{@code media:room:{roomId}:origin}</td><td>string</td><td>the id of the room's origin edge (where
 *       its speakers publish); written by the gateway, and by the edges serving the room when it is missing (a
 *       Redis restart lost it)</td></tr>
 *   <tr><td>{@code media:room:{roomId}:relays}</td><td>set</td><td>ids of the room's relay edges (each receives
 *       the speakers' packets from the origin and serves its own listeners); written by the gateway, and by each
 *       relay of the current origin at every heartbeat</td></tr>
 *   <tr><td>{@code media:watch:{nodeId}}</td><td>string</td><td>kept by each gateway node's fail-over check, so
 *       that it notices Redis lost its data (the key is gone) and does not take the registrations lost with it for
 *       lapsed edges ({@link #mediaWatch(String)})</td></tr>
 * </table>
 *
 * <p>The live-public index is written by the same script as the room's keys, so a room is in it
 * exactly while its hash says PUBLIC and LIVE. It is one key for all rooms, in its own Cluster slot:
 * on Redis Cluster its update has to become a separate (idempotent) write; standalone Redis, what
 * runs today, updates both atomically.
 */
public final class ReadModelKeys {
    /** Sorted set of the rooms that are PUBLIC and LIVE (member: room id; score: went live, epoch ms). */
    public static final String LIVE_PUBLIC_ROOMS = "rooms:live:public";
    /**
     * Prefix of the per-category live-public indices ({@link #livePublicRoomsOf(String)}), written by the
     * same script as {@link #LIVE_PUBLIC_ROOMS}.
     */
    public static final String LIVE_PUBLIC_BY_CATEGORY = "rooms:live:public:category:";
    /**
     * Sorted set of live rooms with momentum (member: room id; score: joins per minute over the last 5
     * minutes, times 1,000, rounded: an integer), written by ranking-stream's room-stats projector; a room
     * leaves it when its momentum drops to 0 or it ends. Not filtered by visibility: readers keep the rooms
     * whose hash is PUBLIC and LIVE.
     */
    public static final String TRENDING_ROOMS = "rooms:trending";

    /** Room hash field: title. */
    public static final String TITLE = "title";
    /** Room hash field: topic slug (optional). */
    public static final String TOPIC = "topic";
    /** Room hash field: the topic's category ({@link RoomTopics#category}; optional, with the topic). */
    public static final String CATEGORY = "category";
    /** Room hash field: language, a BCP 47 tag in canonical case, e.g. {@code pt-BR} (optional). */
    public static final String LANGUAGE = "language";
    /** Room hash field: visibility (enum name). */
    public static final String VISIBILITY = "visibility";
    /** Room hash field: club id (optional). */
    public static final String CLUB_ID = "clubId";
    /** Room hash field: lifecycle (enum name). */
    public static final String LIFECYCLE = "lifecycle";
    /** Room hash field: creator's user id. */
    public static final String CREATED_BY = "createdBy";
    /** Room hash field: creation time, epoch ms. */
    public static final String CREATED_AT = "createdAt";
    /** Room hash field: announced start, epoch ms (optional). */
    public static final String STARTS_AT = "startsAt";
    /** Room hash field: when it went live, epoch ms (optional). */
    public static final String STARTED_AT = "startedAt";
    /** Room hash field: last applied command, epoch ms. */
    public static final String LAST_ACTIVITY_AT = "lastActivityAt";
    /** Room hash field: snapshot version (count of changes). */
    public static final String VERSION = "version";
    /** Room hash field: participants, all roles (count). */
    public static final String PARTICIPANTS = "participants";
    /** Room hash field: SPEAKER plus MODERATOR (count). */
    public static final String SPEAKERS = "speakers";
    /** Room hash field: LISTENER plus INVITED_SPEAKER (count). */
    public static final String LISTENERS = "listeners";
    /** Room hash field: raised hands (count). */
    public static final String HANDS_RAISED = "handsRaised";
    /** Room hash field: the whole snapshot as text ({@link RoomSnapshotText}), consistent with {@link #VERSION}. */
    public static final String SNAPSHOT = "snapshot";
    /**
     * Room stats hash field: the whole RoomStats record as text ({@link RecordText}), consistent with
     * {@link #VERSION} (of the stats, not of the room).
     */
    public static final String STATS = "stats";
    /**
     * Hallway hash field: the whole HallwayRanking record as text ({@link RecordText}), consistent with
     * {@link #VERSION} (of the ranking).
     */
    public static final String RANKING = "ranking";
    /** Presence hash field: the room the user is in. */
    public static final String PRESENCE_ROOM_ID = "roomId";
    /** Presence hash field: the user's role there (enum name). */
    public static final String PRESENCE_ROLE = "role";
    /** Presence hash field: when the user joined, epoch ms. */
    public static final String PRESENCE_JOINED_AT = "joinedAt";

    /** Set of the ids of the media edges that registered (some may have expired since). */
    public static final String MEDIA_EDGES = "media:edges";
    /** Edge registration field: the public UDP address clients and edges send to, {@code host:port} (IPv6 in brackets). */
    public static final String EDGE_ADDRESS = "address";
    /** Edge registration field: listeners the edge takes at most (count). */
    public static final String EDGE_CAPACITY = "capacity";
    /** Edge registration field: participants bound now (count); the gateway adds one per token it assigns there. */
    public static final String EDGE_LOAD = "load";
    /**
     * Edge registration field: the edge's public HTTP base URL for WebRTC signalling (WHIP at
     * {@code <url>/whip}, WHEP at {@code <url>/whep}), e.g. {@code http://127.0.0.1:8070}.
     */
    public static final String EDGE_SIGNALLING = "signalling";
    /** Edge registration field: the heartbeat that wrote it, epoch ms. */
    public static final String EDGE_HEARTBEAT_AT = "heartbeatAt";
    /** Value in {@link #mediaRetired}: the edge was the room's origin. */
    public static final String RETIRED_ORIGIN = "origin";
    /** Value in {@link #mediaRetired}: the edge was a relay of the room. */
    public static final String RETIRED_RELAY = "relay";

    private ReadModelKeys() {
    }

    /**
     * @param category a topic category ({@link RoomTopics#category}), not empty
     * @return {@code rooms:live:public:category:{category}}: the live public rooms of that category, scored
     *     as {@link #LIVE_PUBLIC_ROOMS}
     * @throws IllegalArgumentException if category is empty
     */
    public static String livePublicRoomsOf(String category) {
        return LIVE_PUBLIC_BY_CATEGORY + requireId(category, "category");
    }

    /**
     * @param edgeId a media edge's id, not empty
     * @return {@code media:edge:{edgeId}}, the edge's registration hash
     * @throws IllegalArgumentException if edgeId is empty
     * @throws NullPointerException     if edgeId is null
     */
    public static String mediaEdge(String edgeId) {
        return "media:edge:{" + requireId(edgeId, "edgeId") + "}";
    }

    /** @return {@code media:room:{roomId}:origin}; errors as {@link #room(String)} */
    public static String mediaOrigin(String roomId) {
        return "media:room:{" + requireId(roomId, "roomId") + "}:origin";
    }

    /**
     * A gateway node's fail-over watch marker: set when missing by each check of the node's edge fail-over watch;
     * found missing, it says Redis lost its data (a restart, a flush) since the node's last check.
     *
     * @param nodeId the gateway node's id ({@code roomcast.gateway.node-id}), not empty
     * @return {@code media:watch:{nodeId}}
     * @throws IllegalArgumentException if nodeId is empty
     * @throws NullPointerException     if nodeId is null
     */
    public static String mediaWatch(String nodeId) {
        return "media:watch:{" + requireId(nodeId, "nodeId") + "}";
    }

    /** @return {@code media:room:{roomId}:relays}; errors as {@link #room(String)} */
    public static String mediaRelays(String roomId) {
        return "media:room:{" + requireId(roomId, "roomId") + "}:relays";
    }

    /**
     * The room's <em>retired</em> edges: a hash of edge id to {@value #RETIRED_ORIGIN} or {@value #RETIRED_RELAY},
     * the dead origin and relays a placement replaced, kept a short while so that a gateway node that checks after
     * another node's clients already moved the room still finds the room on the lapsed edge (issue 19).
     *
     * @return {@code media:room:{roomId}:retired}; errors as {@link #room(String)}
     */
    public static String mediaRetired(String roomId) {
        return "media:room:{" + requireId(roomId, "roomId") + "}:retired";
    }

    /**
     * @param roomId the room, not empty (an empty hash tag would hash each key on its own)
     * @return {@code room:{roomId}}, the room hash
     * @throws IllegalArgumentException if roomId is empty
     * @throws NullPointerException     if roomId is null
     */
    public static String room(String roomId) {
        return "room:{" + requireId(roomId, "roomId") + "}";
    }

    /**
     * {@code readmodel:projected:<groupId>:<partition>}: a string a read model projector sets once it projects a
     * topic partition into Redis (no TTL). Redis keeps nothing on disk here, so after a restart the mark is gone and
     * the projector reads that partition again from its start (TopicProjector, "marks").
     *
     * @param groupId the projector's consumer group, e.g. {@code room-state-stream-redis}
     */
    public static String projected(String groupId, int partition) {
        return "readmodel:projected:" + requireId(groupId, "groupId") + ":" + partition;
    }

    /**
     * A key of its own (not {@code room:{roomId}:...}): written by another service than the room's keys,
     * and kept after the room's keys are gone.
     *
     * @return {@code room-stats:{roomId}}, the room's statistics hash; errors as {@link #room(String)}
     */
    public static String roomStats(String roomId) {
        return "room-stats:{" + requireId(roomId, "roomId") + "}";
    }

    /**
     * @param userId the user, not empty
     * @return {@code hallway:{userId}}, the user's hallway hash
     * @throws IllegalArgumentException if userId is empty
     * @throws NullPointerException     if userId is null
     */
    public static String hallway(String userId) {
        return "hallway:{" + requireId(userId, "userId") + "}";
    }

    /** @return {@code room:{roomId}:speakers}; errors as {@link #room(String)} */
    public static String speakers(String roomId) {
        return room(roomId) + ":speakers";
    }

    /** @return {@code room:{roomId}:moderators}; errors as {@link #room(String)} */
    public static String moderators(String roomId) {
        return room(roomId) + ":moderators";
    }

    /** @return {@code room:{roomId}:listeners}; errors as {@link #room(String)} */
    public static String listeners(String roomId) {
        return room(roomId) + ":listeners";
    }

    /** @return {@code room:{roomId}:hand_raised}; errors as {@link #room(String)} */
    public static String handRaised(String roomId) {
        return room(roomId) + ":hand_raised";
    }

    /**
     * The internal outbox of users who left the room and whose presence key is still to be
     * cleared; it lets a retried write finish a cleanup that failed half-way.
     *
     * @return {@code room:{roomId}:departed}; errors as {@link #room(String)}
     */
    public static String departed(String roomId) {
        return room(roomId) + ":departed";
    }

    /**
     * All keys of one room, in the order the read model's scripts expect them: hash, speakers,
     * moderators, listeners, hand_raised, departed.
     *
     * @return six key names, all in the slot of {@code {roomId}}; errors as {@link #room(String)}
     */
    public static List<String> allOfRoom(String roomId) {
        return List.of(room(roomId), speakers(roomId), moderators(roomId), listeners(roomId), handRaised(roomId),
                departed(roomId));
    }

    /**
     * @param userId the user, not empty
     * @return {@code presence:{userId}}, the user's presence hash
     * @throws IllegalArgumentException if userId is empty
     * @throws NullPointerException     if userId is null
     */
    public static String presence(String userId) {
        return "presence:{" + requireId(userId, "userId") + "}";
    }

    /** Rooms kept in a user's history (the most recently joined; count). */
    public static final int HISTORY_LIMIT = 100;
    /** How long a user's history lives after its last write (30 days, ms). */
    public static final long HISTORY_TTL_MS = 30L * 24 * 3_600_000;
    /** History field suffix: the room's title when the user was last in it. */
    public static final String HISTORY_TITLE = "title";
    /** History field suffix: the room's topic slug (absent without one). */
    public static final String HISTORY_TOPIC = "topic";
    /** History field suffix: the user's last role in the room (Role enum name). */
    public static final String HISTORY_ROLE = "role";
    /** History field suffix: when the read model saw the user leave, epoch ms (absent while in the room). */
    public static final String HISTORY_LEFT_AT = "leftAt";

    /**
     * @param userId the user, not empty
     * @return {@code history:{userId}}: the rooms the user was in, a sorted set (member: room id; score: when
     *     the user last joined it, epoch ms), at most {@link #HISTORY_LIMIT} (the oldest leave first), TTL
     *     {@link #HISTORY_TTL_MS}; written by room-state-stream with presence
     * @throws IllegalArgumentException if userId is empty
     */
    public static String history(String userId) {
        return "history:{" + requireId(userId, "userId") + "}";
    }

    /**
     * @return {@code history:{userId}:rooms}: a hash of the fields of each room in {@link #history}, named by
     *     {@link #historyField}; same slot as {@link #history}
     * @throws IllegalArgumentException if userId is empty
     */
    public static String historyRooms(String userId) {
        return history(userId) + ":rooms";
    }

    /** @return the {@link #historyRooms} field {@code <roomId>|<suffix>}, e.g. {@code r-1|title} */
    public static String historyField(String roomId, String suffix) {
        return roomId + "|" + suffix;
    }

    private static String requireId(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return id;
    }
}
