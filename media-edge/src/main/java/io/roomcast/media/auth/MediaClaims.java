package io.roomcast.media.auth;

/**
 * What a verified media token says.
 *
 * @param user the participant ({@code sub})
 * @param room the room ({@code room})
 * @param role the role at issue time ({@code role}: LISTENER, INVITED_SPEAKER, SPEAKER or MODERATOR; RELAY
 *     for an edge relaying the room, {@link RelayTokens})
 * @param edge the edge it was issued for ({@code edge})
 * @param expiresAtMs expiry ({@code exp}), epoch ms
 * @param origin the room's origin edge ({@code origin}) when it is not this edge (this edge relays the
 *     room), else null
 * @param originAddress the origin's UDP address ({@code origin_address}, {@code host:port}) when
 *     {@code origin} is set, else null
 * @param issuedAtSeconds issue time ({@code iat}), epoch seconds: a leave, kick or ban revokes the tokens
 *     issued until then ({@link io.roomcast.media.session.Revocations})
 */
public record MediaClaims(String user, String room, String role, String edge, long expiresAtMs, String origin,
                          String originAddress, long issuedAtSeconds) {

    /** Claims of a token for the room's origin (no relay). */
    public MediaClaims(String user, String room, String role, String edge, long expiresAtMs, long issuedAtSeconds) {
        this(user, room, role, edge, expiresAtMs, null, null, issuedAtSeconds);
    }

    /** Whether this edge relays the room (its audio comes from {@link #origin}). */
    public boolean relayed() {
        return origin != null;
    }
}
