package io.roomcast.media.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomcast.media.rtp.AudioLevel;
import org.junit.jupiter.api.Test;

class LoudestSpeakersTest {
    private static final long FRAME_NANOS = 20_000_000L;
    private static final long HOLD_NANOS = 500_000_000L;
    private static final int MARGIN_DB = 3;

    private final LoudestSpeakers loudest = new LoudestSpeakers(3, 20, HOLD_NANOS, MARGIN_DB);
    private long now = 1_000_000_000L;

    /** One 20 ms round in which each speaker sends a packet at its level (-dBov); whether each was forwarded. */
    private boolean[] round(int[] ssrcs, int[] levels) {
        boolean[] forwarded = new boolean[ssrcs.length];
        for (int i = 0; i < ssrcs.length; i++) {
            forwarded[i] = loudest.admit(ssrcs[i], AudioLevel.of(levels[i], true), now);
        }
        now += FRAME_NANOS;
        return forwarded;
    }

    @Test
    void upToNSpeakersAreAllForwarded() {
        assertThat(round(new int[] {1, 2, 3}, new int[] {90, 60, 30})).containsExactly(true, true, true);
    }

    @Test
    void aFourthSpeakerIsForwardedOnlyWhenClearlyLouderThanTheQuietestHolder() {
        int[] ssrcs = {1, 2, 3, 4};
        for (int i = 0; i < 50; i++) {
            round(ssrcs, new int[] {30, 40, 50, 52});
        }
        assertThat(round(ssrcs, new int[] {30, 40, 50, 52})).containsExactly(true, true, true, false);
        // Speaker 4 becomes 30 dB louder than speaker 3: it takes speaker 3's slot within a few packets.
        boolean[] last = null;
        for (int i = 0; i < 10; i++) {
            last = round(ssrcs, new int[] {30, 40, 50, 20});
        }
        assertThat(last).containsExactly(true, true, false, true);
        assertThat(loudest.isForwarded(3)).isFalse();
    }

    @Test
    void speakersOfAboutTheSameLoudnessDoNotFlap() {
        int[] ssrcs = {1, 2, 3, 4};
        for (int i = 0; i < 50; i++) {
            round(ssrcs, new int[] {30, 30, 40, 41});
        }
        for (int i = 0; i < 50; i++) {
            assertThat(round(ssrcs, new int[] {30, 30, 41, 40})).containsExactly(true, true, true, false);
        }
    }

    @Test
    void aHolderThatFallsSilentGivesUpItsSlotAfterTheHold() {
        for (int i = 0; i < 20; i++) {
            round(new int[] {1, 2, 3, 4}, new int[] {10, 10, 10, 100});
        }
        int rounds = 0;
        while (!round(new int[] {1, 2, 4}, new int[] {10, 10, 100})[2]) {
            rounds++;
        }
        assertThat(rounds * FRAME_NANOS).isBetween(HOLD_NANOS - 2 * FRAME_NANOS, HOLD_NANOS);
    }

    @Test
    void aRemovedSpeakerFreesItsSlotAtOnce() {
        int[] ssrcs = {1, 2, 3, 4};
        round(ssrcs, new int[] {10, 10, 10, 100});
        loudest.remove(2);
        assertThat(loudest.admit(4, AudioLevel.of(100, false), now)).isTrue();
    }

    @Test
    void packetsWithoutALevelCountAsSilence() {
        int[] ssrcs = {1, 2, 3};
        round(ssrcs, new int[] {50, 50, 50});
        assertThat(loudest.admit(9, AudioLevel.ABSENT, now)).isFalse();
    }

    @Test
    void whenFullTheSpeakerSilentTheLongestIsForgotten() {
        LoudestSpeakers two = new LoudestSpeakers(1, 2, HOLD_NANOS, MARGIN_DB);
        assertThat(two.admit(1, AudioLevel.of(10, true), 0)).isTrue();
        two.admit(2, AudioLevel.of(10, true), 1);
        two.admit(3, AudioLevel.of(10, true), 2);
        assertThat(two.isForwarded(1)).isFalse();
        assertThat(two.admit(3, AudioLevel.of(10, true), 3)).isTrue();
        assertThatThrownBy(() -> new LoudestSpeakers(0, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
