package io.roomcast.media.sdp;

/** An SDP offer the edge cannot answer; the message is the reason given to the client (docs/media-protocol.md). */
public final class SdpException extends Exception {
    public SdpException(String reason) {
        super(reason, null, false, false);
    }
}
