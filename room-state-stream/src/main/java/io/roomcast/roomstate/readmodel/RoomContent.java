package io.roomcast.roomstate.readmodel;

import io.roomcast.events.Role;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The full desired read-model content of one room at one snapshot version, computed by
 * {@link RoomReadModelWriter}: writing it is a plain replace of the room's keys.
 *
 * @param roomId     the room
 * @param version    the snapshot's version (count, strictly increasing per room)
 * @param hash       fields of {@code room:{roomId}} in a stable order (values as strings; times in epoch ms)
 * @param speakers   members of {@code room:{roomId}:speakers}
 * @param moderators members of {@code room:{roomId}:moderators}
 * @param listeners  members of {@code room:{roomId}:listeners}
 * @param handRaised members of {@code room:{roomId}:hand_raised}, oldest first
 * @param presence   one entry per participant, for {@code presence:{userId}}
 * @param livePublicSinceMs the room's score in {@code rooms:live:public} (when it went live, epoch ms) if it
 *                   is PUBLIC and LIVE; null if it must not be in that index
 */
public record RoomContent(String roomId, long version, Map<String, String> hash, List<Member> speakers,
                          List<Member> moderators, List<Member> listeners, List<Member> handRaised,
                          List<Presence> presence, Long livePublicSinceMs) {

    /** Copies every collection into an unmodifiable one (hash keeps its iteration order). */
    public RoomContent {
        Objects.requireNonNull(roomId, "roomId");
        hash = Collections.unmodifiableMap(new LinkedHashMap<>(hash));
        speakers = List.copyOf(speakers);
        moderators = List.copyOf(moderators);
        listeners = List.copyOf(listeners);
        handRaised = List.copyOf(handRaised);
        presence = List.copyOf(presence);
    }

    /**
     * One sorted-set member.
     *
     * @param userId  the member
     * @param scoreMs its score, an epoch time in ms
     */
    public record Member(String userId, long scoreMs) {
        /** @throws NullPointerException if userId is null */
        public Member {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /**
     * The presence of one participant: the fields of {@code presence:{userId}}.
     *
     * @param userId     the user
     * @param role       their role in the room
     * @param joinedAtMs when they joined the room, epoch ms
     */
    public record Presence(String userId, Role role, long joinedAtMs) {
        /** @throws NullPointerException if userId or role is null */
        public Presence {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
        }
    }
}
