package io.roomcast.search;

import io.roomcast.events.Participant;
import io.roomcast.events.Role;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.RoomStats;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rooms index's documents, from the room-state snapshots, the room-stats records and the end of rooms
 * (RoomEnded on room-events, or room-state's tombstone). Pure and single-threaded: the indexer feeds the
 * records of its partitions in order and writes what comes back.
 *
 * <ul>
 *   <li><b>PRIVATE rooms are never indexed</b>: their snapshots give a delete (a room never changes
 *       visibility, so this only matters for a room some other writer put there) and their stats are dropped.</li>
 *   <li><b>SOCIAL and CLUB rooms</b> carry their audience: {@code club_id}; the host and the invited users
 *       ({@link SearchFields#AUDIENCE}); whom the host follows is checked at query time.</li>
 *   <li><b>Versions</b>: a room's document joins two logs, so its external version is
 *       {@code snapshotVersion << 32 | statsVersion} ({@link #versionOf}); both grow, so the pair never moves back.
 *       The end of a room is final: its document becomes {@code {room_id, lifecycle: ENDED, ended_at}} at
 *       {@link #ENDED_VERSION}, above any other, so no late snapshot brings the room back to the live results.</li>
 * </ul>
 * Held in memory: the latest snapshot and stats of every room not ended (a few hundred bytes each).
 */
public final class RoomDocuments {

    /** External version of an ended room's document: 2^62, above every {@link #versionOf} value. */
    public static final long ENDED_VERSION = 1L << 62;
    /** Largest snapshot version {@link #versionOf} takes (2^30 - 1). */
    public static final long MAX_SNAPSHOT_VERSION = (1L << 30) - 1;

    private final Map<String, RoomSnapshot> snapshots = new HashMap<>();
    private final Map<String, RoomStats> stats = new HashMap<>();

    /**
     * @param snapshot the latest room-state record of a room
     * @return the write: the room's document, a delete for a PRIVATE room, or the ended document; empty for a
     *     snapshot older than one already seen
     */
    public Optional<IndexWrite> onSnapshot(RoomSnapshot snapshot) {
        String roomId = snapshot.getRoomId();
        if (snapshot.getLifecycle() == RoomLifecycle.ENDED) {
            return Optional.of(onEnded(roomId, snapshot.getOccurredAt().toEpochMilli()));
        }
        RoomSnapshot known = snapshots.get(roomId);
        if (known != null && known.getVersion() >= snapshot.getVersion()) {
            return Optional.empty();
        }
        if (snapshot.getDetails().getVisibility() == Visibility.PRIVATE) {
            snapshots.remove(roomId);
            stats.remove(roomId);
            return Optional.of(new IndexWrite(SearchIndex.ROOMS, roomId, versionOf(snapshot.getVersion(), 0), null,
                    snapshot.getOccurredAt().toEpochMilli()));
        }
        snapshots.put(roomId, snapshot);
        return Optional.of(write(snapshot, snapshot.getOccurredAt().toEpochMilli()));
    }

    /**
     * @param record the latest room-stats record of a room
     * @return the room's document with the new listener count, or empty while its snapshot is unknown, for a
     *     PRIVATE room, for stale stats and for the stats of an ended room
     */
    public Optional<IndexWrite> onStats(RoomStats record) {
        String roomId = record.getRoomId();
        if (record.getVisibility() == Visibility.PRIVATE || record.getEndedAt() != null) {
            stats.remove(roomId);
            return Optional.empty();
        }
        RoomStats known = stats.get(roomId);
        if (known != null && known.getVersion() >= record.getVersion()) {
            return Optional.empty();
        }
        stats.put(roomId, record);
        RoomSnapshot snapshot = snapshots.get(roomId);
        return snapshot == null ? Optional.empty() : Optional.of(write(snapshot, record.getOccurredAt().toEpochMilli()));
    }

    /**
     * @param roomId the room that ended (RoomEnded fact, room-state tombstone, ENDED snapshot)
     * @param atMs   when, epoch ms
     * @return the ended document at {@link #ENDED_VERSION}
     */
    public IndexWrite onEnded(String roomId, long atMs) {
        snapshots.remove(roomId);
        stats.remove(roomId);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(SearchFields.ROOM_ID, roomId);
        doc.put(SearchFields.LIFECYCLE, RoomLifecycle.ENDED.name());
        doc.put(SearchFields.ENDED_AT, atMs);
        doc.put(SearchFields.FACT_AT, atMs);
        return new IndexWrite(SearchIndex.ROOMS, roomId, ENDED_VERSION, doc, atMs);
    }

    /** @return rooms held (not ended, not private, snapshot known) */
    public int liveRooms() {
        return snapshots.size();
    }

    /**
     * The external version of a room document.
     *
     * @param snapshotVersion the room-state version, 1 to {@link #MAX_SNAPSHOT_VERSION}
     * @param statsVersion    the room-stats version, 0 (none yet) to 2^32 - 1 (larger ones are capped)
     * @return {@code snapshotVersion << 32 | statsVersion}
     * @throws IllegalArgumentException if snapshotVersion is out of range
     */
    public static long versionOf(long snapshotVersion, long statsVersion) {
        if (snapshotVersion < 1 || snapshotVersion > MAX_SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("room version out of range: " + snapshotVersion);
        }
        return snapshotVersion << 32 | Math.min(Math.max(statsVersion, 0), 0xFFFF_FFFFL);
    }

    private IndexWrite write(RoomSnapshot snapshot, long factAtMs) {
        RoomStats roomStats = stats.get(snapshot.getRoomId());
        long version = versionOf(snapshot.getVersion(), roomStats == null ? 0 : roomStats.getVersion());
        return new IndexWrite(SearchIndex.ROOMS, snapshot.getRoomId(), version, document(snapshot, roomStats), factAtMs);
    }

    /** The document of a room that is not PRIVATE and not ended. */
    static Map<String, Object> document(RoomSnapshot snapshot, RoomStats roomStats) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(SearchFields.ROOM_ID, snapshot.getRoomId());
        doc.put(SearchFields.TITLE, snapshot.getDetails().getTitle());
        String topic = snapshot.getDetails().getTopic();
        if (topic != null) {
            doc.put(SearchFields.TOPIC, topic);
            doc.put(SearchFields.TOPIC_TEXT, topic.replace('.', ' ').replace('-', ' ').replace('_', ' '));
            doc.put(SearchFields.CATEGORY, io.roomcast.schemas.RoomTopics.category(topic));
        }
        if (snapshot.getDetails().getLanguage() != null) {
            doc.put(SearchFields.LANGUAGE, snapshot.getDetails().getLanguage());
        }
        Visibility visibility = snapshot.getDetails().getVisibility();
        doc.put(SearchFields.VISIBILITY, visibility.name());
        if (snapshot.getDetails().getClubId() != null) {
            doc.put(SearchFields.CLUB_ID, snapshot.getDetails().getClubId());
        }
        doc.put(SearchFields.LIFECYCLE, snapshot.getLifecycle().name());
        doc.put(SearchFields.CREATED_BY, snapshot.getCreatedBy());
        if (visibility == Visibility.SOCIAL) {
            List<String> audience = new ArrayList<>(snapshot.getInvitedUserIds());
            audience.add(snapshot.getCreatedBy());
            doc.put(SearchFields.AUDIENCE, audience);
        }
        doc.put(SearchFields.SPEAKERS, snapshot.getParticipants().stream()
                .filter(p -> p.getRole() == Role.SPEAKER || p.getRole() == Role.MODERATOR)
                .map(Participant::getUserId).toList());
        doc.put(SearchFields.LISTENERS, roomStats == null
                ? (int) snapshot.getParticipants().stream().filter(p -> p.getRole() == Role.LISTENER).count()
                : roomStats.getListeners());
        putTime(doc, SearchFields.STARTS_AT, snapshot.getStartsAt());
        putTime(doc, SearchFields.STARTED_AT, snapshot.getStartedAt());
        doc.put(SearchFields.FACT_AT, snapshot.getOccurredAt().toEpochMilli());
        return doc;
    }

    private static void putTime(Map<String, Object> doc, String field, Instant at) {
        if (at != null) {
            doc.put(field, at.toEpochMilli());
        }
    }
}
