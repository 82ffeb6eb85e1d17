package io.roomcast.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The edge's SDP offer reading and answer writing, on a real Chromium offer and on fuzzed ones. */
class SdpOfferTest {
    static final String CHROMIUM = load("/sdp/chromium-whip-offer.sdp");

    @Test
    void readsWhatTheEdgeNeedsFromChromiumsOffer() throws SdpException {
        SdpOffer offer = SdpOffer.parse(CHROMIUM);
        assertThat(offer.iceUfrag()).isEqualTo("4BQZ");
        assertThat(offer.icePwd()).isEqualTo("EFXCE0AJG8knyODeLiOH86e8");
        assertThat(offer.fingerprintAlgorithm()).isEqualTo("sha-256");
        assertThat(offer.fingerprint()).startsWith("C8:99:43");
        assertThat(offer.setup()).isEqualTo("actpass");
        SdpOffer.Section audio = offer.sections().getFirst();
        assertThat(audio.mid()).isEqualTo("0");
        assertThat(audio.direction()).isEqualTo("sendonly");
        assertThat(audio.opusPayloadType()).isEqualTo(111);
        assertThat(audio.audioLevelId()).isEqualTo(1);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(Integer.toUnsignedLong(audio.ssrc())).isEqualTo(2866519569L);
    }

    @Test
    void theAnswerIsIceLitePassiveBundledWithOneHostCandidate() throws SdpException {
        SdpOffer offer = SdpOffer.parse(CHROMIUM);
        String answer = SdpAnswer.write(offer, new SdpAnswer.Local("1", "abcd", "0123456789012345678901",
            "sha-256 AA:BB", "127.0.0.1", 5004, "roomcast"), SdpAnswer.Mode.RECEIVE, 1, List.of());
        assertThat(answer).contains("a=ice-lite\r\n", "a=group:BUNDLE 0\r\n", "m=audio 5004 UDP/TLS/RTP/SAVPF 111\r\n",
            "a=setup:passive\r\n", "a=rtcp-mux\r\n", "a=recvonly\r\n", "a=fmtp:111 minptime=10;useinbandfec=1\r\n",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n",
            "a=candidate:1 1 udp 2130706431 127.0.0.1 5004 typ host\r\n", "a=fingerprint:sha-256 AA:BB\r\n");
        assertThat(answer).doesNotContain("abs-send-time", "transport-cc");
    }

    @Test
    void aWhepAnswerSendsOneSsrcPerTrackAndRejectsSectionsBeyondTheLimit() throws SdpException {
        String three = CHROMIUM.replace("a=sendonly", "a=recvonly").replaceAll("a=ssrc:[^\r\n]*\r?\n", "");
        String m = three.substring(three.indexOf("m=audio"));
        String offerText = three.replace("a=group:BUNDLE 0", "a=group:BUNDLE 0 1 2") + m.replace("a=mid:0", "a=mid:1")
            + m.replace("a=mid:0", "a=mid:2");
        SdpOffer offer = SdpOffer.parse(offerText);
        assertThat(SdpAnswer.accepted(offer, SdpAnswer.Mode.SEND, 2)).isEqualTo(2);
        String answer = SdpAnswer.write(offer, new SdpAnswer.Local("1", "abcd", "0123456789012345678901",
            "sha-256 AA:BB", "127.0.0.1", 5004, "roomcast"), SdpAnswer.Mode.SEND, 2, List.of(7, 8));
        assertThat(answer).contains("a=group:BUNDLE 0 1\r\n", "a=ssrc:7 cname:roomcast", "a=ssrc:8 cname:roomcast",
            "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n", "a=sendonly");
    }

    @Test
    void refusesWithAReason() {
        assertReason("hello", "malformed sdp");
        assertReason(null, "malformed sdp");
        assertReason(CHROMIUM.replace("m=audio", "m=video"), "no audio");
        assertReason(CHROMIUM.replace("opus/48000/2", "opus/16000/1"), "no audio");
        assertReason(CHROMIUM.replace("a=rtcp-mux\r\n", ""), "no audio");
        assertReason(CHROMIUM.replaceAll("a=fingerprint:[^\r\n]*\r?\n", ""), "no fingerprint");
        assertReason(CHROMIUM.replaceAll("a=ice-pwd:[^\r\n]*\r?\n", ""), "no ice credentials");
        assertReason(CHROMIUM.replace("a=setup:actpass", "a=setup:passive"), "bad setup");
        assertReason(CHROMIUM.replace("a=rtpmap:111 opus", "a=rtpmap:99999999999 opus"), "malformed sdp");
        assertReason(CHROMIUM + "x".repeat(SdpOffer.MAX_CHARS), "malformed sdp");
    }

    /** Fuzz: any mutation of a real offer either parses or fails with SdpException, never anything else. */
    @Property(tries = 3000)
    void anyMutationParsesOrIsRefusedWithAReason(@ForAll("mutations") String sdp) {
        try {
            SdpOffer offer = SdpOffer.parse(sdp);
            assertThat(offer.usableAudio()).isNotEmpty();
            SdpAnswer.write(offer, new SdpAnswer.Local("1", "abcd", "0123456789012345678901", "sha-256 AA:BB",
                "127.0.0.1", 5004, "roomcast"), SdpAnswer.Mode.SEND, 3, List.of(1, 2, 3));
        } catch (SdpException e) {
            assertThat(e.getMessage()).isIn("malformed sdp", "no audio", "no fingerprint", "no ice credentials",
                "bad setup");
        }
    }

    @Property(tries = 2000)
    void randomTextIsRefusedWithAReason(@ForAll @IntRange(max = 400) int length, @ForAll("text") String text) {
        String sdp = "v=0\r\n" + text.substring(0, Math.min(length, text.length()));
        assertThatThrownBy(() -> SdpOffer.parse(sdp)).isInstanceOf(SdpException.class);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, CHROMIUM.length() - 1);
        Arbitrary<Character> c = Arbitraries.chars().with('\r', '\n', ':', ' ', '=', '/', 'a', 'm', '0', '9', '\u00ff');
        return Arbitraries.oneOf(
            at.flatMap(i -> c.map(ch -> CHROMIUM.substring(0, i) + ch + CHROMIUM.substring(i + 1))),
            at.map(i -> CHROMIUM.substring(0, i)),
            at.flatMap(i -> at.map(j -> CHROMIUM.substring(0, Math.min(i, j)) + CHROMIUM.substring(Math.max(i, j)))),
            at.flatMap(i -> Arbitraries.strings().ofMaxLength(30).map(s -> CHROMIUM.substring(0, i) + s
                + CHROMIUM.substring(i))));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars("am=vcos:/ \r\n0123456789abcdef").ofMinLength(400).ofMaxLength(400);
    }

    private static void assertReason(String sdp, String reason) {
        assertThatThrownBy(() -> SdpOffer.parse(sdp)).isInstanceOf(SdpException.class).hasMessage(reason);
    }

    private static String load(String name) {
        try (InputStream in = SdpOfferTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
