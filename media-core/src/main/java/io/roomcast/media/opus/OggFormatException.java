package io.roomcast.media.opus;

import java.io.IOException;

/** A file that is not a well-formed Ogg (RFC 3533) or Ogg Opus (RFC 7845) stream; the message says where and why. */
public final class OggFormatException extends IOException {
    /** An exception with a message naming the byte offset or page and the broken rule. */
    public OggFormatException(String message) {
        super(message);
    }
}
