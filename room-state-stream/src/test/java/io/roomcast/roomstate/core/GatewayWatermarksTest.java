package io.roomcast.roomstate.core;

import static io.roomcast.roomstate.core.Commands.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The instant a presence task judges each user at: what it has read from their gateway node, or from the others. */
class GatewayWatermarksTest {
    private static final Duration DEADLINE = Duration.ofSeconds(45);

    private final GatewayWatermarks watermarks = new GatewayWatermarks(DEADLINE);

    @Test
    void withNothingReadNobodyIsJudged() {
        assertThat(watermarks.judging().at("gw-1")).isNull();
        assertThat(watermarks.judging().at("")).isNull();
    }

    @Test
    void aUserIsJudgedByWhatWasReadFromTheirOwnNodeWhileItKeepsUp() {
        watermarks.advance("gw-1", T0.plusSeconds(40));
        watermarks.advance("gw-2", T0.plusSeconds(5)); // gw-2's backlog is read after gw-1's newer records

        GatewayWatermarks.Judging judging = watermarks.judging();

        assertThat(judging.at("gw-1")).isEqualTo(T0.plusSeconds(40));
        assertThat(judging.at("gw-2")).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aNodeADeadlineBehindTheNewestIsTakenForGoneAndItsUsersAreJudgedByTheSlowestLiveNode() {
        watermarks.advance("gw-1", T0.plusSeconds(60));
        watermarks.advance("gw-2", T0.plusSeconds(50));
        watermarks.advance("gw-dead", T0.plusSeconds(15));

        GatewayWatermarks.Judging judging = watermarks.judging();

        assertThat(judging.at("gw-dead")).isEqualTo(T0.plusSeconds(50));
        assertThat(judging.at("gw-unknown")).as("a node this task never read").isEqualTo(T0.plusSeconds(50));
        assertThat(judging.at("")).as("a user who joined and has not heartbeated yet").isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void aNodeJustUnderADeadlineBehindIsStillJudgedByItsOwnProgress() {
        watermarks.advance("gw-1", T0.plusSeconds(60));
        watermarks.advance("gw-2", T0.plusSeconds(16));

        assertThat(watermarks.judging().at("gw-2")).isEqualTo(T0.plusSeconds(16));
        assertThat(watermarks.judging().at("")).isEqualTo(T0.plusSeconds(16));
    }

    @Test
    void anOlderRecordMovesNothingAndAJudgingIsNotChangedByLaterReads() {
        assertThat(watermarks.advance("gw-1", T0.plusSeconds(10))).isTrue();
        GatewayWatermarks.Judging before = watermarks.judging();

        assertThat(watermarks.advance("gw-1", T0.plusSeconds(3))).isFalse();
        assertThat(watermarks.advance("gw-1", T0.plusSeconds(10))).isFalse();
        assertThat(watermarks.advance("gw-1", T0.plusSeconds(12))).isTrue();

        assertThat(before.at("gw-1")).isEqualTo(T0.plusSeconds(10));
        assertThat(watermarks.judging().at("gw-1")).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void nodesSilentForLongAreForgottenAndTheirUsersJudgedByTheFloor() {
        watermarks.advance("gw-1", T0.plusSeconds(500));
        watermarks.advance("gw-old", T0.plusSeconds(50));
        watermarks.advance("gw-2", T0.plusSeconds(499));

        assertThat(watermarks.forgetSilent(DEADLINE.multipliedBy(10))).containsExactly("gw-old");
        assertThat(watermarks.forgetSilent(DEADLINE.multipliedBy(10))).isEmpty();
        assertThat(watermarks.judging().at("gw-old")).isEqualTo(T0.plusSeconds(499));
    }

    @Test
    void forgettingWithNothingReadOrOneNodeForgetsNothing() {
        assertThat(watermarks.forgetSilent(DEADLINE)).isEmpty();
        watermarks.advance("gw-1", T0);
        assertThat(watermarks.forgetSilent(DEADLINE)).isEmpty();
    }
}
