package io.roomcast.inbox;

import io.roomcast.events.NotificationFrequency;
import io.roomcast.social.core.Refusal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The checks of {@code PUT /users/me/notification-settings} that need no database: an unknown time zone, a
 * frequency other than all/normal/rarely, quiet hours that are not times of day 00:00 to 23:59 (e.g. 24:00, 25:30)
 * or that come without their other end, too many mutes. Each is a {@link Refusal} (400 invalid_request).
 */
public final class SettingsRules {
    /** Most muted users, and most muted clubs (count). */
    public static final int MAX_MUTES = 1_000;

    private SettingsRules() {}

    /** Settings checked and normalized: absent lists empty, frequency upper case, zone default UTC. */
    public record Valid(List<String> mutedUserIds, List<String> mutedClubIds, NotificationFrequency frequency,
                        Integer quietStartMinute, Integer quietEndMinute, String timeZone) {}

    /** @throws Refusal (INVALID) naming the first field that breaks its rule */
    public static Valid check(InboxBodies.Settings body) {
        List<String> users = body.mutedUserIds() == null ? List.of() : body.mutedUserIds().stream().distinct().toList();
        List<String> clubs = body.mutedClubIds() == null ? List.of() : body.mutedClubIds().stream().distinct().toList();
        if (users.size() > MAX_MUTES || clubs.size() > MAX_MUTES) {
            throw Refusal.invalid("at most " + MAX_MUTES + " muted users and " + MAX_MUTES + " muted clubs");
        }
        if (users.stream().anyMatch(id -> id == null || id.isBlank()) || clubs.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw Refusal.invalid("muted ids must not be empty");
        }
        NotificationFrequency frequency = NotificationFrequency.NORMAL;
        if (body.frequency() != null) {
            try {
                frequency = NotificationFrequency.valueOf(body.frequency().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("frequency must be all, normal or rarely");
            }
        }
        String zone = body.timeZone() == null ? "UTC" : body.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw Refusal.invalid("time_zone '" + zone + "' is not an IANA time zone id");
        }
        Integer start = null;
        Integer end = null;
        if (body.quietHours() != null) {
            start = minuteOfDay("quiet_hours.start", body.quietHours().start());
            end = minuteOfDay("quiet_hours.end", body.quietHours().end());
        }
        return new Valid(users, clubs, frequency, start, end, zone);
    }

    private static int minuteOfDay(String field, String text) {
        if (text == null || !text.matches("\\d\\d:\\d\\d")) {
            throw Refusal.invalid(field + " must be a time of day HH:MM, 00:00 to 23:59");
        }
        try {
            LocalTime time = LocalTime.parse(text);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field + " must be a time of day HH:MM, 00:00 to 23:59 (quiet hours span less than 24 h)");
        }
    }
}
