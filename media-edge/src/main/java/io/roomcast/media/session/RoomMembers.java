package io.roomcast.media.session;

import io.roomcast.media.forwarding.LoudestSpeakers;
import java.util.Arrays;

/**
 * The participants of one room bound to this edge, as a copy-on-write array the forwarding threads
 * iterate without locking or allocating (every member gets every forwarded packet except its own),
 * and the room's N-loudest selection ({@link LoudestSpeakers}), shared by the forwarding threads under
 * this object's lock (speakers of one room may arrive on different sockets).
 *
 * @param <A> the transport's address type
 */
public final class RoomMembers<A> {
    private static final Participant<?>[] NONE = new Participant<?>[0];

    private final String room;
    private final LoudestSpeakers loudest;
    @SuppressWarnings("unchecked")
    private volatile Participant<A>[] members = (Participant<A>[]) NONE;

    RoomMembers(String room, LoudestSpeakers loudest) {
        this.room = room;
        this.loudest = loudest;
    }

    /** Room id. */
    public String room() {
        return room;
    }

    /** The current members, a snapshot never changed in place: read-only for callers. */
    public Participant<A>[] members() {
        return members;
    }

    /**
     * Accounts one packet of a permitted speaker (see {@link LoudestSpeakers#admit}).
     *
     * @param audioLevel raw RFC 6464 byte, or {@code AudioLevel.ABSENT}
     * @return true when the speaker is among the room's N loudest after this packet
     */
    public synchronized boolean admitLoudest(int ssrc, int audioLevel, long nowNanos) {
        return loudest.admit(ssrc, audioLevel, nowNanos);
    }

    synchronized void forgetLoudest(int ssrc) {
        loudest.remove(ssrc);
    }

    /** Adds a member (called under the {@link Sessions} lock). */
    void add(Participant<A> participant) {
        Participant<A>[] copy = Arrays.copyOf(members, members.length + 1);
        copy[members.length] = participant;
        members = copy;
    }

    /** Removes a member if present (called under the {@link Sessions} lock). */
    @SuppressWarnings("unchecked")
    void remove(Participant<A> participant) {
        Participant<A>[] now = members;
        int at = Arrays.asList(now).indexOf(participant);
        if (at < 0) {
            return;
        }
        Participant<A>[] copy = (Participant<A>[]) new Participant<?>[now.length - 1];
        System.arraycopy(now, 0, copy, 0, at);
        System.arraycopy(now, at + 1, copy, at, now.length - at - 1);
        members = copy;
        forgetLoudest(participant.ssrc());
    }

    boolean isEmpty() {
        return members.length == 0;
    }
}
