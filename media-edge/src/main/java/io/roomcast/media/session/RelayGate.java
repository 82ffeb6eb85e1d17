package io.roomcast.media.session;

import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpStatus;
import java.nio.ByteBuffer;

/**
 * Decides, on a relay edge, for each datagram arriving on a room's uplink (the socket bound to the room's
 * origin edge as its relay participant), whether it goes to the room's members on this edge: only RTP
 * (RFC 3550 section 5.1, as {@link RtpPacket} parses it) from the origin's address. The origin already
 * authorized and selected it (current unmuted speaker, N loudest), so nothing else is checked and the
 * packet is forwarded unchanged to every member. Allocation-free. Not thread-safe: one gate per uplink
 * thread; after {@link #admit} returned null, {@link #room()} says who gets it (null when no one is
 * bound to the room here any more).
 *
 * @param <A> the transport's address type
 */
public final class RelayGate<A> {
    private final Sessions<A> sessions;
    private final RtpPacket view;
    private RoomMembers<A> room;

    /** @param maxPacketBytes larger datagrams are dropped as OVERSIZED, bytes */
    public RelayGate(Sessions<A> sessions, int maxPacketBytes) {
        this.sessions = sessions;
        this.view = new RtpPacket(maxPacketBytes);
    }

    /**
     * @param source where the datagram came from
     * @param origin the room's origin edge, the only source accepted
     * @param roomId the uplink's room
     * @return null to forward it to {@link #room()}'s members, or why it is dropped (NOT_FROM_ORIGIN, or
     *     the RTP format reasons)
     */
    public DropReason admit(ByteBuffer buf, int offset, int length, A source, A origin, String roomId) {
        room = null;
        if (!origin.equals(source)) {
            return DropReason.NOT_FROM_ORIGIN;
        }
        RtpStatus status = view.parse(buf, offset, length);
        if (status != RtpStatus.VALID) {
            return DropReason.of(status);
        }
        room = sessions.room(roomId);
        return null;
    }

    /** The room members of the last admitted packet on this edge, or null. */
    public RoomMembers<A> room() {
        return room;
    }
}
