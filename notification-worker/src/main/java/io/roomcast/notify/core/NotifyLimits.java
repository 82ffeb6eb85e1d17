package io.roomcast.notify.core;

import java.time.Duration;

/**
 * The worker's limits (application.yml {@code roomcast.notify.*}).
 *
 * @param rateWindow      the sliding window of the per-recipient rate limit (default 1 h)
 * @param limitAll        notifications per window for frequency ALL (count, default 20)
 * @param limitNormal     notifications per window for frequency NORMAL, and for users without settings (default 10)
 * @param limitRarely     notifications per window for frequency RARELY (default 3)
 * @param dedupRetention  how long a (recipient, room, kind) key is remembered, ms after its decision (default 2 days;
 *                        a room lives at most a day)
 * @param handWindow      hands raised within this time after the first are told as one (default 30 s)
 * @param reminderLead    how long before a scheduled room's announced start its reminder is due (default 10 min;
 *                        0 = at the start)
 */
public record NotifyLimits(Duration rateWindow, int limitAll, int limitNormal, int limitRarely,
                           Duration dedupRetention, Duration handWindow, Duration reminderLead) {
    public static final NotifyLimits DEFAULTS = new NotifyLimits(Duration.ofHours(1), 20, 10, 3, Duration.ofDays(2),
        Duration.ofSeconds(30), Duration.ofMinutes(10));

    /**
     * @throws IllegalArgumentException for a non-positive window or limit, a retention shorter than the window, or a
     *                                  negative hand window or reminder lead
     */
    public NotifyLimits {
        if (rateWindow.isNegative() || rateWindow.isZero() || limitAll < 1 || limitNormal < 1 || limitRarely < 1
            || dedupRetention.compareTo(rateWindow) < 0 || handWindow.isNegative() || reminderLead.isNegative()) {
            throw new IllegalArgumentException("need a positive rate window and limits, dedup-retention >= rate-window, "
                + "hand-window >= 0, reminder-lead >= 0: " + this);
        }
    }
}
