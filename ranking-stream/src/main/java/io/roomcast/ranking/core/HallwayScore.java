package io.roomcast.ranking.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The hallway's score of one room for one viewer (issue 13, S0 design), a pure function:
 *
 * <pre>score = w1 × social + w2 × topic + w3 × momentum + w4 × speakerQuality</pre>
 *
 * Each term is in [0, 1], so a weight is the most its term can add; every weight and constant is a
 * setting ({@link Settings}).
 * <ul>
 *   <li><b>social</b> = 1 − exp(−s / socialSaturation), s = Σ over the viewer's followees in the room of
 *       role weight (followedSpeakerWeight on stage, followedListenerWeight otherwise) × affinity, affinity =
 *       1 + coListenBoost × min(co-listens, coListenCap) for a follow of any age, times
 *       2^(−age / followHalfLife) with a floor of oldFollowFloor (an old follow counts less, never nothing);</li>
 *   <li><b>topic</b> = the viewer's interest weight in the room's topic (0 to 1; 0 without one), or
 *       clubWeight for a room of a club the viewer belongs to, whichever is higher;</li>
 *   <li><b>momentum</b> = j / (j + momentumHalfSaturation), j = the room's joins per minute over the
 *       short window (RoomStats.joinsPerMinute1m): 0.5 at the half-saturation rate;</li>
 *   <li><b>speakerQuality</b> = the mean quality (0 to 1: how well their past rooms held listeners,
 *       {@link SpeakerQualityRules}) of the room's speakers, unknownSpeakerQuality for a speaker without history;
 *       0 for a room without speakers.</li>
 * </ul>
 * Whether a room may be shown at all is {@link HallwayPrivacy}, applied before scoring.
 */
public final class HallwayScore {
    private final Settings settings;

    /**
     * @param weights                w1..w4 of the formula, each at least 0
     * @param followedSpeakerWeight  a followee on stage (SPEAKER or MODERATOR), default 1.0
     * @param followedListenerWeight a followee listening, default 0.4
     * @param coListenBoost          extra affinity per room co-listened with the followee, default 0.1
     * @param coListenCap            co-listens counted at most, default 10
     * @param followHalfLife         age at which a follow's affinity halves, default 180 days
     * @param oldFollowFloor         least fraction an old follow keeps, default 0.25
     * @param socialSaturation       s at which social reaches 1 − 1/e, default 0.75: one followed speaker (s = 1)
     *                               gives social 0.74, so with the default weights a room where a followee speaks
     *                               (0.4 × 0.74 + 0.15 × 0.5 = 0.37) outranks any room without a social or topic
     *                               signal, however many joins per minute and however good its speakers
     *                               (at most 0.2 + 0.15 = 0.35); with 2.0 (0.16 + 0.075 = 0.23), a burst of
     *                               about 100 joins a minute elsewhere (0.2 × 0.95 + 0.075 = 0.27) came first
     * @param clubWeight             topic term of a room of the viewer's club, default 0.8
     * @param momentumHalfSaturation joins per minute at which momentum is 0.5, default 5.0
     * @param unknownSpeakerQuality  quality of a speaker without history, default 0.5
     */
    public record Settings(Weights weights, double followedSpeakerWeight, double followedListenerWeight,
                           double coListenBoost, int coListenCap, Duration followHalfLife, double oldFollowFloor,
                           double socialSaturation, double clubWeight, double momentumHalfSaturation,
                           double unknownSpeakerQuality) {
        public static final Settings DEFAULTS = new Settings(Weights.DEFAULTS, 1.0, 0.4, 0.1, 10,
            Duration.ofDays(180), 0.25, 0.75, 0.8, 5.0, 0.5);

        /** These settings with other weights (set at run time on ranking-config). */
        public Settings withWeights(Weights other) {
            return new Settings(other, followedSpeakerWeight, followedListenerWeight, coListenBoost, coListenCap,
                followHalfLife, oldFollowFloor, socialSaturation, clubWeight, momentumHalfSaturation,
                unknownSpeakerQuality);
        }

        /** @throws IllegalArgumentException for a negative weight, a fraction outside [0, 1] or a scale not above 0 */
        public Settings {
            Objects.requireNonNull(weights);
            if (followedSpeakerWeight < 0 || followedListenerWeight < 0 || coListenBoost < 0 || coListenCap < 0
                    || !fraction(oldFollowFloor) || !fraction(clubWeight) || !fraction(unknownSpeakerQuality)
                    || socialSaturation <= 0 || momentumHalfSaturation <= 0 || !followHalfLife.isPositive()) {
                throw new IllegalArgumentException("hallway score settings out of range: " + this);
            }
        }
    }

    /** The formula's weights w1..w4, each at least 0 (defaults 0.4, 0.25, 0.2, 0.15). */
    public record Weights(double social, double topic, double momentum, double speakerQuality) {
        public static final Weights DEFAULTS = new Weights(0.4, 0.25, 0.2, 0.15);

        /** @throws IllegalArgumentException for a negative or non-finite weight, or all four 0 */
        public Weights {
            io.roomcast.schemas.contracts.HallwayWeights.require(social, topic, momentum, speakerQuality);
        }
    }

