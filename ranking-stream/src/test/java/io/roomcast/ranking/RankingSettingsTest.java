package io.roomcast.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.roomcast.ranking.core.RoomStatsRules;
import io.roomcast.ranking.topology.HallwayTopology;
import io.roomcast.ranking.topology.RankingTopology;
import io.roomcast.schemas.projection.TopicProjector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** application.yml holds the code's defaults (read without starting the service: no I/O). */
class RankingSettingsTest {

    @Test
    void applicationYmlHoldsTheDocumentedDefaults() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment yml = context.getEnvironment().start();
            assertThat(new RankingTopology.Settings(
                new RoomStatsRules.Settings(
                    yml.getRequiredProperty("roomcast.momentum-short-window", Duration.class),
                    yml.getRequiredProperty("roomcast.momentum-long-window", Duration.class)),
                yml.getRequiredProperty("roomcast.momentum-refresh", Duration.class),
                yml.getRequiredProperty("roomcast.ended-retention", Duration.class), 0))
                .isEqualTo(RankingTopology.Settings.DEFAULTS)
                .isEqualTo(new RankingSettings().topology());
            assertThat(new TopicProjector.Settings(
                yml.getRequiredProperty("roomcast.read-model-batch", Integer.class),
                yml.getRequiredProperty("roomcast.read-model-retry", Duration.class)))
                .isEqualTo(TopicProjector.Settings.DEFAULT)
                .isEqualTo(new RankingSettings().readModel());
            assertThat(yml.getRequiredProperty("roomcast.stats-expiry", Duration.class))
                .isEqualTo(new RankingSettings().getStatsExpiry());
        }
    }

    @Test
    void applicationYmlHoldsTheHallwaysDefaults() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment yml = context.getEnvironment().start();
            HallwaySettings fromYml = new HallwaySettings();
            fromYml.setWeightSocial(number(yml, "weight-social"));
            fromYml.setWeightTopic(number(yml, "weight-topic"));
            fromYml.setWeightMomentum(number(yml, "weight-momentum"));
            fromYml.setWeightSpeakerQuality(number(yml, "weight-speaker-quality"));
            fromYml.setFollowedSpeakerWeight(number(yml, "followed-speaker-weight"));
            fromYml.setFollowedListenerWeight(number(yml, "followed-listener-weight"));
            fromYml.setCoListenBoost(number(yml, "co-listen-boost"));
            fromYml.setCoListenCap((int) number(yml, "co-listen-cap"));
            fromYml.setFollowHalfLife(duration(yml, "follow-half-life"));
            fromYml.setOldFollowFloor(number(yml, "old-follow-floor"));
            fromYml.setSocialSaturation(number(yml, "social-saturation"));
            fromYml.setClubWeight(number(yml, "club-weight"));
            fromYml.setMomentumHalfSaturation(number(yml, "momentum-half-saturation"));
            fromYml.setUnknownSpeakerQuality(number(yml, "unknown-speaker-quality"));
            fromYml.setLiveLimit((int) number(yml, "live-limit"));
            fromYml.setUpcomingLimit((int) number(yml, "upcoming-limit"));
            fromYml.setUpcomingHorizon(duration(yml, "upcoming-horizon"));
            fromYml.setTrendingJoinsPerMinute(number(yml, "trending-joins-per-minute"));
            fromYml.setColdStartFollows((int) number(yml, "cold-start-follows"));
            fromYml.setDebounce(duration(yml, "debounce"));
            fromYml.setTick(duration(yml, "tick"));
            fromYml.setActiveWindow(duration(yml, "active-window"));
            fromYml.setRefresh(duration(yml, "refresh"));
            fromYml.setCelebrityFollowers((int) number(yml, "celebrity-followers"));
            fromYml.setNudgeWait(duration(yml, "nudge-wait"));
            assertThat(fromYml.topology()).isEqualTo(HallwayTopology.Settings.DEFAULTS);
            assertThat(duration(yml, "expiry")).isEqualTo(new HallwaySettings().getExpiry());
        }
    }

    private static double number(Environment yml, String key) {
        return yml.getRequiredProperty("roomcast.hallway." + key, Double.class);
    }

    private static Duration duration(Environment yml, String key) {
        return yml.getRequiredProperty("roomcast.hallway." + key, Duration.class);
    }


    @Test
    void anOutOfRangeValueIsRefusedNamingTheSetting() {
        RankingSettings settings = new RankingSettings();
        settings.setMomentumRefresh(Duration.ofMillis(10));
        assertThatThrownBy(settings::topology).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("momentum-refresh");
    }

    @Test
    void anOutOfRangeHallwaySettingIsRefusedNamingTheSettings() {
        HallwaySettings settings = new HallwaySettings();
        settings.setWeightSocial(-1);
        assertThatThrownBy(settings::topology).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("roomcast.hallway");
    }
}
