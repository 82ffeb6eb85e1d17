package io.roomcast.devstack.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * The chaos run's reference model of one room: who is in it, with which role, muted or not, hand raised or not,
 * and the room's version, folded from its facts in room order (docs/protocol.md, "Event types"). It is written
 * from the protocol's documentation, not from room-state-stream's code, so that a fault that makes the state
 * machine, its snapshots or a read model disagree with the facts shows as a mismatch.
 *
 * <p>Rules (docs/protocol.md): a participant joins unmuted with its role, without a raised hand; leaving removes
 * it; a role change to a role that does not speak ({@code listener}, {@code invited_speaker}) also unmutes it
 * (no fact says so: a listener is never muted); {@code hand_raised} / {@code hand_lowered} toggle its hand;
 * {@code room_ended} empties the room. Facts without a version (e.g. {@code speaking_changed}) do not change it.
 * Not thread-safe.
 */
public final class RoomFold {
    /** One participant as the model holds it. */
    public record Member(String role, boolean muted, boolean hand) {}

    private final Map<String, Member> members = new TreeMap<>();
    private long version;
    private boolean ended;

    /**
     * Applies one fact.
     *
     * @param type        the fact's {@code t} in lower snake case, e.g. {@code participant_joined}
     * @param participant its {@code participant_id}, or null for room facts
     * @param role        the new role for {@code participant_joined} (its {@code role}) and {@code role_changed}
     *                    (its {@code to}), lower case; else ignored
     * @param version     the room version after this fact, or 0 when the fact carries none
     */
    public void apply(String type, String participant, String role, long version) {
        if (version > 0) {
            this.version = version;
        }
        switch (type) {
            case "participant_joined" -> members.put(participant, new Member(role, false, false));
            case "participant_left" -> members.remove(participant);
            case "role_changed" -> members.computeIfPresent(participant, (id, m) ->
                new Member(role, speaks(role) && m.muted(), m.hand()));
            case "participant_muted" -> members.computeIfPresent(participant, (id, m) -> new Member(m.role(), true, m.hand()));
            case "participant_unmuted" -> members.computeIfPresent(participant, (id, m) -> new Member(m.role(), false, m.hand()));
            case "hand_raised" -> members.computeIfPresent(participant, (id, m) -> new Member(m.role(), m.muted(), true));
            case "hand_lowered" -> members.computeIfPresent(participant, (id, m) -> new Member(m.role(), m.muted(), false));
            case "room_ended" -> {
                members.clear();
                ended = true;
            }
            default -> { } // room_created, speaker_invited, room_updated, speaking_changed, ...: no member change
        }
    }

    /** @return whether the role speaks ({@code speaker}, {@code moderator}) */
    public static boolean speaks(String role) {
        return "speaker".equals(role) || "moderator".equals(role);
    }

    /** @return the members by user id, sorted */
    public Map<String, Member> members() {
        return members;
    }

    /** @return the user ids with this role, sorted */
    public SortedSet<String> withRole(String role) {
        TreeSet<String> ids = new TreeSet<>();
        members.forEach((id, m) -> {
            if (m.role().equals(role)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** @return the user ids with a raised hand, sorted */
    public SortedSet<String> hands() {
        TreeSet<String> ids = new TreeSet<>();
        members.forEach((id, m) -> {
            if (m.hand()) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** @return the version of the last fact that carried one, 0 before any */
    public long version() {
        return version;
    }

    public boolean ended() {
        return ended;
    }

    /** @return an independent copy */
    RoomFold copy() {
        RoomFold copy = new RoomFold();
        copy.members.putAll(members);
        copy.version = version;
        copy.ended = ended;
        return copy;
    }

    /** Starts over from a snapshot's version (the client's view after a SNAPSHOT): members are set by the caller. */
    void reset(long snapshotVersion) {
        members.clear();
        version = snapshotVersion;
        ended = false;
    }

    /** Puts a member as a SNAPSHOT lists it. */
    void put(String user, Member member) {
        members.put(user, member);
    }
}
