package io.roomcast.gateway.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of the client protocol; the adapter binds them to {@code roomcast.gateway.*}
 * settings. Defaults in {@link #defaults()}.
 *
 * @param maxFrameBytes              largest accepted client text frame, bytes of UTF-8 (default 16 KiB)
 * @param heartbeatInterval          how often clients heartbeat, announced in HELLO (default 15 s)
 * @param missedHeartbeatsAllowed    the server closes a session (4009) with no heartbeat for
 *                                   heartbeatInterval x this many (default 2, i.e. 30 s: below the
 *                                   45 s presence deadline, so a client that resumes at once causes no leave)
 * @param identifyTimeout            time after HELLO within which IDENTIFY or RESUME must arrive, else close 4003 (default 10 s)
 * @param maxNonceChars              longest accepted command nonce, characters (default 64)
 * @param maxIdChars                 longest accepted room or user id, characters (default 128)
 * @param maxPendingCommands         commands of one session awaiting their outcome; one more gets ERROR 4008 (default 32)
 * @param pendingCommandTtl          how long a session waits for a command's outcome before forgetting it (default 60 s)
 * @param heartbeatPublishInterval   least time between two heartbeats of one session published to
 *                                   presence-heartbeats; faster heartbeats are acknowledged, not published (default 5 s)
 * @param joinTimeout              how long a join waits for its decision and then for the read model's snapshot at
 *                                   or after it (and a RESUME needing a fresh snapshot for that snapshot); a join not
 *                                   answered by then gets ERROR 4000 with its nonce (default 10 s)
 * @param upgradeTimeout             time a new TCP connection has to send a whole request head (the WebSocket upgrade,
 *                                   or a REST request), else it is closed: half-sent requests hold no socket (default 10 s)
 */
public record ProtocolSettings(int maxFrameBytes, Duration heartbeatInterval, int missedHeartbeatsAllowed,
                               Duration identifyTimeout, int maxNonceChars, int maxIdChars, int maxPendingCommands,
                               Duration pendingCommandTtl, Duration heartbeatPublishInterval,
                               Duration joinTimeout, Duration upgradeTimeout) {

    /** Default max frame size: 16 KiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024;

    public ProtocolSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(identifyTimeout, "identifyTimeout");
        Objects.requireNonNull(pendingCommandTtl, "pendingCommandTtl");
        Objects.requireNonNull(heartbeatPublishInterval, "heartbeatPublishInterval");
        Objects.requireNonNull(joinTimeout, "joinTimeout");
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
        if (maxFrameBytes <= 0 || missedHeartbeatsAllowed <= 0 || maxNonceChars <= 0 || maxIdChars <= 0
            || maxPendingCommands <= 0 || heartbeatInterval.isNegative() || heartbeatInterval.isZero()
            || joinTimeout.isNegative() || joinTimeout.isZero() || upgradeTimeout.isNegative() || upgradeTimeout.isZero()) {
            throw new IllegalArgumentException("protocol limits must be positive: " + this);
        }
    }

    /** The documented defaults. */
    public static ProtocolSettings defaults() {
        return new ProtocolSettings(DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(15), 2, Duration.ofSeconds(10), 64, 128,
            32, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /** Longest time without a heartbeat before the server closes the session: interval x missed allowed. */
    public Duration heartbeatDeadline() {
        return heartbeatInterval.multipliedBy(missedHeartbeatsAllowed);
    }
}
