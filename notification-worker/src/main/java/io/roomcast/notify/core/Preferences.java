package io.roomcast.notify.core;

import io.roomcast.events.NotificationFrequency;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotificationSettings;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A user's notification preferences ({@link NotificationSettings}, topic notification-settings) and what they
 * allow: mutes, frequency and quiet hours in the user's time zone.
 */
public final class Preferences {
    private Preferences() {}

    /** The settings of a user who never set any: NORMAL, nothing muted, no quiet hours, UTC. */
    public static NotificationSettings defaults(String userId) {
        return NotificationSettings.newBuilder().setEventId(new UUID(0, 0)).setOccurredAt(Instant.EPOCH)
            .setUserId(userId).setVersion(0).setMutedUserIds(List.of()).setMutedClubIds(List.of())
            .setFrequency(NotificationFrequency.NORMAL).setQuietStartMinute(null).setQuietEndMinute(null)
            .setTimeZone("UTC").build();
    }

    /** Whether the user muted the actor or the club of a notification (either may be null). */
    public static boolean mutes(NotificationSettings settings, String actorId, String clubId) {
        return (actorId != null && settings.getMutedUserIds().contains(actorId))
            || (clubId != null && settings.getMutedClubIds().contains(clubId));
    }

    /** Whether the frequency lets this kind through: RARELY drops FOLLOWED_SPEAKING and HAND_RAISED. */
    public static boolean frequencyAllows(NotificationFrequency frequency, NotificationKind kind) {
        return frequency != NotificationFrequency.RARELY
            || (kind != NotificationKind.FOLLOWED_SPEAKING && kind != NotificationKind.HAND_RAISED);
    }

    /** The rate limit of a frequency, notifications per {@link NotifyLimits#rateWindow()}. */
    public static int rateLimit(NotificationFrequency frequency, NotifyLimits limits) {
        return switch (frequency) {
            case ALL -> limits.limitAll();
            case NORMAL -> limits.limitNormal();
            case RARELY -> limits.limitRarely();
        };
    }

    /**
     * Whether {@code now} falls in the user's quiet hours: [start, end) minutes of the day in the user's time zone,
     * across midnight when end is before start (22:00-07:00); start == end means none. An unknown zone id (the API
     * accepts none: notification-inbox's SettingsRules) counts as UTC.
     */
    public static boolean inQuietHours(NotificationSettings settings, Instant now) {
        Integer start = settings.getQuietStartMinute();
        Integer end = settings.getQuietEndMinute();
        if (start == null || end == null || start.equals(end)) {
            return false;
        }
        int minute = now.atZone(zone(settings.getTimeZone())).toLocalTime().toSecondOfDay() / 60;
        return start < end ? minute >= start && minute < end : minute >= start || minute < end;
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
