package io.roomcast.media.session;

import io.roomcast.media.rtp.RtpPacket;
import io.roomcast.media.rtp.RtpStatus;
import java.nio.ByteBuffer;

/**
 * Decides, for each RTP datagram, whether it is forwarded: parse (RFC 3550 section 5.1, {@link RtpPacket}),
 * authorize (bound SSRC from its bound address, token not expired, under the rate limit, bound on the
 * room's origin edge, a current unmuted speaker), select (among the room's N loudest by RFC 6464 level). Allocation-free. Not
 * thread-safe: one gate per forwarding thread; after {@link #admit} returned null, {@link #sender()}
 * and {@link #room()} say who sent it and who gets it, until the next call.
 *
 * @param <A> the transport's address type
 */
public final class RtpGate<A> {
    private final Sessions<A> sessions;
    private final RtpPacket view;
    private final int audioLevelId;
    private final LevelListener<A> levels;
    private Participant<A> sender;
    private RoomMembers<A> room;

    /** Told the RFC 6464 level of every packet of a permitted speaker (dominant-speaker detection). */
    public interface LevelListener<A> {
        /** A listener that does nothing. */
        static <A> LevelListener<A> none() {
            return (sender, audioLevel, nowNanos) -> { };
        }

        /** @param audioLevel raw RFC 6464 byte, or {@code AudioLevel.ABSENT} */
        void level(Participant<A> sender, int audioLevel, long nowNanos);
    }

    /**
     * @param maxPacketBytes larger datagrams are dropped as OVERSIZED, bytes
     * @param audioLevelId the RFC 8285 extension id carrying the RFC 6464 level (docs/media-protocol.md)
     */
    public RtpGate(Sessions<A> sessions, int maxPacketBytes, int audioLevelId, LevelListener<A> levels) {
        this.sessions = sessions;
        this.view = new RtpPacket(maxPacketBytes);
        this.audioLevelId = audioLevelId;
        this.levels = levels;
    }

    /**
     * @param buf the datagram's buffer; {@code offset}/{@code length} absolute index and bytes
     * @param source where it came from
     * @param nowNanos arrival time, {@link System#nanoTime()} ns
     * @return null to forward it to {@link #room()}'s members but its sender, or why it is dropped
     */
    public DropReason admit(ByteBuffer buf, int offset, int length, A source, long nowNanos) {
        sender = null;
        room = null;
        RtpStatus status = view.parse(buf, offset, length);
        if (status != RtpStatus.VALID) {
            return DropReason.of(status);
        }
        Participant<A> participant = sessions.bySsrc(view.ssrc());
        DropReason problem = sessions.senderProblem(participant, source, nowNanos);
        if (problem != null) {
            return problem;
        }
        if (participant.relayed()) {
            return DropReason.NOT_ORIGIN;
        }
        RoomMembers<A> members = sessions.room(participant.binding().room());
        if (!participant.binding().forwarded() || members == null) {
            return DropReason.NOT_SPEAKER;
        }
        participant.heard(nowNanos);
        int level = view.audioLevel(participant.audioLevelId() > 0 ? participant.audioLevelId() : audioLevelId);
        levels.level(participant, level, nowNanos);
        if (!members.admitLoudest(participant.ssrc(), level, nowNanos)) {
            return DropReason.NOT_LOUDEST;
        }
        sender = participant;
        room = members;
        return null;
    }

    /** The sender of the last admitted packet. */
    public Participant<A> sender() {
        return sender;
    }

    /** The room of the last admitted packet. */
    public RoomMembers<A> room() {
        return room;
    }
}
