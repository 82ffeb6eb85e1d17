package io.roomcast.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.roomcast.notify.core.NotifyLimits;
import io.roomcast.notify.topology.NotificationTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** application.yml holds the code's defaults (read without starting the service: no I/O). */
class NotifySettingsTest {

    @Test
    void applicationYmlHoldsTheDocumentedDefaults() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment yml = context.getEnvironment().start();
            assertThat(new NotificationTopology.Settings(new NotifyLimits(
                    yml.getRequiredProperty("roomcast.notify.rate-window", Duration.class),
                    yml.getRequiredProperty("roomcast.notify.limit-all", Integer.class),
                    yml.getRequiredProperty("roomcast.notify.limit-normal", Integer.class),
                    yml.getRequiredProperty("roomcast.notify.limit-rarely", Integer.class),
                    yml.getRequiredProperty("roomcast.notify.dedup-retention", Duration.class),
                    yml.getRequiredProperty("roomcast.notify.hand-window", Duration.class),
                    yml.getRequiredProperty("roomcast.notify.reminder-lead", Duration.class)),
                yml.getRequiredProperty("roomcast.notify.punctuate-every", Duration.class),
                yml.getRequiredProperty("roomcast.notify.push-ttl", Duration.class),
                yml.getRequiredProperty("roomcast.notify.audience-partitions", Integer.class), 0, false))
                .isEqualTo(NotificationTopology.Settings.DEFAULTS)
                .isEqualTo(new NotifySettings().topology());
        }
    }

    @Test
    void anOutOfRangeValueIsRefusedNamingTheSetting() {
        NotifySettings settings = new NotifySettings();
        settings.setLimitNormal(0);
        assertThatThrownBy(settings::topology).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("limitNormal=0");
    }
}
