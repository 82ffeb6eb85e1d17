package io.roomcast.gateway.rest;

import io.roomcast.events.RoomSnapshot;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RoomSnapshotText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read-model content to REST bodies, and who may see a room (pure: no I/O).
 *
 * <p>Visibility rule: a PUBLIC room is visible to every authenticated user; a PRIVATE, CLUB or SOCIAL
 * room only to its participants (any of the three role sets), its creator, the users invited to it
 * and the users whose join request waits (from the snapshot in the read model), and answered 404 to
 * everyone else, so its existence does not leak (S3). Listings show LIVE PUBLIC rooms only.
 */
public final class RoomViews {

    private RoomViews() {
    }

    /** A room's hash and its four sorted sets as (member, score) pairs in rank order. */
    public record RoomContent(String roomId, Map<String, String> hash, List<Map.Entry<String, Long>> speakers,
                              List<Map.Entry<String, Long>> moderators, List<Map.Entry<String, Long>> listeners,
                              List<Map.Entry<String, Long>> handRaised) {
        /** @return whether userId is a participant (moderator, speaker, listener or invited speaker) */
        public boolean hasParticipant(String userId) {
            return contains(moderators, userId) || contains(speakers, userId) || contains(listeners, userId);
        }

        private static boolean contains(List<Map.Entry<String, Long>> set, String userId) {
            for (Map.Entry<String, Long> e : set) {
                if (e.getKey().equals(userId)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param hash a room hash
     * @return whether the room belongs in {@code GET /rooms}: visibility PUBLIC and lifecycle LIVE
     */
    public static boolean isListed(Map<String, String> hash) {
        return "PUBLIC".equals(hash.get(ReadModelKeys.VISIBILITY)) && "LIVE".equals(hash.get(ReadModelKeys.LIFECYCLE));
    }

    /**
     * @param content the room
     * @param userId  the caller
     * @return whether the caller may see the room (rule in the class comment)
     */
    public static boolean visibleTo(RoomContent content, String userId) {
        return "PUBLIC".equals(content.hash().get(ReadModelKeys.VISIBILITY))
                || userId.equals(content.hash().get(ReadModelKeys.CREATED_BY))
                || content.hasParticipant(userId)
                || invitedOrAsking(content.hash().get(ReadModelKeys.SNAPSHOT), userId);
    }

    /** Whether the snapshot text lists the user as invited or asking to join; false without a snapshot. */
    private static boolean invitedOrAsking(String snapshotText, String userId) {
        if (snapshotText == null) {
            return false;
        }
        RoomSnapshot snapshot = RoomSnapshotText.decode(snapshotText);
        return snapshot.getInvitedUserIds().contains(userId)
                || snapshot.getJoinRequests().stream().anyMatch(r -> r.getUserId().equals(userId));
    }

    /** @return the listing entry of a room hash */
    public static RestBodies.RoomSummary summary(String roomId, Map<String, String> hash) {
        return new RestBodies.RoomSummary(roomId, hash.getOrDefault(ReadModelKeys.TITLE, ""),
                hash.get(ReadModelKeys.TOPIC), hash.get(ReadModelKeys.CLUB_ID), hash.get(ReadModelKeys.LANGUAGE),
                count(hash, ReadModelKeys.PARTICIPANTS), count(hash, ReadModelKeys.SPEAKERS),
                count(hash, ReadModelKeys.LISTENERS), time(hash, ReadModelKeys.STARTED_AT));
    }

    /** @return the snapshot body of a room */
    public static RestBodies.RoomView view(RoomContent content) {
        Map<String, String> h = content.hash();
        return new RestBodies.RoomView(content.roomId(), h.getOrDefault(ReadModelKeys.TITLE, ""),
                h.get(ReadModelKeys.TOPIC), lower(h.get(ReadModelKeys.VISIBILITY)), h.get(ReadModelKeys.CLUB_ID),
                h.get(ReadModelKeys.LANGUAGE),
                lower(h.get(ReadModelKeys.LIFECYCLE)), h.get(ReadModelKeys.CREATED_BY),
                time(h, ReadModelKeys.CREATED_AT), time(h, ReadModelKeys.STARTS_AT), time(h, ReadModelKeys.STARTED_AT),
                time(h, ReadModelKeys.LAST_ACTIVITY_AT), count(h, ReadModelKeys.VERSION),
                new RestBodies.Counts(count(h, ReadModelKeys.PARTICIPANTS), count(h, ReadModelKeys.SPEAKERS),
                        count(h, ReadModelKeys.LISTENERS), count(h, ReadModelKeys.HANDS_RAISED)),
                members(content.moderators()), members(content.speakers()), members(content.listeners()),
                members(content.handRaised()));
    }

    /** @return an enum name in lower snake case ({@code INVITED_SPEAKER} → {@code invited_speaker}), or null */
    public static String lower(String enumName) {
        return enumName == null ? null : enumName.toLowerCase(Locale.ROOT);
    }

    private static List<RestBodies.Member> members(List<Map.Entry<String, Long>> set) {
        List<RestBodies.Member> out = new ArrayList<>(set.size());
        set.forEach(e -> out.add(new RestBodies.Member(e.getKey(), e.getValue())));
        return out;
    }

    private static long count(Map<String, String> hash, String field) {
        Long v = time(hash, field);
        return v == null ? 0 : v;
    }

    private static Long time(Map<String, String> hash, String field) {
        String v = hash.get(field);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
