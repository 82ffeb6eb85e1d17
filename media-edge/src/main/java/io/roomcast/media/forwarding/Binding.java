package io.roomcast.media.forwarding;

/**
 * One participant's media stream bound to this edge: the SSRC it sends with, its room and user (from
 * its media token), and whether its packets may be forwarded now. The flag is written by
 * {@link ForwardingTable} when room facts arrive and read by the forwarding threads on every packet
 * (a volatile read, no lock), so a demote, mute or kick takes effect from the next packet on.
 */
public final class Binding {
    private final int ssrc;
    private final String room;
    private final String user;
    private final int contributor;
    private volatile boolean forwarded;

    Binding(int ssrc, String room, String user) {
        this.ssrc = ssrc;
        this.room = room;
        this.user = user;
        this.contributor = ContributingSource.of(user);
    }

    /** The SSRC, raw 32 bits. */
    public int ssrc() {
        return ssrc;
    }

    /** Room id. */
    public String room() {
        return room;
    }

    /** User id. */
    public String user() {
        return user;
    }

    /** The user's contributing-source id ({@link ContributingSource#of}), the CSRC of its copies to WebRTC listeners. */
    public int contributor() {
        return contributor;
    }

    /** Whether this stream's packets go out: the user is a current, unmuted speaker of the room. */
    public boolean forwarded() {
        return forwarded;
    }

    void forwarded(boolean value) {
        forwarded = value;
    }

    @Override
    public String toString() {
        return "Binding[ssrc=" + Integer.toUnsignedString(ssrc) + ", room=" + room + ", user=" + user
            + ", forwarded=" + forwarded + "]";
    }
}
