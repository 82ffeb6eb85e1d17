package io.roomcast.gateway.rest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {
    private final RateLimitPolicy policy = RateLimitPolicy.defaults();

    @Test
    void theDefaultsAreTheIssuesSeeds() {
        assertThat(policy.require("create_room")).isEqualTo(new RateLimitPolicy.Limit(5, Duration.ofHours(24)));
        assertThat(policy.require("join")).isEqualTo(new RateLimitPolicy.Limit(10, Duration.ofMinutes(1)));
        assertThat(policy.require("command")).isEqualTo(new RateLimitPolicy.Limit(20, Duration.ofSeconds(1)));
    }

    @Test
    void aWebSocketCommandCountsAgainstCommandAndAJoinAgainstJoinToo() {
        assertThat(RateLimitPolicy.actionsOfCommand("raise_hand")).containsExactly("command");
        assertThat(RateLimitPolicy.actionsOfCommand("join")).containsExactly("command", "join");
    }

    @Test
    void theStrictestOfSeveralDecisionsIsTheRefusalThatEndsLast() {
        RateLimitPolicy.Decision command = policy.decide("command", 3, 900);
        RateLimitPolicy.Decision join = policy.decide("join", 10, 40_000);
        assertThat(RateLimitPolicy.strictest(List.of(command, join))).isEqualTo(join);
        RateLimitPolicy.Decision joinRefused = policy.decide("join", 11, 40_000);
        RateLimitPolicy.Decision commandRefused = policy.decide("command", 21, 900);
        assertThat(RateLimitPolicy.strictest(List.of(commandRefused, joinRefused))).isEqualTo(joinRefused);
        assertThat(RateLimitPolicy.strictest(List.of(commandRefused, join))).isEqualTo(commandRefused);
    }

    @Test
    void requestsUpToTheLimitAreAllowedWithWhatRemains() {
        assertThat(policy.decide("create_room", 1, 86_400_000)).satisfies(d -> {
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(4);
            assertThat(d.retryAfterMs()).isZero();
        });
        assertThat(policy.decide("create_room", 5, 1_000).remaining()).isZero();
        assertThat(policy.decide("create_room", 5, 1_000).allowed()).isTrue();
    }

    @Test
    void theFirstRequestOverTheLimitIsRefusedUntilTheWindowCloses() {
        RateLimitPolicy.Decision d = policy.decide("create_room", 6, 3_600_500);
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterMs()).isEqualTo(3_600_500);
        assertThat(d.retryAfterSeconds()).isEqualTo(3_601);
    }

    @Test
    void anUnknownWindowLeftMeansTheWholeWindowAndRetryIsNeverZero() {
        assertThat(policy.decide("join", 11, -1).retryAfterMs()).isEqualTo(60_000);
        assertThat(policy.decide("command", 21, 0).retryAfterMs()).isEqualTo(1_000);
        assertThat(policy.decide("command", 21, 5_000).retryAfterMs()).isEqualTo(1_000);
        assertThat(new RateLimitPolicy.Decision(false, "command", 20, 0, 1).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> policy.decide("fly", 1, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("fly");
        assertThatThrownBy(() -> policy.decide("join", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitPolicy.Limit(0, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitPolicy.Limit(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitPolicy(Map.of(" ", new RateLimitPolicy.Limit(1, Duration.ofSeconds(1)))))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
