package io.roomcast.media.auth;

/**
 * A media token was refused. The message is the reason sent back in the STUN error response and used
 * as the metric tag: {@code malformed token}, {@code bad signature}, {@code wrong algorithm},
 * {@code wrong audience}, {@code not a media token}, {@code token expired}, {@code token not yet valid},
 * {@code wrong edge}, {@code missing claims}, {@code token lifetime too long}. It never contains the token or key material.
 */
public final class InvalidMediaTokenException extends Exception {
    public InvalidMediaTokenException(String reason) {
        super(reason, null, false, false);
    }
}
