package io.roomcast.media.webrtc;

import io.roomcast.media.auth.InvalidMediaTokenException;
import io.roomcast.media.auth.MediaClaims;
import io.roomcast.media.auth.MediaTokenVerifier;
import io.roomcast.media.sdp.SdpAnswer;
import io.roomcast.media.sdp.SdpException;
import io.roomcast.media.sdp.SdpOffer;
import io.roomcast.media.session.Sessions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * WHIP (RFC 9725) and WHEP offers as plain calls, whatever HTTP server carries them (the edge's
 * Micronaut controller; a benchmark's own): checks the bearer media token, the content type, the size
 * and the SDP, creates the {@link WebRtcPeer} and writes the ICE-lite answer. Refusals carry the HTTP
 * status and the reason (docs/media-protocol.md, "Signalling: WHIP and WHEP"). Thread-safe.
 */
public final class Signalling {
    /**
     * @param tracks a WHEP viewer's tracks at most
     * @param maxOfferBytes largest offer accepted, bytes
     * @param publicHost the host candidate's address
     * @param udpPort the edge's UDP port (the candidate's)
     */
    public record Settings(int tracks, int maxOfferBytes, String publicHost, int udpPort) {
    }

    /**
     * An answer: 201 with the SDP and the session's path, or a refusal with its reason.
     *
     * @param wwwAuthenticate the {@code WWW-Authenticate} of a 401, else null
     */
    public record Result(int status, String body, String location, String wwwAuthenticate) {
        static Result refused(int status, String reason) {
            return new Result(status, reason, null, null);
        }
    }

    private final Settings settings;
    private final MediaTokenVerifier verifier;
    private final WebRtcPeers peers;
    private final IntPredicate ssrcInUse;
    private final Predicate<MediaClaims> revoked;
    private final Consumer<String> events;

    /**
     * @param ssrcInUse whether an SSRC is bound by someone already (a WHIP offer's is then refused, 409)
     * @param revoked whether a verified token was revoked by a leave, kick or ban since its {@code iat}
     *     (the edge's {@link Sessions#revoked}; refused 403 {@code token revoked}, docs/media-protocol.md
     *     "Revocation on kick, ban and leave"); the binding at the first ICE check checks again
     * @param events told {@code whip_created}, {@code whep_created}, {@code refused_<reason>} (metrics)
     */
    public Signalling(Settings settings, MediaTokenVerifier verifier, WebRtcPeers peers, IntPredicate ssrcInUse,
                      Predicate<MediaClaims> revoked, Consumer<String> events) {
        this.settings = settings;
        this.verifier = verifier;
        this.peers = peers;
        this.ssrcInUse = ssrcInUse;
        this.revoked = revoked;
        this.events = events;
    }

    /**
     * Answers one offer.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param contentType the {@code Content-Type} header, or null
     */
    public Result offer(WebRtcPeer.Kind kind, String authorization, String contentType, byte[] body) {
        String prefix = kind.name().toLowerCase(Locale.ROOT);
        MediaClaims claims;
        try {
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidMediaTokenException("missing token");
            }
            claims = verifier.verify(authorization.substring(7).strip());
        } catch (InvalidMediaTokenException e) {
            events.accept("refused_" + e.getMessage());
            return new Result(401, e.getMessage(), null,
                "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"");
        }
        if (revoked.test(claims)) {
            return refuse(403, Sessions.BindResult.Revoked.REASON);
        }
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        if (!type.equalsIgnoreCase("application/sdp")) {
            return refuse(415, "not application/sdp");
        }
        if (body == null || body.length > settings.maxOfferBytes()) {
            return refuse(413, "offer too large");
        }
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
            if (!"sha-256".equals(offer.fingerprintAlgorithm())) {
                throw new SdpException("unsupported fingerprint");
            }
        } catch (SdpException e) {
            return refuse(400, e.getMessage());
        }
        boolean whip = kind == WebRtcPeer.Kind.WHIP;
        SdpAnswer.Mode mode = whip ? SdpAnswer.Mode.RECEIVE : SdpAnswer.Mode.SEND;
        int tracks = SdpAnswer.accepted(offer, mode, whip ? 1 : settings.tracks());
        if (tracks == 0) {
            return refuse(400, whip ? "no audio to receive" : "no audio to send");
        }
        SdpOffer.Section audio = offer.usableAudio().stream()
            .filter(s -> s.mid() != null && (whip ? s.offererSends() : s.offererReceives())).findFirst().orElseThrow();
        int ssrc = 0;
        if (whip) {
            if (audio.ssrc() == null) {
                return refuse(400, "no ssrc");
            }
            ssrc = audio.ssrc();
            if (ssrcInUse.test(ssrc)) {
                return refuse(409, "ssrc in use");
            }
        }
        WebRtcPeer peer = peers.create(kind, claims, offer.fingerprint(), ssrc, audio.opusPayloadType(),
            audio.audioLevelId(), tracks, System.nanoTime());
        List<Integer> ssrcs = whip ? List.of() : WebRtcPeers.trackSsrcs(peer, tracks);
        String answer = SdpAnswer.write(offer, new SdpAnswer.Local(
                Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)), peer.localUfrag(),
                peer.localPwd(), peers.certificate().fingerprint(), settings.publicHost(), settings.udpPort(), "roomcast"),
            mode, tracks, ssrcs);
        events.accept(prefix + "_created");
        return new Result(201, answer, "/" + prefix + "/" + peer.id(), null);
    }

    private Result refuse(int status, String reason) {
        events.accept("refused_" + reason);
        return Result.refused(status, reason);
    }
}