    /**
     * A room as the hallway sees it.
     *
     * @param topic            topic slug, or null
     * @param clubId           hosting club, or null
     * @param onStage          participants now SPEAKER or MODERATOR
     * @param listeners        participants now listening
     * @param joinsPerMinute1m RoomStats.joinsPerMinute1m
     */
    public record Room(String roomId, String topic, String clubId, Set<String> onStage, Set<String> listeners,
                       double joinsPerMinute1m) {
    }

    /**
     * What the hallway knows of a viewer.
     *
     * @param follows   followee userId -> the follow
     * @param interests topic slug -> interest weight, 0 to 1 (SocialEdge.weight of an INTERESTED_IN edge)
     * @param clubs     the clubs the viewer is a member of
     */
    public record Viewer(String userId, Map<String, Follow> follows, Map<String, Double> interests, Set<String> clubs) {
    }

    /**
     * @param since     when the follow began
     * @param coListens rooms the viewer and the followee listened to together (count)
     */
    public record Follow(Instant since, int coListens) {
    }

    /** A scored room with its terms (each 0 to 1), logged as the features of an impression. */
    public record Scored(String roomId, double score, double social, double topic, double momentum,
                         double speakerQuality) {
    }

    public HallwayScore(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * @param speakerQuality userId -> quality 0 to 1 ({@link SpeakerQualityRules}), null for a speaker without history
     * @param now            the time follows' ages are measured at
     */
    public Scored score(Room room, Viewer viewer, Function<String, Double> speakerQuality, Instant now) {
        double social = social(room, viewer, now);
        double topic = topic(room, viewer);
        double momentum = momentum(room.joinsPerMinute1m());
        double quality = speakerQuality(room.onStage(), speakerQuality);
        return new Scored(room.roomId(), combine(social, topic, momentum, quality), social, topic, momentum, quality);
    }

    /** The weights w1..w4 this score sums with. */
    public Weights weights() {
        return settings.weights();
    }

    /** The weighted sum of the four terms: the score. */
    public double combine(double social, double topic, double momentum, double speakerQuality) {
        Weights w = settings.weights();
        return w.social() * social + w.topic() * topic + w.momentum() * momentum + w.speakerQuality() * speakerQuality;
    }

    /** The social term (class comment). */
    public double social(Room room, Viewer viewer, Instant now) {
        double sum = 0;
        for (Map.Entry<String, Follow> followee : viewer.follows().entrySet()) {
            String user = followee.getKey();
            boolean stage = room.onStage().contains(user);
            if (stage || room.listeners().contains(user)) {
                sum += presence(stage, followee.getValue(), now);
            }
        }
        return social(sum);
    }

    /** One followee's share of s: their role weight × the follow's affinity (class comment). */
    public double presence(boolean onStage, Follow follow, Instant now) {
        return (onStage ? settings.followedSpeakerWeight() : settings.followedListenerWeight()) * affinity(follow, now);
    }

    /** The social term of a sum s of {@link #presence} shares: 1 − exp(−s / socialSaturation). */
    public double social(double s) {
        return 1 - Math.exp(-s / settings.socialSaturation());
    }

    /** A follow's affinity: co-listening raises it, age lowers it (class comment). */
    double affinity(Follow follow, Instant now) {
        double ageDays = Math.max(0, Duration.between(follow.since(), now).toMillis()) / 86_400_000.0;
        double decay = Math.max(settings.oldFollowFloor(),
            Math.pow(2, -ageDays / (settings.followHalfLife().toMillis() / 86_400_000.0)));
        return (1 + settings.coListenBoost() * Math.min(follow.coListens(), settings.coListenCap())) * decay;
    }

    /** The topic term (class comment). */
    public double topic(Room room, Viewer viewer) {
        return topic(room.topic(), room.clubId(), viewer);
    }

    /** The topic term of a room with this topic (null: none) and club (null: none). */
    public double topic(String topic, String clubId, Viewer viewer) {
        Double weight = topic == null ? null : viewer.interests().get(topic); // no boxed default per room
        double interest = weight == null ? 0 : clamp(weight);
        double club = clubId != null && viewer.clubs().contains(clubId) ? settings.clubWeight() : 0;
        return Math.max(interest, club);
    }

    /** The momentum term (class comment); a negative rate counts as 0. */
    public double momentum(double joinsPerMinute) {
        double j = Math.max(0, joinsPerMinute);
        return j / (j + settings.momentumHalfSaturation());
    }

    /** The speaker-quality term (class comment). */
    public double speakerQuality(Set<String> onStage, Function<String, Double> quality) {
        if (onStage.isEmpty()) {
            return 0;
        }
        return onStage.stream().mapToDouble(user -> clamp(
            Objects.requireNonNullElse(quality.apply(user), settings.unknownSpeakerQuality()))).sum() / onStage.size();
    }

    private static double clamp(double fraction) {
        return Math.max(0, Math.min(1, fraction));
    }

    private static boolean fraction(double value) {
        return value >= 0 && value <= 1;
    }
}
