package io.roomcast.roomstate.readmodel;

import static io.roomcast.schemas.ReadModelKeys.*;

import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.events.HandRequest;
import io.roomcast.events.Participant;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Computes the read-model content of a room from its snapshot (pure: no Redis, no I/O).
 *
 * <p>The room hash {@code room:{roomId}} gets these fields (times as epoch ms, enums by name,
 * counts as decimal integers); a null optional field is left out:
 * {@value ReadModelKeys#TITLE}, {@value ReadModelKeys#TOPIC} (optional), {@value ReadModelKeys#CATEGORY} (optional, with the topic), {@value ReadModelKeys#VISIBILITY}, {@value ReadModelKeys#CLUB_ID} (optional),
 * {@value ReadModelKeys#LANGUAGE} (optional),
 * {@value ReadModelKeys#LIFECYCLE}, {@value ReadModelKeys#CREATED_BY}, {@value ReadModelKeys#CREATED_AT}, {@value ReadModelKeys#STARTS_AT} (optional),
 * {@value ReadModelKeys#STARTED_AT} (optional), {@value ReadModelKeys#LAST_ACTIVITY_AT}, {@value ReadModelKeys#VERSION},
 * {@value ReadModelKeys#PARTICIPANTS} (count, all roles), {@value ReadModelKeys#SPEAKERS} (count, SPEAKER plus MODERATOR),
 * {@value ReadModelKeys#LISTENERS} (count, LISTENER plus INVITED_SPEAKER), {@value ReadModelKeys#HANDS_RAISED} (count),
 * {@value ReadModelKeys#SNAPSHOT} (the whole snapshot, {@link io.roomcast.schemas.RoomSnapshotText}: what a
 * gateway sends a joining client, consistent with {@value ReadModelKeys#VERSION}).
 *
 * <p>Sorted sets (member = userId, score = epoch ms): speakers (SPEAKER) and moderators
 * (MODERATOR) scored by {@code speakerSince}, or {@code joinedAt} when that is null; listeners
 * (LISTENER and INVITED_SPEAKER) scored by {@code joinedAt}; hand_raised scored by
 * {@code requestedAt}. Presence: one entry per participant (role, {@code joinedAt}).
 *
 * <p>The live-public index {@value ReadModelKeys#LIVE_PUBLIC_ROOMS}: a room is in it while it is
 * PUBLIC and LIVE (never PRIVATE or CLUB, never SCHEDULED or ENDED), scored by when it went live
 * ({@code startedAt}, or {@code createdAt} if that is missing): the hallway's "live now" listing,
 * newest first, in an order that does not move while a client pages through it.
 */
public final class RoomReadModelWriter {



    private RoomReadModelWriter() {
    }

    /**
     * The full content of a room's keys for one snapshot.
     *
     * @param snapshot a room snapshot (not a tombstone)
     * @return the room hash, the four sorted sets and the participants' presence
     * @throws NullPointerException     if snapshot is null
     * @throws IllegalArgumentException if a user is listed twice in participants or in the hand queue
     */
    public static RoomContent contentOf(RoomSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot (a tombstone has no content)");
        List<RoomContent.Member> speakers = new ArrayList<>();
        List<RoomContent.Member> moderators = new ArrayList<>();
        List<RoomContent.Member> listeners = new ArrayList<>();
        List<RoomContent.Presence> presence = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Participant p : snapshot.getParticipants()) {
            if (!seen.add(p.getUserId())) {
                throw new IllegalArgumentException("room " + snapshot.getRoomId() + " version "
                        + snapshot.getVersion() + ": participant " + p.getUserId() + " listed twice");
            }
            long joinedAt = p.getJoinedAt().toEpochMilli();
            long speakerScore = p.getSpeakerSince() == null ? joinedAt : p.getSpeakerSince().toEpochMilli();
            switch (p.getRole()) {
                case SPEAKER -> speakers.add(new RoomContent.Member(p.getUserId(), speakerScore));
                case MODERATOR -> moderators.add(new RoomContent.Member(p.getUserId(), speakerScore));
                case LISTENER, INVITED_SPEAKER -> listeners.add(new RoomContent.Member(p.getUserId(), joinedAt));
            }
            presence.add(new RoomContent.Presence(p.getUserId(), p.getRole(), joinedAt));
        }
        List<RoomContent.Member> hands = new ArrayList<>();
        Set<String> raised = new HashSet<>();
        for (HandRequest h : snapshot.getHandQueue()) {
            if (!raised.add(h.getUserId())) {
                throw new IllegalArgumentException("room " + snapshot.getRoomId() + " version "
                        + snapshot.getVersion() + ": hand of " + h.getUserId() + " queued twice");
            }
            hands.add(new RoomContent.Member(h.getUserId(), h.getRequestedAt().toEpochMilli()));
        }

        RoomDetails details = snapshot.getDetails();
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(TITLE, details.getTitle());
        putIfPresent(hash, TOPIC, details.getTopic());
        putIfPresent(hash, CATEGORY, io.roomcast.schemas.RoomTopics.category(details.getTopic()));
        hash.put(VISIBILITY, details.getVisibility().name());
        putIfPresent(hash, CLUB_ID, details.getClubId());
        putIfPresent(hash, LANGUAGE, details.getLanguage());
        hash.put(LIFECYCLE, snapshot.getLifecycle().name());
        hash.put(CREATED_BY, snapshot.getCreatedBy());
        hash.put(CREATED_AT, epochMs(snapshot.getCreatedAt()));
        putIfPresent(hash, STARTS_AT, epochMs(snapshot.getStartsAt()));
        putIfPresent(hash, STARTED_AT, epochMs(snapshot.getStartedAt()));
        hash.put(LAST_ACTIVITY_AT, epochMs(snapshot.getLastActivityAt()));
        hash.put(VERSION, Long.toString(snapshot.getVersion()));
        hash.put(PARTICIPANTS, Integer.toString(snapshot.getParticipants().size()));
        hash.put(SPEAKERS, Integer.toString(speakers.size() + moderators.size()));
        hash.put(LISTENERS, Integer.toString(listeners.size()));
        hash.put(HANDS_RAISED, Integer.toString(hands.size()));
        hash.put(SNAPSHOT, io.roomcast.schemas.RoomSnapshotText.encode(snapshot));

        return new RoomContent(snapshot.getRoomId(), snapshot.getVersion(), hash, speakers, moderators, listeners,
                hands, presence, livePublicSince(snapshot));
    }

    /** @return when a PUBLIC, LIVE room went live (startedAt, else createdAt), epoch ms; null for any other room */
    static Long livePublicSince(RoomSnapshot snapshot) {
        if (snapshot.getDetails().getVisibility() != Visibility.PUBLIC || snapshot.getLifecycle() != RoomLifecycle.LIVE) {
            return null;
        }
        Instant since = snapshot.getStartedAt() != null ? snapshot.getStartedAt() : snapshot.getCreatedAt();
        return since.toEpochMilli();
    }

    private static void putIfPresent(Map<String, String> hash, String field, String value) {
        if (value != null) {
            hash.put(field, value);
        }
    }

    private static String epochMs(Instant time) {
        return time == null ? null : Long.toString(time.toEpochMilli());
    }
}
