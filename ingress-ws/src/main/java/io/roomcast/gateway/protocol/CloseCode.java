package io.roomcast.gateway.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The gateway's error and WebSocket close codes (the 4000-4999 range that RFC 6455 section 7.4.2
 * leaves to applications). The same number is used in an {@code ERROR} frame when the session stays
 * open and as the close code when the server closes the connection; which one a case gets is
 * documented in {@code docs/protocol.md} ("Errors and close codes").
 *
 * <p>{@link #name} is the stable machine-readable form sent as {@code error} in ERROR frames and as
 * the close reason's prefix (lower snake case, e.g. {@code decode_error}).
 */
public enum CloseCode {
    /** 4000: something went wrong on the server; the client may reconnect and RESUME. */
    UNKNOWN_ERROR(4000, "unknown_error", true),
    /** 4001: the frame's {@code op} is not one the client may send. */
    UNKNOWN_OP(4001, "unknown_op", false),
    /** 4002: not a JSON object, a field missing, blank or of the wrong type. */
    DECODE_ERROR(4002, "decode_error", false),
    /** 4003: a frame other than IDENTIFY, RESUME or HEARTBEAT before the session is authenticated, or no IDENTIFY in time. */
    NOT_AUTHENTICATED(4003, "not_authenticated", false),
    /** 4004: the token was rejected (expired, forged, malformed). */
    AUTHENTICATION_FAILED(4004, "authentication_failed", false),
    /** 4005: IDENTIFY or RESUME on a session that is already authenticated. */
    ALREADY_AUTHENTICATED(4005, "already_authenticated", false),
    /** 4006: the text frame is larger than the maximum frame size (bytes of UTF-8). */
    FRAME_TOO_LARGE(4006, "frame_too_large", false),
    /** 4008: too many commands awaiting their outcome; the command was not sent. */
    RATE_LIMITED(4008, "rate_limited", true),
    /** 4009: no heartbeat for heartbeat interval x missed heartbeats allowed; the client may RESUME. */
    SESSION_TIMED_OUT(4009, "session_timed_out", true),
    /** 4010: the client did not read its frames fast enough (outbound queue full); it may RESUME. */
    SLOW_CONSUMER(4010, "slow_consumer", true),
    /** 4011: RESUME of a session that cannot be resumed (unknown, expired, another user's). */
    INVALID_RESUME(4011, "invalid_resume", false),
    /** 4012: the node is going away (after a RECONNECT frame); the client reconnects and RESUMEs. */
    RECONNECT(4012, "reconnect", true);

    /** The longest close reason a WebSocket close frame may carry (RFC 6455 section 5.5: 125 bytes of payload minus the 2-byte code). */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private final int code;
    private final String wireName;
    private final boolean resumable;

    CloseCode(int code, String wireName, boolean resumable) {
        this.code = code;
        this.wireName = wireName;
        this.resumable = resumable;
    }

    /** The numeric code, 4000-4999. */
    public int code() {
        return code;
    }

    /** The machine-readable name in lower snake case, e.g. {@code decode_error}. */
    public String wireName() {
        return wireName;
    }

    /** True if a client closed with this code should reconnect and RESUME; false if it must IDENTIFY anew or fix itself. */
    public boolean resumable() {
        return resumable;
    }

    /** The code with this number, if any. */
    public static Optional<CloseCode> of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
    }
}
