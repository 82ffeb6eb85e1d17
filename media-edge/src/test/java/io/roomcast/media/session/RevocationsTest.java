package io.roomcast.media.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RevocationsTest {
    private static final long SKEW_MS = 1_000;
    private static final long RETENTION_MS = 308_000;
    /** 12:00:00.250 of some day, epoch ms. */
    private static final long KICK_MS = 1_748_779_200_250L;
    private static final long KICK_S = KICK_MS / 1000;

    private final Revocations revocations = new Revocations(SKEW_MS, RETENTION_MS);

    @Test
    void aTokenIssuedUntilTheKickPlusTheSkewIsRefusedALaterOneIsNot() {
        revocations.revoke("r", "kim", KICK_MS, KICK_MS + 10);

        assertThat(revocations.refuses("r", "kim", KICK_S - 240)).as("issued 4 min before").isTrue();
        assertThat(revocations.refuses("r", "kim", KICK_S)).as("issued in the kick's second").isTrue();
        assertThat(revocations.refuses("r", "kim", KICK_S + 1)).as("within the skew after it").isTrue();
        assertThat(revocations.refuses("r", "kim", KICK_S + 2)).as("issued after rejoining").isFalse();
        assertThat(revocations.refuses("r", "kim", Long.MIN_VALUE)).as("issue time unknown").isTrue();
    }

    @Test
    void aRevocationIsOfOneUserInOneRoom() {
        revocations.revoke("r", "kim", KICK_MS, KICK_MS);

        assertThat(revocations.refuses("r", "kay", KICK_S - 10)).isFalse();
        assertThat(revocations.refuses("other", "kim", KICK_S - 10)).isFalse();
        assertThat(revocations.refuses("other", "kim", Long.MIN_VALUE)).isFalse();
    }

    @Test
    void aLaterFactMovesTheCutOffForwardAnEarlierOneNeverBack() {
        revocations.revoke("r", "kim", KICK_MS, KICK_MS);
        revocations.revoke("r", "kim", KICK_MS + 60_000, KICK_MS + 60_000);
        revocations.revoke("r", "kim", KICK_MS - 60_000, KICK_MS + 60_000);

        assertThat(revocations.refuses("r", "kim", KICK_S + 61)).isTrue();
        assertThat(revocations.refuses("r", "kim", KICK_S + 62)).isFalse();
        assertThat(revocations.size()).isEqualTo(1);
    }

    @Test
    void aFactFromTheFutureCountsAsAppliedNowSoFreshTokensAfterItBind() {
        revocations.revoke("r", "kim", KICK_MS + 3_600_000, KICK_MS);

        assertThat(revocations.refuses("r", "kim", KICK_S + 2)).isFalse();
        assertThat(revocations.refuses("r", "kim", KICK_S)).isTrue();
    }

    @Test
    void revocationsPastTheirRetentionAreDroppedAndOldReplayedOnesNeverKept() {
        for (int i = 0; i < 1000; i++) {
            revocations.revoke("r", "u" + i, KICK_MS + i, KICK_MS + i);
        }
        assertThat(revocations.size()).isEqualTo(1000);

        long later = KICK_MS + RETENTION_MS + 500;
        revocations.revoke("r", "late", later, later);
        assertThat(revocations.size()).as("u0..u499 past retention; u500..u999 and late kept").isEqualTo(501);

        revocations.revoke("r", "old", later - RETENTION_MS - 1, later);
        assertThat(revocations.size()).isEqualTo(501);
        assertThat(revocations.refuses("r", "old", KICK_S)).isFalse();
    }

    @Test
    void aNegativeSkewOrATinyRetentionIsRefused() {
        assertThatThrownBy(() -> new Revocations(-1, RETENTION_MS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Revocations(0, 999)).isInstanceOf(IllegalArgumentException.class);
    }
}
