package io.roomcast.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoChecksTest {
    private static Map<String, Object> passing() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("missed_after_resume", 0);
        summary.put("duplicates_delivered", 0);
        summary.put("order_violations", 0);
        summary.put("audio_frames_identical_pct", 100.0);
        summary.put("audio_after_kick_ms_max", AudioScenario.KICK_AUDIO_BOUND_MS);
        return summary;
    }

    @Test
    void aCleanRunPasses() {
        assertThat(DemoChecks.failures(passing())).isEmpty();
        assertThat(DemoChecks.failures(Map.of())).as("keys not measured are not judged").isEmpty();
    }

    @Test
    void eachFailureNamesItsKeyAndValue() {
        for (String key : new String[] {"missed_after_resume", "duplicates_delivered", "order_violations"}) {
            Map<String, Object> summary = passing();
            summary.put(key, 1);
            assertThat(DemoChecks.failures(summary)).singleElement().asString().startsWith(key + " is 1");
        }
        Map<String, Object> late = passing();
        late.put("audio_after_kick_ms_max", AudioScenario.KICK_AUDIO_BOUND_MS + 1);
        assertThat(DemoChecks.failures(late)).singleElement().asString()
            .startsWith("audio_after_kick_ms_max is " + (AudioScenario.KICK_AUDIO_BOUND_MS + 1));
        Map<String, Object> altered = passing();
        altered.put("audio_frames_identical_pct", 99.5);
        assertThat(DemoChecks.failures(altered)).singleElement().asString().startsWith("audio_frames_identical_pct is 99.5");
    }
}
