package io.roomcast.media.auth;

/**
 * What a verified media token says.
 *
 * @param user the participant ({@code sub})
 * @param room the room ({@code room})
 * @param role the role at issue time ({@code role}: LISTENER, INVITED_SPEAKER, SPEAKER or MODERATOR)
 * @param edge the edge it was issued for ({@code edge})
 * @param expiresAtMs expiry ({@code exp}), epoch ms
 */
public record MediaClaims(String user, String room, String role, String edge, long expiresAtMs) {
}
