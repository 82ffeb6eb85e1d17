package io.roomcast.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The edge's answer to an {@link SdpOffer} (JSEP RFC 8829 section 5.3): ICE-lite (RFC 8445 section 2.5,
 * {@code a=ice-lite}) with one host candidate, the edge's UDP port; DTLS passive ({@code a=setup:passive},
 * RFC 5763) with the edge certificate's fingerprint; BUNDLE (RFC 9143) over the accepted audio sections;
 * rtcp-mux; Opus with {@code useinbandfec=1}; the RFC 6464 audio-level extension when the offer had it.
 * Sections the edge does not take (video, data, audio without Opus or rtcp-mux, audio beyond the
 * {@code tracks} limit) are rejected with port 0, as JSEP wants one answer section per offer section.
 */
public final class SdpAnswer {
    private SdpAnswer() {
    }

    /** Which way the edge's media flows on the accepted audio sections. */
    public enum Mode {
        /** WHIP: the offerer publishes, the edge receives ({@code a=recvonly}). */
        RECEIVE,
        /** WHEP: the edge sends the room's tracks ({@code a=sendonly}, one SSRC per section). */
        SEND
    }

    /**
     * The edge's side of the session.
     *
     * @param sessionId the o= line's session id, digits
     * @param iceUfrag the edge's ufrag for this session (4+ chars of ice-char)
     * @param icePwd the edge's password (22+ chars of ice-char)
     * @param fingerprint {@code sha-256 AB:CD:...}
     * @param host the candidate's address (IPv4 or IPv6 literal)
     * @param port the edge's UDP port
     * @param cname the RTCP CNAME of the edge's streams
     */
    public record Local(String sessionId, String iceUfrag, String icePwd, String fingerprint, String host, int port,
                        String cname) {
    }

    /**
     * Writes the answer.
     *
     * @param mode WHIP (receive) or WHEP (send)
     * @param tracks audio sections accepted at most (WHIP: 1; WHEP: the loudest-N)
     * @param sendSsrcs WHEP: the SSRC of each accepted section, in order (at least {@code tracks}); WHIP: empty
     * @return the SDP, CRLF line ends
     */
    public static String write(SdpOffer offer, Local local, Mode mode, int tracks, List<Integer> sendSsrcs) {
        String ip = local.host().contains(":") ? "IP6" : "IP4";
        List<String> accepted = new ArrayList<>();
        List<Boolean> take = new ArrayList<>();
        for (SdpOffer.Section s : offer.sections()) {
            boolean ok = s.usableAudio() && accepted.size() < tracks
                && (mode == Mode.RECEIVE ? s.offererSends() : s.offererReceives()) && s.mid() != null;
            take.add(ok);
            if (ok) {
                accepted.add(s.mid());
            }
        }
        StringBuilder sdp = new StringBuilder(2048);
        line(sdp, "v=0");
        line(sdp, "o=- " + local.sessionId() + " 2 IN " + ip + " " + local.host());
        line(sdp, "s=-");
        line(sdp, "t=0 0");
        line(sdp, "a=ice-lite");
        if (!accepted.isEmpty()) {
            line(sdp, "a=group:BUNDLE " + String.join(" ", accepted));
        }
        line(sdp, "a=msid-semantic: WMS roomcast");
        int track = 0;
        for (int i = 0; i < offer.sections().size(); i++) {
            SdpOffer.Section s = offer.sections().get(i);
            if (!take.get(i)) {
                line(sdp, "m=" + s.kind() + " 0 UDP/TLS/RTP/SAVPF " + Math.max(0, s.opusPayloadType()));
                line(sdp, "c=IN " + ip + " " + local.host());
                if (s.mid() != null) {
                    line(sdp, "a=mid:" + s.mid());
                }
                line(sdp, "a=inactive");
                continue;
            }
            int pt = s.opusPayloadType();
            line(sdp, "m=audio " + local.port() + " UDP/TLS/RTP/SAVPF " + pt);
            line(sdp, "c=IN " + ip + " " + local.host());
            line(sdp, "a=mid:" + s.mid());
            line(sdp, "a=ice-ufrag:" + local.iceUfrag());
            line(sdp, "a=ice-pwd:" + local.icePwd());
            line(sdp, "a=fingerprint:" + local.fingerprint());
            line(sdp, "a=setup:passive");
            line(sdp, "a=rtcp-mux");
            if (s.audioLevelId() > 0) {
                line(sdp, "a=extmap:" + s.audioLevelId() + " " + SdpOffer.AUDIO_LEVEL_URI);
            }
            line(sdp, "a=rtpmap:" + pt + " opus/48000/2");
            line(sdp, "a=fmtp:" + pt + " minptime=10;useinbandfec=1");
            if (mode == Mode.SEND) {
                line(sdp, "a=sendonly");
                String stream = "roomcast track" + track;
                line(sdp, "a=msid:" + stream);
                long ssrc = sendSsrcs.get(track) & 0xFFFFFFFFL;
                line(sdp, "a=ssrc:" + ssrc + " cname:" + local.cname());
                line(sdp, "a=ssrc:" + ssrc + " msid:" + stream);
            } else {
                line(sdp, "a=recvonly");
            }
            line(sdp, "a=candidate:1 1 udp 2130706431 " + local.host() + " " + local.port() + " typ host");
            line(sdp, "a=end-of-candidates");
            track++;
        }
        return sdp.toString();
    }

    /** How many audio sections {@link #write} accepts for this offer. */
    public static int accepted(SdpOffer offer, Mode mode, int tracks) {
        int n = 0;
        for (SdpOffer.Section s : offer.sections()) {
            if (s.usableAudio() && n < tracks && s.mid() != null
                && (mode == Mode.RECEIVE ? s.offererSends() : s.offererReceives())) {
                n++;
            }
        }
        return n;
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append("\r\n");
    }
}
