package io.roomcast.roomstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.roomcast.schemas.projection.TopicProjector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The read model projector's limits come from application.yml (read without starting the service: no I/O). */
class RoomStateSettingsTest {

    @Test
    void applicationYmlHoldsTheDocumentedDefaults() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment yml = context.getEnvironment().start();
            assertThat(new TopicProjector.Settings(
                yml.getRequiredProperty("roomcast.read-model-batch", Integer.class),
                yml.getRequiredProperty("roomcast.read-model-retry", Duration.class)))
                .isEqualTo(TopicProjector.Settings.DEFAULT)
                .isEqualTo(new RoomStateSettings().readModel());
        }
    }

    @Test
    void anOutOfRangeValueIsRefusedNamingTheSetting() {
        RoomStateSettings settings = new RoomStateSettings();
        settings.setReadModelBatch(0);
        assertThatThrownBy(settings::readModel).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("read-model-batch");
    }
}
