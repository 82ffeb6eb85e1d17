package io.roomcast.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.NotificationSettings;
import org.junit.jupiter.api.Test;

class PreferencesTest {
    private final NotificationSettings settings = Preferences.defaults("ann");

    @Test
    void defaultsMuteNothingAndHaveNoQuietHours() {
        assertThat(Preferences.mutes(settings, "x", "y")).isFalse();
        assertThat(Preferences.inQuietHours(settings, java.time.Instant.parse("2026-12-03T03:00:00Z"))).isFalse();
    }

    @Test
    void anUnknownZoneCountsAsUtc() {
        settings.setTimeZone("Mars/Olympus");
        settings.setQuietStartMinute(60);
        settings.setQuietEndMinute(120);
        assertThat(Preferences.inQuietHours(settings, java.time.Instant.parse("2026-12-03T01:30:00Z"))).isTrue();
    }

    @Test
    void equalBoundsMeanNoQuietHours() {
        settings.setQuietStartMinute(60);
        settings.setQuietEndMinute(60);
        assertThat(Preferences.inQuietHours(settings, java.time.Instant.parse("2026-12-03T01:00:00Z"))).isFalse();
    }
}
