package io.roomcast.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.events.NotificationFrequency;
import io.roomcast.social.core.Refusal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsRulesTest {
    private static InboxBodies.Settings body(String frequency, InboxBodies.QuietHours quiet, String zone) {
        return new InboxBodies.Settings(List.of("u1", "u1"), null, frequency, quiet, zone);
    }

    private static void refused(InboxBodies.Settings body, String message) {
        assertThatThrownBy(() -> SettingsRules.check(body)).isInstanceOf(Refusal.class)
            .hasMessageContaining(message)
            .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.INVALID));
    }

    @Test
    void validSettingsAreNormalized() {
        SettingsRules.Valid valid = SettingsRules.check(body("RARELY",
            new InboxBodies.QuietHours("22:30", "07:00"), "Europe/Paris"));
        assertThat(valid.mutedUserIds()).containsExactly("u1");
        assertThat(valid.mutedClubIds()).isEmpty();
        assertThat(valid.frequency()).isEqualTo(NotificationFrequency.RARELY);
        assertThat(valid.quietStartMinute()).isEqualTo(22 * 60 + 30);
        assertThat(valid.quietEndMinute()).isEqualTo(7 * 60);
        assertThat(SettingsRules.check(new InboxBodies.Settings(null, null, null, null, null)))
            .isEqualTo(new SettingsRules.Valid(List.of(), List.of(), NotificationFrequency.NORMAL, null, null, "UTC"));
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        refused(body(null, null, "Mars/Olympus"), "time_zone 'Mars/Olympus'");
    }

    @Test
    void quietHoursBeyondADayOrHalfGivenAreRefused() {
        refused(body(null, new InboxBodies.QuietHours("22:00", "24:00"), null), "quiet_hours.end");
        refused(body(null, new InboxBodies.QuietHours("25:30", "07:00"), null), "quiet_hours.start");
        refused(body(null, new InboxBodies.QuietHours("22:00", null), null), "quiet_hours.end");
        refused(body(null, new InboxBodies.QuietHours("9pm", "07:00"), null), "HH:MM");
    }

    @Test
    void anUnknownFrequencyAndTooManyMutesAreRefused() {
        refused(body("hourly", null, null), "all, normal or rarely");
        List<String> many = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "u" + i).toList();
        refused(new InboxBodies.Settings(many, null, null, null, null), "at most 1000");
        refused(new InboxBodies.Settings(Collections.singletonList(""), null, null, null, null), "must not be empty");
    }
}
