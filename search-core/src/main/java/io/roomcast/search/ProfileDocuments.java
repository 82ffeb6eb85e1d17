package io.roomcast.search;

import io.roomcast.events.Club;
import io.roomcast.events.UserProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users and clubs indices' documents, from the user-profiles and clubs records (compacted, keyed by id,
 * each carrying its row's version: the external version, so a replay never moves a document back). A
 * tombstone (account or club removed) deletes the document at {@link RoomDocuments#ENDED_VERSION}.
 */
public final class ProfileDocuments {
    private ProfileDocuments() {}

    /** @return the user's document at the profile's version */
    public static IndexWrite user(UserProfile profile) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(SearchFields.USER_ID, profile.getUserId());
        doc.put(SearchFields.USERNAME, profile.getUsername());
        doc.put(SearchFields.DISPLAY_NAME, profile.getDisplayName());
        if (profile.getBio() != null) {
            doc.put(SearchFields.BIO, profile.getBio());
        }
        if (profile.getAvatarUrl() != null) {
            doc.put(SearchFields.AVATAR_URL, profile.getAvatarUrl());
        }
        doc.put(SearchFields.FOLLOWERS, profile.getFollowerCount());
        long at = profile.getOccurredAt().toEpochMilli();
        doc.put(SearchFields.FACT_AT, at);
        return new IndexWrite(SearchIndex.USERS, profile.getUserId(), profile.getVersion(), doc, at);
    }

    /** @return the club's document at the club's version */
    public static IndexWrite club(Club club) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(SearchFields.CLUB_ID, club.getClubId());
        doc.put(SearchFields.NAME, club.getName());
        if (club.getDescription() != null) {
            doc.put(SearchFields.DESCRIPTION, club.getDescription());
        }
        doc.put(SearchFields.TOPICS, club.getTopics());
        doc.put(SearchFields.TOPICS_TEXT, String.join(" ", club.getTopics()).replace('.', ' '));
        doc.put(SearchFields.PRIVATE, club.getPrivate$());
        doc.put(SearchFields.MEMBERS, club.getMemberCount());
        long at = club.getOccurredAt().toEpochMilli();
        doc.put(SearchFields.FACT_AT, at);
        return new IndexWrite(SearchIndex.CLUBS, club.getClubId(), club.getVersion(), doc, at);
    }

    /**
     * @param index  USERS or CLUBS
     * @param id     the removed user or club
     * @param atMs   the tombstone's timestamp, epoch ms
     * @return a final delete
     */
    public static IndexWrite removed(SearchIndex index, String id, long atMs) {
        return new IndexWrite(index, id, RoomDocuments.ENDED_VERSION, null, atMs);
    }
}
