package io.roomcast.roomstate.core;

import java.time.Duration;

/**
 * The platform's room limits (settings {@code roomcast.rooms.*} in application.yml, each with the
 * default below). A room's own settings may lower capacity and speaker limit, never raise them.
 *
 * @param capacity              participants per room, all roles (count; default 8,000)
 * @param speakerLimit          SPEAKER plus MODERATOR participants per room (count; default 20)
 * @param handQueueLimit        raised hands waiting per room (count; default 500)
 * @param maxDuration           a LIVE room ends this long after it started (default 12 h)
 * @param emptyTimeout          a LIVE room with nobody in it ends after this long (default 5 min)
 * @param idleExpiry            a room with no command for this long ends; an ended room is forgotten
 *                              this long after its last command (default 24 h)
 * @param scheduledStartTimeout a SCHEDULED room nobody started ends this long after its start time (default 1 h)
 */
public record RoomLimits(int capacity, int speakerLimit, int handQueueLimit, Duration maxDuration,
                         Duration emptyTimeout, Duration idleExpiry, Duration scheduledStartTimeout) {

    /** The defaults of ARCHITECTURE.md and the room-state-stream issue. */
    public static final RoomLimits DEFAULTS = new RoomLimits(8_000, 20, 500, Duration.ofHours(12),
        Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(1));

    /** Longest title, in code points ({@link io.roomcast.schemas.validation.TextRules#TITLE}, which also bounds its bytes). */
    public static final int MAX_TITLE_LENGTH = io.roomcast.schemas.validation.TextRules.TITLE_MAX_CODE_POINTS;
}
