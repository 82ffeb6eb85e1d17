package io.roomcast.clients.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.roomcast.schemas.contracts.MediaTokenClaims;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A client's side of media fail-over (docs/protocol.md, "Media fail-over"): the gateway's {@code media_moved}
 * DISPATCH names a room and its media edges whose registration lapsed; a client whose media token names one of
 * them, as {@code edge} or as {@code origin} (a token for a relay edge), fetches a new media token
 * ({@code POST /rooms/{id}/media-token}) and binds to the edge it names ({@link MediaBinding}); others keep their
 * binding.
 */
public final class MediaMoves {
    /** The DISPATCH type. */
    public static final String TYPE = "media_moved";

    private MediaMoves() {
    }

    /** {@code media_moved} frames of {@code roomId}, e.g. for {@code RecordingClient.expect}. */
    public static Predicate<JsonNode> of(String roomId) {
        return f -> "DISPATCH".equals(f.path("op").asText()) && TYPE.equals(f.path("t").asText())
            && roomId.equals(f.path("data").path("room_id").asText());
    }

    /**
     * Whether {@code mediaMoved} concerns the binding made with {@code mediaToken}: the token is for the frame's
     * room and its {@code edge} or {@code origin} claim is among {@code data.edge_ids}. The token's signature is
     * not checked (the edge does that); only its claims are read.
     *
     * @param mediaMoved a {@code media_moved} DISPATCH
     * @param mediaToken the media token (a JWS, docs/media-protocol.md section 1) the client bound with
     * @throws IllegalArgumentException when the frame is no {@code media_moved} or the token is not a JWS
     */
    public static boolean affects(JsonNode mediaMoved, String mediaToken) {
        if (!TYPE.equals(mediaMoved.path("t").asText()) || !mediaMoved.path("data").path("edge_ids").isArray()) {
            throw new IllegalArgumentException("not a media_moved DISPATCH: " + mediaMoved);
        }
        JWTClaimsSet claims;
        try {
            claims = SignedJWT.parse(mediaToken).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a media token (JWS): " + e.getMessage(), e);
        }
        Set<String> lapsed = new HashSet<>();
        mediaMoved.path("data").path("edge_ids").forEach(e -> lapsed.add(e.asText()));
        Object room = claims.getClaim(MediaTokenClaims.ROOM);
        Object edge = claims.getClaim(MediaTokenClaims.EDGE);
        Object origin = claims.getClaim(MediaTokenClaims.ORIGIN);
        return mediaMoved.path("data").path("room_id").asText().equals(room)
            && (lapsed.contains(edge) || origin != null && lapsed.contains(origin));
    }
}
