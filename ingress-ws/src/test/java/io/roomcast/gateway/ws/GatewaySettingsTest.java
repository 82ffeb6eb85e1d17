package io.roomcast.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.roomcast.gateway.UnitContext;
import io.roomcast.gateway.fanout.Fanout;
import io.roomcast.gateway.fanout.RoomLog;
import io.roomcast.gateway.fanout.SessionOutbox;
import io.roomcast.gateway.feed.KafkaCatchup;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import io.roomcast.gateway.protocol.ProtocolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's limits come from application.yml and its overrides (no server started, no I/O). */
class GatewaySettingsTest {

    @Test
    void applicationYmlHoldsTheDocumentedDefaults() {
        try (ApplicationContext context = UnitContext.run(Map.of())) {
            assertThat(context.getBean(ProtocolSettings.class)).isEqualTo(ProtocolSettings.defaults());
            assertThat(context.getBean(SessionOutbox.Limits.class)).isEqualTo(SessionOutbox.Limits.DEFAULT);
            assertThat(context.getBean(Fanout.Settings.class)).isEqualTo(Fanout.Settings.DEFAULT);
            assertThat(context.getBean(KafkaCatchup.Limits.class)).isEqualTo(KafkaCatchup.Limits.DEFAULT);
            assertThat(context.getBean(MediaEdgeDirectory.Settings.class)).isEqualTo(MediaEdgeDirectory.Settings.DEFAULT);
        }
    }

    @Test
    void anOverriddenSettingTakesEffect() {
        try (ApplicationContext context = UnitContext.run(Map.of(
                "roomcast.gateway.protocol.heartbeat-interval", "7s",
                "roomcast.gateway.protocol.max-pending-commands", "4",
                "roomcast.gateway.protocol.join-timeout", "3s",
                "roomcast.gateway.outbox.max-frames", "8",
                "roomcast.gateway.room-log.max-age", "30s",
                "roomcast.gateway.room-log.linger", "0s",
                "roomcast.gateway.media.read-timeout", "250ms",
                "roomcast.gateway.media.failover-check-interval", "200ms"))) {
            ProtocolSettings protocol = context.getBean(ProtocolSettings.class);
            assertThat(protocol.heartbeatInterval()).isEqualTo(Duration.ofSeconds(7));
            assertThat(protocol.heartbeatDeadline()).isEqualTo(Duration.ofSeconds(14));
            assertThat(protocol.maxPendingCommands()).isEqualTo(4);
            assertThat(protocol.joinTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(context.getBean(SessionOutbox.Limits.class)).isEqualTo(new SessionOutbox.Limits(8, 1L << 20));
            assertThat(context.getBean(Fanout.Settings.class))
                .isEqualTo(new Fanout.Settings(new RoomLog.Limits(1024, 1L << 20, 30_000), 0));
            assertThat(context.getBean(MediaEdgeDirectory.Settings.class))
                .isEqualTo(new MediaEdgeDirectory.Settings(Duration.ofHours(1), Duration.ofMillis(250), 3,
                    Duration.ofMillis(200)));
        }
    }

    @Test
    void theMediaSettingsTableOfProtocolMdGivesTheCodesDefaults() throws Exception {
        Matcher row = Pattern.compile("(?m)^\\| `(roomcast\\.gateway\\.media\\.[a-z-]+)` \\| ([^|]+) \\|")
            .matcher(Files.readString(Path.of("../docs/protocol.md")));
        Map<String, Object> documented = new LinkedHashMap<>();
        while (row.find()) {
            documented.put(row.group(1), row.group(2).strip());
        }
        assertThat(documented).containsOnlyKeys("roomcast.gateway.media.room-ttl", "roomcast.gateway.media.read-timeout",
            "roomcast.gateway.media.placement-attempts", "roomcast.gateway.media.failover-check-interval");
        try (ApplicationContext context = UnitContext.run(documented)) {
            assertThat(context.getBean(MediaEdgeDirectory.Settings.class)).isEqualTo(MediaEdgeDirectory.Settings.DEFAULT);
        }
    }

    @Test
    void aValueThatIsNotADurationFailsNamingTheSetting() {
        try (ApplicationContext context = UnitContext.run(Map.of(
                "roomcast.gateway.protocol.heartbeat-interval", "soon"))) {
            assertThatThrownBy(() -> context.getBean(ProtocolSettings.class)).rootCause()
                .hasMessageContaining("roomcast.gateway.protocol.heartbeat-interval").hasMessageContaining("soon");
        }
    }

    @Test
    void anOutOfRangeValueFailsWithTheLimitsMessage() {
        try (ApplicationContext context = UnitContext.run(Map.of("roomcast.gateway.outbox.max-frames", "0"))) {
            assertThatThrownBy(() -> context.getBean(SessionOutbox.Limits.class)).rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outbox limits must be >= 1");
        }
    }
}
