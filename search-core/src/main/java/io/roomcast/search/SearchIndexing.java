package io.roomcast.search;

import io.roomcast.events.Club;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.UserProfile;
import io.roomcast.schemas.Topic;
import io.roomcast.schemas.Topics;
import java.util.List;
import java.util.Optional;

/**
 * What the records of the topics search reads do to the indices (pure; the indexer feeds them in each
 * partition's order, the rebuild too):
 *
 * <table>
 *   <caption>Records and writes</caption>
 *   <tr><th>topic</th><th>record</th><th>write</th></tr>
 *   <tr><td>room-state</td><td>snapshot / tombstone</td><td>room document ({@link RoomDocuments}) / ended</td></tr>
 *   <tr><td>room-stats</td><td>stats</td><td>room document with the listener count</td></tr>
 *   <tr><td>room-events</td><td>RoomEnded</td><td>ended (other facts: nothing; the snapshot carries them)</td></tr>
 *   <tr><td>user-profiles</td><td>profile / tombstone</td><td>user document / delete</td></tr>
 *   <tr><td>clubs</td><td>club / tombstone</td><td>club document / delete</td></tr>
 * </table>
 */
public final class SearchIndexing {
    private final RoomDocuments rooms = new RoomDocuments();

    /** The topics an index is built from (a rebuild reads them from offset 0). */
    public static List<Topic<String, ?>> topicsOf(SearchIndex index) {
        return switch (index) {
            case ROOMS -> List.of(Topics.ROOM_STATE, Topics.ROOM_STATS);
            case USERS -> List.of(Topics.USER_PROFILES);
            case CLUBS -> List.of(Topics.CLUBS);
        };
    }

    /**
     * The topics whose records write into an index: {@link #topicsOf}, and room-events for rooms (its RoomEnded). The
     * indexer holds these back while the index is rebuilt.
     */
    public static List<Topic<String, ?>> topicsWritingTo(SearchIndex index) {
        return index == SearchIndex.ROOMS ? List.of(Topics.ROOM_STATE, Topics.ROOM_STATS, Topics.ROOM_EVENTS) : topicsOf(index);
    }

    /** Every topic the indexer reads: {@link #topicsOf} of all indices, and room-events (the end of rooms). */
    public static List<Topic<String, ?>> allTopics() {
        return List.of(Topics.ROOM_STATE, Topics.ROOM_STATS, Topics.ROOM_EVENTS, Topics.USER_PROFILES, Topics.CLUBS);
    }

    /**
     * @param topic       the record's topic
     * @param key         its key (room, user or club id)
     * @param value       its decoded value, or null for a tombstone
     * @param timestampMs its timestamp, epoch ms (a tombstone's time)
     * @return the writes it causes, possibly none
     * @throws IllegalArgumentException for a topic search does not read
     */
    public Optional<IndexWrite> apply(String topic, String key, Object value, long timestampMs) {
        if (topic.equals(Topics.ROOM_STATE.name())) {
            return value == null ? Optional.of(rooms.onEnded(key, timestampMs)) : rooms.onSnapshot((RoomSnapshot) value);
        }
        if (topic.equals(Topics.ROOM_STATS.name())) {
            return value == null ? Optional.empty() : rooms.onStats((RoomStats) value);
        }
        if (topic.equals(Topics.ROOM_EVENTS.name())) {
            return value instanceof RoomEvent event && event.getFact() instanceof RoomEnded
                    ? Optional.of(rooms.onEnded(event.getRoomId(), event.getOccurredAt().toEpochMilli()))
                    : Optional.empty();
        }
        if (topic.equals(Topics.USER_PROFILES.name())) {
            return Optional.of(value == null ? ProfileDocuments.removed(SearchIndex.USERS, key, timestampMs)
                    : ProfileDocuments.user((UserProfile) value));
        }
        if (topic.equals(Topics.CLUBS.name())) {
            return Optional.of(value == null ? ProfileDocuments.removed(SearchIndex.CLUBS, key, timestampMs)
                    : ProfileDocuments.club((Club) value));
        }
        throw new IllegalArgumentException("search does not read topic " + topic);
    }

    /** @return rooms held in memory (live or scheduled, not private) */
    public int liveRooms() {
        return rooms.liveRooms();
    }
}
