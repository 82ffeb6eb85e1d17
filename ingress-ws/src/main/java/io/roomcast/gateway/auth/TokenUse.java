package io.roomcast.gateway.auth;

/**
 * The private claim {@value #CLAIM} that tells session tokens from media tokens, which are signed
 * with the same keys. A token without the claim is a session token.
 */
public final class TokenUse {
    /** Claim name. */
    public static final String CLAIM = "token_use";
    /** Claim value of a media token ({@link MediaTokenIssuer}); never accepted as a session credential. */
    public static final String MEDIA = "media";

    private TokenUse() {
    }
}
