package io.roomcast.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.media.rtcp.ReportBlock;
import io.roomcast.media.rtcp.RtcpWriter;
import io.roomcast.media.rtp.AudioLevel;
import io.roomcast.media.rtp.RtpWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-packet decisions, on String addresses: who is forwarded, what is dropped and why. */
class GatesTest {
    private static final long S = 1_000_000_000L;
    private static final int LEVEL_ID = 1;

    private final Sessions<String> sessions = new Sessions<>(SessionsTest.SETTINGS, (p, r) -> { });
    private final List<String> levels = new ArrayList<>();
    private final RtpGate<String> rtp = new RtpGate<>(sessions, 1200, LEVEL_ID,
        (p, level, now) -> levels.add(p.binding().user() + "@" + AudioLevel.level(level)));
    private final List<String> reports = new ArrayList<>();
    private final RtcpGate<String> rtcp = new RtcpGate<>(sessions, 1200,
        (from, ssrc, lost, jitter) -> reports.add(from.binding().user() + ":" + lost + "/" + jitter));
    private final ByteBuffer buf = ByteBuffer.allocate(1500);

    private void bind(int ssrc, String user, String address) {
        sessions.bind(ssrc, "room", user, "LISTENER", address, 60 * S, 0);
    }

    private DropReason send(int ssrc, String from, long now) {
        int length = new RtpWriter(ssrc, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID)
            .write(buf, 0, 1, 960, false, AudioLevel.of(30, true), new byte[40], 0, 40);
        return rtp.admit(buf, 0, length, from, now);
    }

    @Test
    void aSpeakersPacketGoesToTheRoomAndAListenersIsDropped() {
        bind(1, "ann", "a");
        bind(2, "bob", "b");
        sessions.speakerAdded("room", "ann");

        assertThat(send(1, "a", S)).isNull();
        assertThat(rtp.sender().binding().user()).isEqualTo("ann");
        assertThat(rtp.room().members()).hasSize(2);
        assertThat(levels).containsExactly("ann@30");
        assertThat(send(2, "b", S)).isEqualTo(DropReason.NOT_SPEAKER);
    }

    @Test
    void onARelayEdgeNothingALocalParticipantSendsIsForwardedEvenFromASpeaker() {
        sessions.bind(1, "room", "ann", "SPEAKER", true, "a", 60 * S, 0);
        bind(2, "bob", "b");
        sessions.speakerAdded("room", "ann");

        assertThat(send(1, "a", S)).isEqualTo(DropReason.NOT_ORIGIN);
    }

    @Test
    void aRelayUplinkPassesOnlyValidRtpFromTheOriginToEveryMemberOfItsRoom() {
        RelayGate<String> relay = new RelayGate<>(sessions, 1200);
        bind(2, "bob", "b");
        bind(3, "cid", "c");
        int length = new RtpWriter(7, RtpWriter.OPUS_PAYLOAD_TYPE, LEVEL_ID)
            .write(buf, 0, 1, 960, false, AudioLevel.of(30, true), new byte[40], 0, 40);

        assertThat(relay.admit(buf, 0, length, "origin", "origin", "room")).isNull();
        assertThat(relay.room().members()).extracting(p -> p.binding().user()).containsExactly("bob", "cid");
        assertThat(relay.admit(buf, 0, length, "elsewhere", "origin", "room")).isEqualTo(DropReason.NOT_FROM_ORIGIN);
        assertThat(relay.room()).isNull();
        assertThat(relay.admit(buf, 0, 8, "origin", "origin", "room")).isEqualTo(DropReason.TRUNCATED);
        assertThat(relay.admit(buf, 0, length, "origin", "origin", "other-room")).isNull();
        assertThat(relay.room()).as("no one here in that room").isNull();
    }

    @Test
    void unboundUnknownAndSpoofedSendersAreDropped() {
        bind(1, "ann", "a");
        sessions.speakerAdded("room", "ann");

        assertThat(send(9, "x", S)).isEqualTo(DropReason.UNBOUND_SOURCE);
        assertThat(send(9, "a", S)).isEqualTo(DropReason.UNKNOWN_SSRC);
        assertThat(send(1, "x", S)).isEqualTo(DropReason.SPOOFED_ADDRESS);
        assertThat(send(1, "a", 61 * S)).isEqualTo(DropReason.EXPIRED);
    }

    @Test
    void malformedRtpIsDroppedByFormatReason() {
        buf.put(0, (byte) 0x40);
        assertThat(rtp.admit(buf, 0, 20, "a", S)).isEqualTo(DropReason.WRONG_VERSION);
        buf.put(0, (byte) 0x80);
        assertThat(rtp.admit(buf, 0, 8, "a", S)).isEqualTo(DropReason.TRUNCATED);
        assertThat(rtp.admit(buf, 0, 1201, "a", S)).isEqualTo(DropReason.OVERSIZED);
    }

    @Test
    void aSenderOverItsRateIsDropped_andABurstIsNotAFlood() {
        bind(1, "ann", "a");
        sessions.speakerAdded("room", "ann");
        int limited = 0;
        for (int i = 0; i < 300; i++) {
            limited += send(1, "a", S + i * 1000L) == DropReason.RATE_LIMITED ? 1 : 0;
        }
        // 300 packets in 0.3 ms, limit 100 packets/s: a second's burst passes, the rest is dropped; still bound.
        assertThat(limited).isEqualTo(200);
        assertThat(sessions.bySsrc(1)).isNotNull();
    }

    @Test
    void receiverReportsAreReadAndAByeEndsTheBinding() {
        bind(2, "bob", "b");
        int rr = RtcpWriter.writeReceiverReport(buf, 0, 2, List.of(new ReportBlock(1, 64, 3, 100, 480, 0, 0)));
        int length = rr + RtcpWriter.writeBye(buf, rr, new int[] {2}, null);

        assertThat(rtcp.admit(buf, 0, rr, "x", S)).isEqualTo(DropReason.SPOOFED_ADDRESS);
        assertThat(rtcp.admit(buf, 0, rr, "b", S)).isNull();
        assertThat(reports).containsExactly("bob:64/480");
        assertThat(rtcp.admit(buf, 0, length, "b", 2 * S)).isNull();
        assertThat(sessions.bySsrc(2)).isNull();
        assertThat(rtcp.admit(buf, 0, 3, "b", S)).isEqualTo(DropReason.RTCP_MALFORMED);
    }
}
