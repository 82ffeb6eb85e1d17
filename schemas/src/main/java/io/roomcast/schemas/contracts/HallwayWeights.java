package io.roomcast.schemas.contracts;

/**
 * The rule every writer and reader of the hallway score's weights applies (ranking-stream's settings and its
 * ranking-config topic, {@code ./roomcast hallway-weights}): w1..w4 (social, topic, momentum, speaker quality)
 * are each finite and at least 0, and not all 0.
 */
public final class HallwayWeights {
    private HallwayWeights() {
    }

    /** @throws IllegalArgumentException naming the weights when they break the rule */
    public static void require(double social, double topic, double momentum, double speakerQuality) {
        double sum = social + topic + momentum + speakerQuality;
        if (!(social >= 0 && topic >= 0 && momentum >= 0 && speakerQuality >= 0) || !Double.isFinite(sum) || sum == 0) {
            throw new IllegalArgumentException("hallway weights must be finite, >= 0 and not all 0: social " + social
                + ", topic " + topic + ", momentum " + momentum + ", speaker quality " + speakerQuality);
        }
    }
}
