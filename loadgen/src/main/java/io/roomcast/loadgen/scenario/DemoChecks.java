package io.roomcast.loadgen.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What makes {@code ./roomcast demo} fail, read from the keys of its JSON line (README, "The demo"):
 * a fact a resumed session missed, a fact delivered twice or out of room order, the kicked speaker's
 * audio outliving {@link AudioScenario#KICK_AUDIO_BOUND_MS}, a received audio frame that decodes
 * differently from the one sent. Pure: the scenarios count, this judges.
 */
public final class DemoChecks {
    private DemoChecks() {}

    /**
     * @param summary the demo's keys (those of {@link RoomScenario#run()} and {@link AudioScenario#run()};
     *                a key that is absent is not judged)
     * @return one message per failed check, each naming its key and value; empty if the demo passed
     */
    public static List<String> failures(Map<String, Object> summary) {
        List<String> failures = new ArrayList<>();
        zero(summary, "missed_after_resume", "a resumed session lost facts", failures);
        zero(summary, "duplicates_delivered", "facts reached a session twice", failures);
        zero(summary, "order_violations", "facts reached a session out of room order", failures);
        if (summary.get("audio_after_kick_ms_max") instanceof Number ms && ms.longValue() > AudioScenario.KICK_AUDIO_BOUND_MS) {
            failures.add("audio_after_kick_ms_max is " + ms + ": the kicked speaker's audio reached a listener more than "
                + AudioScenario.KICK_AUDIO_BOUND_MS + " ms after the kick was decided");
        }
        if (summary.get("audio_frames_identical_pct") instanceof Number pct && pct.doubleValue() != 100.0) {
            failures.add("audio_frames_identical_pct is " + pct + ": received frames decode differently from those sent");
        }
        return failures;
    }

    private static void zero(Map<String, Object> summary, String key, String meaning, List<String> failures) {
        if (summary.get(key) instanceof Number n && n.longValue() != 0) {
            failures.add(key + " is " + n + ": " + meaning);
        }
    }
}
