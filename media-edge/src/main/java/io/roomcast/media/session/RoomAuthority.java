package io.roomcast.media.session;

/**
 * What room facts (room-events, room-state snapshots) tell the edge, as plain calls. Implemented by
 * {@link Sessions}; called by the room-events feed on its own thread. Every call takes effect for
 * the next packet a forwarding thread handles.
 */
public interface RoomAuthority {
    /** The user is a speaker or moderator (RoleChanged to one, joined as one, or found so in a snapshot). */
    void speakerAdded(String room, String user);

    /** The user no longer speaks (RoleChanged to LISTENER or INVITED_SPEAKER). */
    void speakerRemoved(String room, String user);

    /** The speaker was muted (ParticipantMuted). */
    void muted(String room, String user);

    /** The speaker unmuted (ParticipantUnmuted). */
    void unmuted(String room, String user);

    /** The user left, was kicked or banned: not forwarded, and its bindings in the room end. */
    void participantLeft(String room, String user);

    /**
     * The user left, was kicked or banned at {@code atEpochMs} (the fact's occurredAt): its media tokens
     * of the room issued until then are refused from now on ({@link Revocations}). Called before
     * {@link #participantLeft}, and alone for facts replayed at start or already in the room's snapshot.
     *
     * @param nowEpochMs when the edge applies it, epoch ms
     */
    void tokensRevoked(String room, String user, long atEpochMs, long nowEpochMs);

    /** The room ended: nothing of it is forwarded, and all its bindings end. */
    void roomEnded(String room);
}
