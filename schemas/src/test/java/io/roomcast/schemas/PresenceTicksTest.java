package io.roomcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.schemas.validation.Reason;
import io.roomcast.schemas.validation.RecordValidator;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A gateway node's tick on presence-heartbeats: what makes one valid, and where it belongs. */
class PresenceTicksTest {
    private static final Instant AT = Instant.parse("2026-12-06T14:00:00Z");
    private static final int PARTITIONS = Topics.PRESENCE_HEARTBEATS.partitions();

    @Test
    void aTickNamesOnlyItsNodeAndTimeAndIsValid() {
        PresenceHeartbeat tick = PresenceTicks.tick("gateway-a", AT);

        assertThat(PresenceTicks.isTick(tick)).isTrue();
        assertThat(tick.getGatewayNode()).isEqualTo("gateway-a");
        assertThat(tick.getOccurredAt()).isEqualTo(AT);
        assertThat(RecordValidator.DEFAULT.violation(tick)).isNull();
    }

    @Test
    void aTickNamingASessionOrARoomIsInvalidAndSoIsOneWithoutANode() {
        PresenceHeartbeat tick = PresenceTicks.tick("gateway-a", AT);

        assertThat(RecordValidator.DEFAULT.violation(PresenceHeartbeat.newBuilder(tick).setSessionId("s-1").build()))
            .contains("tick");
        assertThat(RecordValidator.DEFAULT.violation(PresenceHeartbeat.newBuilder(tick).setRoomId("r-1").build()))
            .contains("tick");
        assertThat(RecordValidator.DEFAULT.violation(PresenceHeartbeat.newBuilder(tick).setGatewayNode("").build()))
            .isEqualTo("gatewayNode is empty");
    }

    @Test
    void aHeartbeatStillNeedsItsSession() {
        PresenceHeartbeat beat = heartbeat("ann");

        assertThat(PresenceTicks.isTick(beat)).isFalse();
        assertThat(RecordValidator.DEFAULT.violation(beat)).isNull();
        assertThat(RecordValidator.DEFAULT.violation(PresenceHeartbeat.newBuilder(beat).setSessionId(null).build()))
            .isEqualTo("sessionId is missing");
    }

    @Test
    void aTickBelongsOnEveryPartitionUnderNoKey() {
        PresenceHeartbeat tick = PresenceTicks.tick("gateway-a", AT);

        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(PresenceTicks.placement(null, tick, partition, PARTITIONS)).isNull();
        }
        assertThat(PresenceTicks.placement("ann", tick, 0, PARTITIONS).reason()).isEqualTo(Reason.KEY_MISMATCH);
    }

    @Test
    void aHeartbeatBelongsUnderItsUserOnThatKeysPartition() {
        PresenceHeartbeat beat = heartbeat("ann");
        int own = Topic.partitionOf("ann", PARTITIONS);

        assertThat(PresenceTicks.placement("ann", beat, own, PARTITIONS)).isNull();
        assertThat(PresenceTicks.placement("ann", beat, (own + 1) % PARTITIONS, PARTITIONS).reason())
            .isEqualTo(Reason.WRONG_PARTITION);
        assertThat(PresenceTicks.placement(null, beat, own, PARTITIONS).reason()).isEqualTo(Reason.KEY_MISMATCH);
    }

    private static PresenceHeartbeat heartbeat(String user) {
        return PresenceHeartbeat.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(AT).setUserId(user)
            .setRoomId("r-1").setSessionId("s-" + user).setClientTime(null).setGatewayNode("gateway-a").build();
    }
}
