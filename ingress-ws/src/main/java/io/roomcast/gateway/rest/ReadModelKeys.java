package io.roomcast.gateway.rest;

import java.util.List;

/**
 * Key names and hash fields of the Redis read model written by room-state-stream (README.md, "Redis
 * read model"; the writer's {@code io.roomcast.roomstate.readmodel.RoomKeys} and
 * {@code RoomReadModelWriter}). Repeated here because ingress-ws does not depend on room-state-stream;
 * {@code RestApiIT} seeds Redis with these names, so a drift shows up there.
 */
public final class ReadModelKeys {
    /** Glob for SCAN that matches room hashes only ({@code room:{id}}; the sorted sets end in {@code :name}). */
    public static final String ROOM_HASH_PATTERN = "room:{*}";

    public static final String TITLE = "title";
    public static final String TOPIC = "topic";
    public static final String VISIBILITY = "visibility";
    public static final String CLUB_ID = "clubId";
    public static final String LIFECYCLE = "lifecycle";
    public static final String CREATED_BY = "createdBy";
    public static final String CREATED_AT = "createdAt";
    public static final String STARTS_AT = "startsAt";
    public static final String STARTED_AT = "startedAt";
    public static final String LAST_ACTIVITY_AT = "lastActivityAt";
    public static final String VERSION = "version";
    public static final String PARTICIPANTS = "participants";
    public static final String SPEAKERS = "speakers";
    public static final String LISTENERS = "listeners";
    public static final String HANDS_RAISED = "handsRaised";

    /** Presence hash field: the room the user is in. */
    public static final String PRESENCE_ROOM_ID = "roomId";
    /** Presence hash field: the user's role there (enum name). */
    public static final String PRESENCE_ROLE = "role";

    private ReadModelKeys() {
    }

    /** @return {@code room:{roomId}} */
    public static String room(String roomId) {
        return "room:{" + roomId + "}";
    }

    /**
     * @return the room hash and its four sorted sets in this order: hash, speakers, moderators,
     *     listeners, hand_raised
     */
    public static List<String> roomKeys(String roomId) {
        String room = room(roomId);
        return List.of(room, room + ":speakers", room + ":moderators", room + ":listeners", room + ":hand_raised");
    }

    /** @return {@code presence:{userId}} */
    public static String presence(String userId) {
        return "presence:{" + userId + "}";
    }

    /**
     * @param key a key matched by {@link #ROOM_HASH_PATTERN}
     * @return the room id inside the hash tag, or null if the key is not a room hash key
     */
    public static String roomIdOf(String key) {
        if (key.length() > 7 && key.startsWith("room:{") && key.endsWith("}")) {
            return key.substring(6, key.length() - 1);
        }
        return null;
    }
}
