package io.roomcast.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterEstimatorTest {
    private static final int FRAME = 960;

    @Test
    void packetsArrivingExactlyOnTheirClockHaveNoJitter() {
        JitterEstimator jitter = new JitterEstimator();
        for (int i = 0; i < 50; i++) {
            jitter.update(7 + i * FRAME, i * FRAME);
        }
        assertThat(jitter.jitter()).isZero();
    }

    @Test
    void aWorkedExample() {
        // Sent every 960 units; arrivals late by 0, 160, 0, 160 units (transit 1000, 1160, 1000, 1160):
        // |D| = 160 each time. J = J + (|D| - J) / 16 gives 10, 19.375, 28.16 (RFC 3550 section 6.4.1);
        // the integer form of A.8 keeps 16·J = 160, 310, 451 and reports 16·J >> 4 = 10, 19, 28.
        JitterEstimator jitter = new JitterEstimator();
        jitter.update(1000, 0);
        assertThat(jitter.jitter()).isZero();
        jitter.update(1160 + FRAME, FRAME);
        assertThat(jitter.jitter()).isEqualTo(10);
        jitter.update(1000 + 2 * FRAME, 2 * FRAME);
        assertThat(jitter.jitter()).isEqualTo(19);
        jitter.update(1160 + 3 * FRAME, 3 * FRAME);
        assertThat(jitter.jitter()).isEqualTo(28);
    }

    @Test
    void aSteadyAlternationConvergesToItsAmplitude() {
        // |D| = 480 on every packet: J tends to 480.
        JitterEstimator jitter = new JitterEstimator();
        for (int i = 0; i < 400; i++) {
            jitter.update(i * FRAME + (i % 2) * 480, i * FRAME);
        }
        assertThat(jitter.jitter()).isBetween(470L, 480L);
    }

    @Test
    void theRtpTimestampWrapDoesNotDisturbIt() {
        JitterEstimator jitter = new JitterEstimator();
        int start = Integer.MAX_VALUE - 2 * FRAME;
        for (int i = 0; i < 10; i++) {
            jitter.update(123_456 + i * FRAME, start + i * FRAME);
        }
        assertThat(jitter.jitter()).isZero();
    }

    @Test
    void convertsNanosecondsToRtpUnits() {
        assertThat(JitterEstimator.toRtpUnits(20_000_000L, 48_000)).isEqualTo(960);
        assertThat(JitterEstimator.toRtpUnits(3_000_000_000L, 48_000)).isEqualTo(144_000);
        assertThat(JitterEstimator.toRtpUnits(-20_000_000L, 48_000)).isEqualTo(-960);
    }
}
