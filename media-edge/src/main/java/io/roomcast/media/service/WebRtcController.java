package io.roomcast.media.service;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.roomcast.media.auth.InvalidMediaTokenException;
import io.roomcast.media.auth.MediaClaims;
import io.roomcast.media.sdp.SdpAnswer;
import io.roomcast.media.sdp.SdpException;
import io.roomcast.media.sdp.SdpOffer;
import io.roomcast.media.webrtc.WebRtcPeer;
import io.roomcast.media.webrtc.WebRtcPeers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * WHIP (RFC 9725) and WHEP signalling for browsers (docs/media-protocol.md, "WebRTC"): {@code POST /whip}
 * (publish) and {@code POST /whep} (play the room) take an SDP offer ({@code application/sdp}) with the
 * media token as {@code Authorization: Bearer}, and answer 201 with the edge's ICE-lite SDP answer and
 * {@code Location} (the session, for DELETE). Refusals: 401 (token, with {@code WWW-Authenticate} and the
 * reason), 415 (not application/sdp), 413 (offer too large), 400 (SDP: the reason), 409 (the offer's
 * SSRC is bound by someone else). {@code DELETE /whip/{id}} and {@code /whep/{id}} end a session (the
 * id is 128 random bits); PATCH (trickle ICE) is 405: the edge's only candidate is in the answer.
 */
@Controller
public final class WebRtcController {
    private static final MediaType SDP = MediaType.of("application/sdp");

    private final MediaEdge edge;

    public WebRtcController(MediaEdge edge) {
        this.edge = edge;
    }

    @Post(uri = "/whip", consumes = MediaType.ALL, produces = "application/sdp")
    public HttpResponse<String> whip(HttpRequest<?> request, @Body byte[] body) {
        return offer(WebRtcPeer.Kind.WHIP, request, body);
    }

    @Post(uri = "/whep", consumes = MediaType.ALL, produces = "application/sdp")
    public HttpResponse<String> whep(HttpRequest<?> request, @Body byte[] body) {
        return offer(WebRtcPeer.Kind.WHEP, request, body);
    }

    @Delete("/whip/{id}")
    public HttpResponse<String> endWhip(@PathVariable String id) {
        return end(WebRtcPeer.Kind.WHIP, id);
    }

    @Delete("/whep/{id}")
    public HttpResponse<String> endWhep(@PathVariable String id) {
        return end(WebRtcPeer.Kind.WHEP, id);
    }

    @Patch(uri = "/whip/{id}", consumes = MediaType.ALL)
    public HttpResponse<String> patchWhip(@PathVariable String id) {
        return HttpResponse.<String>status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "DELETE");
    }

    @Patch(uri = "/whep/{id}", consumes = MediaType.ALL)
    public HttpResponse<String> patchWhep(@PathVariable String id) {
        return HttpResponse.<String>status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "DELETE");
    }

    private HttpResponse<String> offer(WebRtcPeer.Kind kind, HttpRequest<?> request, byte[] body) {
        String prefix = kind.name().toLowerCase(java.util.Locale.ROOT);
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        MediaClaims claims;
        try {
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new InvalidMediaTokenException("missing token");
            }
            claims = edge.verifier().verify(auth.substring(7).strip());
        } catch (InvalidMediaTokenException e) {
            return refuse(HttpStatus.UNAUTHORIZED, e.getMessage())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
                    + e.getMessage() + "\"");
        }
        if (request.getContentType().filter(t -> t.getName().equalsIgnoreCase(SDP.getName())).isEmpty()) {
            return refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not application/sdp");
        }
        if (body == null || body.length > edge.settings().getWebrtcMaxOfferBytes()) {
            return refuse(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "offer too large");
        }
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
            if (!"sha-256".equals(offer.fingerprintAlgorithm())) {
                throw new SdpException("unsupported fingerprint");
            }
        } catch (SdpException e) {
            return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        SdpAnswer.Mode mode = kind == WebRtcPeer.Kind.WHIP ? SdpAnswer.Mode.RECEIVE : SdpAnswer.Mode.SEND;
        int tracks = SdpAnswer.accepted(offer, mode, kind == WebRtcPeer.Kind.WHIP ? 1 : edge.settings().getWebrtcTracks());
        if (tracks == 0) {
            return refuse(HttpStatus.BAD_REQUEST, kind == WebRtcPeer.Kind.WHIP ? "no audio to receive" : "no audio to send");
        }
        SdpOffer.Section audio = firstAccepted(offer, mode);
        int ssrc = 0;
        if (kind == WebRtcPeer.Kind.WHIP) {
            if (audio.ssrc() == null) {
                return refuse(HttpStatus.BAD_REQUEST, "no ssrc");
            }
            ssrc = audio.ssrc();
            if (edge.sessions().bySsrc(ssrc) != null) {
                return refuse(HttpStatus.CONFLICT, "ssrc in use");
            }
        }
        WebRtcPeers peers = edge.webrtc();
        WebRtcPeer peer = peers.create(kind, claims, offer.fingerprint(), ssrc, audio.opusPayloadType(),
            audio.audioLevelId(), tracks, System.nanoTime());
        List<Integer> ssrcs = kind == WebRtcPeer.Kind.WHEP ? WebRtcPeers.trackSsrcs(peer, tracks) : List.of();
        String answer = SdpAnswer.write(offer, new SdpAnswer.Local(
                Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)), peer.localUfrag(),
                peer.localPwd(), peers.certificate().fingerprint(), edge.settings().getPublicHost(), edge.udpPort(),
                "roomcast"),
            mode, tracks, ssrcs);
        edge.metrics().webrtc(prefix + "_created");
        return HttpResponse.<String>status(HttpStatus.CREATED).contentType(SDP)
            .header(HttpHeaders.LOCATION, "/" + prefix + "/" + peer.id()).body(answer);
    }

    private static SdpOffer.Section firstAccepted(SdpOffer offer, SdpAnswer.Mode mode) {
        for (SdpOffer.Section s : offer.usableAudio()) {
            if (s.mid() != null && (mode == SdpAnswer.Mode.RECEIVE ? s.offererSends() : s.offererReceives())) {
                return s;
            }
        }
        throw new IllegalStateException("accepted() counted a section");
    }

    private HttpResponse<String> end(WebRtcPeer.Kind kind, String id) {
        WebRtcPeer peer = edge.webrtc().byId(id);
        if (peer == null || peer.kind() != kind) {
            return HttpResponse.notFound("no such session");
        }
        edge.endWebRtc(peer);
        return HttpResponse.ok();
    }

    private MutableHttpResponse<String> refuse(HttpStatus status, String reason) {
        edge.metrics().webrtc("refused_" + reason);
        return HttpResponse.<String>status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(reason);
    }
}
