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
import io.roomcast.media.webrtc.Signalling;
import io.roomcast.media.webrtc.WebRtcPeer;

/**
 * WHIP (RFC 9725) and WHEP over the edge's HTTP port (docs/media-protocol.md, "Signalling: WHIP and
 * WHEP"): {@code POST /whip} and {@code POST /whep} ({@link Signalling} answers: 201 with the ICE-lite
 * SDP and {@code Location}, or 401/415/413/400/409 with the reason), {@code DELETE /whip/{id}} and
 * {@code /whep/{id}} (200, 404), PATCH 405 (no trickle ICE).
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
        Signalling.Result result = edge.signalling().offer(kind, request.getHeaders().get(HttpHeaders.AUTHORIZATION),
            request.getHeaders().get(HttpHeaders.CONTENT_TYPE), body);
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(result.status()))
            .body(result.body());
        if (result.status() == 201) {
            return response.contentType(SDP).header(HttpHeaders.LOCATION, result.location());
        }
        if (result.wwwAuthenticate() != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, result.wwwAuthenticate());
        }
        return response.contentType(MediaType.TEXT_PLAIN_TYPE);
    }

    private HttpResponse<String> end(WebRtcPeer.Kind kind, String id) {
        WebRtcPeer peer = edge.webrtc().byId(id);
        if (peer == null || peer.kind() != kind) {
            return HttpResponse.notFound("no such session");
        }
        edge.endWebRtc(peer);
        return HttpResponse.ok();
    }
}
