package io.roomcast.roomstate.readmodel;

import java.util.List;
import java.util.Objects;

/**
 * Key names of the Redis read model (ARCHITECTURE.md, "Join" flow).
 *
 * <p>Every key of one room carries the Redis Cluster hash tag {@code {roomId}}, so all of them
 * hash to the same slot (Redis Cluster specification, "Hash tags") and one Lua script may touch
 * them all. A presence key carries the tag {@code {userId}}, so it usually lives in another slot
 * and is written separately.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@code room:{roomId}}</td><td>hash</td><td>room fields, see {@link RoomReadModelWriter}</td></tr>
 *   <tr><td>{@code room:{roomId}:speakers}</td><td>sorted set</td><td>SPEAKER user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:moderators}</td><td>sorted set</td><td>MODERATOR user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:listeners}</td><td>sorted set</td><td>LISTENER and INVITED_SPEAKER user ids</td></tr>
 *   <tr><td>{@code room:{roomId}:hand_raised}</td><td>sorted set</td><td>user ids of raised hands</td></tr>
 *   <tr><td>{@code room:{roomId}:departed}</td><td>set</td><td>internal: users who left and whose presence
 *       key is still to be cleared (empty, hence absent, once a write completed)</td></tr>
 *   <tr><td>{@code presence:{userId}}</td><td>hash</td><td>roomId, role, joinedAt</td></tr>
 * </table>
 */
public final class RoomKeys {

    private RoomKeys() {
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

    private static String requireId(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return id;
    }
}
