package io.roomcast.gateway.protocol;

/**
 * A client frame the gateway refuses: thrown by {@link FrameCodec#decode(String)}. Carries the
 * {@link CloseCode} the session answers with (an ERROR frame once authenticated, a close before) and,
 * when the frame was readable enough to have one, the command's nonce so the client can correlate.
 */
public final class ProtocolException extends Exception {
    private final CloseCode code;
    private final String nonce;

    /** @param code what is wrong; @param message human-readable detail, safe to show to the client */
    public ProtocolException(CloseCode code, String message) {
        this(code, message, null);
    }

    /** @param nonce the command's nonce if it could be read, else null */
    public ProtocolException(CloseCode code, String message, String nonce) {
        super(message);
        this.code = code;
        this.nonce = nonce;
    }

    /** What is wrong, as an error / close code. */
    public CloseCode code() {
        return code;
    }

    /** The nonce of the refused command, or null if none could be read. */
    public String nonce() {
        return nonce;
    }
}
