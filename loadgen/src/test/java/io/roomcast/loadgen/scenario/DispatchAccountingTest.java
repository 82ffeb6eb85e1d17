package io.roomcast.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The room scenario's resume accounting (issue 10: a demo reported {@code "missed_after_resume":1}).
 * The sequence of that run: the listener drops after seq 40; three speakers on two gateway nodes mute
 * themselves, and their commands reach Kafka in another order than sent (speaker 3's mute at seq 50,
 * speaker 2's at 51); the host, on node 0, awaits speaker 3's mute and gets 51 right after; the
 * listener resumes on node 1, gets 41..50 replayed and the scenario, woken by 50, compares at once:
 * 51 is still on its way to the resumed client.
 */
class DispatchAccountingTest {
    private static final List<Long> HOST = List.of(38L, 39L, 40L, 41L, 45L, 50L, 51L);
    private static final List<Long> BEFORE_DROP = List.of(38L, 39L, 40L);

    private static List<Long> resumed(List<Long> after) {
        List<Long> all = new ArrayList<>(BEFORE_DROP);
        all.addAll(after);
        return all;
    }

    @Test
    void aFactStillOnItsWayToTheResumedClientIsNotMissed() {
        // The old accounting compared with all the host had at that instant: 51 counted as missed.
        assertThat(DispatchAccounting.missedAfterResume(HOST, resumed(List.of(41L, 45L, 50L)), 40, 50)).isZero();
        // At the end of the scenario, once the resumed client has the host's last fact, 51 is in.
        assertThat(DispatchAccounting.missedAfterResume(HOST, resumed(List.of(41L, 45L, 50L, 51L)), 40, 51)).isZero();
    }

    @Test
    void aFactTheResumeSkippedIsMissed() {
        assertThat(DispatchAccounting.missedAfterResume(HOST, resumed(List.of(41L, 50L, 51L)), 40, 51)).isEqualTo(1);
        assertThat(DispatchAccounting.missedAfterResume(HOST, resumed(List.of()), 40, 51)).isEqualTo(4);
    }

    @Test
    void aFactSentAgainAfterTheResumeIsADuplicateAndNotAnOrderViolation() {
        assertThat(DispatchAccounting.count(HOST, resumed(List.of(40L, 41L, 45L, 50L, 51L))))
            .isEqualTo(new DispatchAccounting.Counts(1, 0));
    }

    @Test
    void factsOutOfRoomOrderAreCounted() {
        assertThat(DispatchAccounting.count(HOST, resumed(List.of(41L, 50L, 45L, 51L))))
            .isEqualTo(new DispatchAccounting.Counts(0, 1));
        assertThat(DispatchAccounting.count(HOST, HOST)).isEqualTo(new DispatchAccounting.Counts(0, 0));
    }
}
