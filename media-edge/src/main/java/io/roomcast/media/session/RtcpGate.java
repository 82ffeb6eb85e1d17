package io.roomcast.media.session;

import io.roomcast.media.rtcp.RtcpPacketType;
import io.roomcast.media.rtcp.RtcpReader;
import io.roomcast.media.rtcp.RtcpStatus;
import java.nio.ByteBuffer;

/**
 * Takes in each RTCP compound (RFC 3550 section 6) a participant sends: validated (appendix A.2), its
 * sender accepted like an RTP sender ({@link Sessions#senderProblem}), then consumed, never forwarded:
 * reception report blocks of SR and RR go to {@link ReceptionReports} (per-listener loss and jitter),
 * a BYE ends the sender's binding (section 6.6), and any accepted compound is a sign of life (listeners
 * without RTCP for the silent timeout are unbound). Allocation-free but for a BYE. Not thread-safe: one
 * gate per forwarding thread.
 *
 * @param <A> the transport's address type
 */
public final class RtcpGate<A> {
    private final Sessions<A> sessions;
    private final RtcpReader reader;
    private final ReceptionReports<A> reports;

    /** Receives the report blocks of accepted RTCP. */
    public interface ReceptionReports<A> {
        /**
         * @param from the participant that sent the report
         * @param fractionLost lost / expected since its previous report, × 256 (0..255)
         * @param jitter interarrival jitter, RTP timestamp units (48 kHz for Opus: 48 = 1 ms)
         */
        void report(Participant<A> from, int reportedSsrc, int fractionLost, long jitter);
    }

    /** @param maxPacketBytes larger datagrams are dropped as OVERSIZED, bytes */
    public RtcpGate(Sessions<A> sessions, int maxPacketBytes, ReceptionReports<A> reports) {
        this.sessions = sessions;
        this.reader = new RtcpReader(maxPacketBytes);
        this.reports = reports;
    }

    /**
     * @param nowNanos arrival time, {@link System#nanoTime()} ns
     * @return null when the compound was accepted, or why it is dropped
     */
    public DropReason admit(ByteBuffer buf, int offset, int length, A source, long nowNanos) {
        RtcpStatus status = reader.reset(buf, offset, length);
        if (status != RtcpStatus.VALID) {
            return status == RtcpStatus.OVERSIZED ? DropReason.OVERSIZED : DropReason.RTCP_MALFORMED;
        }
        reader.next();
        Participant<A> participant = sessions.bySsrc(reader.senderSsrc());
        DropReason problem = sessions.senderProblem(participant, source, nowNanos);
        if (problem != null) {
            return problem;
        }
        participant.heard(nowNanos);
        boolean bye = false;
        do {
            for (int i = 0; i < reader.reportBlockCount(); i++) {
                reports.report(participant, reader.reportSsrc(i), reader.fractionLost(i), reader.jitter(i));
            }
            bye |= reader.packetType() == RtcpPacketType.BYE;
        } while (reader.next());
        if (bye) {
            sessions.unbind(participant, UnbindReason.BYE);
        }
        return null;
    }
}
