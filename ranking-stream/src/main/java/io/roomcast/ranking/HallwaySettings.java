package io.roomcast.ranking;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import io.roomcast.ranking.core.ImpressionAttribution;
import io.roomcast.ranking.core.SpeakerQualityRules;
import io.roomcast.ranking.topology.HallwayTopology;
import java.time.Duration;

/**
 * The hallway's settings, {@code roomcast.hallway.*} in application.yml (each overridable by environment, e.g.
 * {@code ROOMCAST_HALLWAY_DEBOUNCE}); defaults are those of {@link HallwayTopology.Settings#DEFAULTS}; meanings in
 * the README's "Settings" and {@link HallwayScore.Settings}, {@link HallwayRanker.Settings}, {@link HallwayTopology.Settings}, {@link SpeakerQualityRules.Settings}.
 */
@ConfigurationProperties("roomcast.hallway")
public class HallwaySettings {
    private static final HallwayTopology.Settings H = HallwayTopology.Settings.DEFAULTS;
    private static final HallwayScore.Settings S = H.ranker().score();

    private double weightSocial = S.weights().social();
    private double weightTopic = S.weights().topic();
    private double weightMomentum = S.weights().momentum();
    private double weightSpeakerQuality = S.weights().speakerQuality();
    private double followedSpeakerWeight = S.followedSpeakerWeight();
    private double followedListenerWeight = S.followedListenerWeight();
    private double coListenBoost = S.coListenBoost();
    private int coListenCap = S.coListenCap();
    private Duration followHalfLife = S.followHalfLife();
    private double oldFollowFloor = S.oldFollowFloor();
    private double socialSaturation = S.socialSaturation();
    private double clubWeight = S.clubWeight();
    private double momentumHalfSaturation = S.momentumHalfSaturation();
    private double unknownSpeakerQuality = S.unknownSpeakerQuality();
    private int liveLimit = H.ranker().liveLimit();
    private int upcomingLimit = H.ranker().upcomingLimit();
    private Duration upcomingHorizon = H.ranker().upcomingHorizon();
    private double trendingJoinsPerMinute = H.ranker().trendingJoinsPerMinute();
    private int coldStartFollows = H.ranker().coldStartFollows();
    private Duration debounce = H.debounce();
    private Duration tick = H.tick();
    private Duration activeWindow = H.activeWindow();
    private Duration refresh = H.refresh();
    private int celebrityFollowers = H.celebrityFollowers();
    private Duration nudgeWait = H.nudgeWait();
    private Duration attributionWindow = H.attribution().window();
    private int attributionImpressions = H.attribution().keep();
    private Duration speakerQualityStayHalf = H.quality().stayHalfSaturation();
    private int speakerQualityRooms = H.quality().rooms();
    private int speakerQualityMinStays = H.quality().minStays();
    /** TTL of a user's hallway in Redis after its last write. */
    private Duration expiry = Duration.ofDays(1);

    /**
     * @return the hallway topology's settings
     * @throws IllegalArgumentException naming {@code roomcast.hallway} for an out-of-range value
     */
    public HallwayTopology.Settings topology() {
        try {
            HallwayScore.Settings score = new HallwayScore.Settings(
                new HallwayScore.Weights(weightSocial, weightTopic, weightMomentum, weightSpeakerQuality),
                followedSpeakerWeight, followedListenerWeight, coListenBoost, coListenCap, followHalfLife,
                oldFollowFloor, socialSaturation, clubWeight, momentumHalfSaturation, unknownSpeakerQuality);
            return new HallwayTopology.Settings(new HallwayRanker.Settings(score, liveLimit, upcomingLimit,
                upcomingHorizon, trendingJoinsPerMinute, coldStartFollows), debounce, tick, activeWindow, refresh,
                celebrityFollowers, nudgeWait,
                new ImpressionAttribution.Settings(attributionWindow, attributionImpressions),
                new SpeakerQualityRules.Settings(speakerQualityStayHalf, speakerQualityRooms, speakerQualityMinStays), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roomcast.hallway: " + e.getMessage(), e);
        }
    }

    public void setSpeakerQualityStayHalf(Duration v) { this.speakerQualityStayHalf = v; }
    public void setSpeakerQualityRooms(int v) { this.speakerQualityRooms = v; }
    public void setSpeakerQualityMinStays(int v) { this.speakerQualityMinStays = v; }
    public void setAttributionWindow(Duration v) { this.attributionWindow = v; }
    public void setAttributionImpressions(int v) { this.attributionImpressions = v; }
    public void setWeightSocial(double v) { this.weightSocial = v; }
    public void setWeightTopic(double v) { this.weightTopic = v; }
    public void setWeightMomentum(double v) { this.weightMomentum = v; }
    public void setWeightSpeakerQuality(double v) { this.weightSpeakerQuality = v; }
    public void setFollowedSpeakerWeight(double v) { this.followedSpeakerWeight = v; }
    public void setFollowedListenerWeight(double v) { this.followedListenerWeight = v; }
    public void setCoListenBoost(double v) { this.coListenBoost = v; }
    public void setCoListenCap(int v) { this.coListenCap = v; }
    public void setFollowHalfLife(Duration v) { this.followHalfLife = v; }
    public void setOldFollowFloor(double v) { this.oldFollowFloor = v; }
    public void setSocialSaturation(double v) { this.socialSaturation = v; }
    public void setClubWeight(double v) { this.clubWeight = v; }
    public void setMomentumHalfSaturation(double v) { this.momentumHalfSaturation = v; }
    public void setUnknownSpeakerQuality(double v) { this.unknownSpeakerQuality = v; }
    public void setLiveLimit(int v) { this.liveLimit = v; }
    public void setUpcomingLimit(int v) { this.upcomingLimit = v; }
    public void setUpcomingHorizon(Duration v) { this.upcomingHorizon = v; }
    public void setTrendingJoinsPerMinute(double v) { this.trendingJoinsPerMinute = v; }
    public void setColdStartFollows(int v) { this.coldStartFollows = v; }
    public void setDebounce(Duration v) { this.debounce = v; }
    public void setTick(Duration v) { this.tick = v; }
    public void setActiveWindow(Duration v) { this.activeWindow = v; }
    public void setRefresh(Duration v) { this.refresh = v; }
    public void setCelebrityFollowers(int v) { this.celebrityFollowers = v; }
    public void setNudgeWait(Duration v) { this.nudgeWait = v; }
    public Duration getExpiry() { return expiry; }
    public void setExpiry(Duration v) { this.expiry = v; }
}
