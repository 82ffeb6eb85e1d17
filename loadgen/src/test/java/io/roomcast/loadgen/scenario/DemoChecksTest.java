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
        summary.put("hallway_first_room_correct", true);
        summary.put("hallway_cold_start_ok", true);
        summary.put("hallway_update_ms", 640);
        summary.put("hallway_updated_received", true);
        summary.put("notifications_expected", 4);
        summary.put("notifications_delivered", 4);
        summary.put("notifications_duplicates", 0);
        summary.put("notification_inbox_rows", 4);
        summary.put("notifications_quiet_received", 0);
        summary.put("notification_latency_p99_ms", 900);
        summary.put("notifications_flood_rooms", 20);
        summary.put("notifications_flood_told", 10);
        summary.put("notifications_flood_digests", 1);
        summary.put("notifications_flood_digest_count", 10);
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

    private static Map<String, Object> withBrowsers() {
        Map<String, Object> summary = passing();
        summary.put("webrtc_speakers", 1);
        summary.put("webrtc_listeners", 1);
        summary.put("webrtc_listener_packets_received", 1400);
        summary.put("webrtc_concealed_pct", DemoChecks.MAX_CONCEALED_PCT);
        summary.put("webrtc_relay_ok", true);
        summary.put("webrtc_speaker_packets_min", 1000);
        return summary;
    }

    @Test
    void browsersFailTheDemoOnConcealmentRelayOrSilence() {
        assertThat(DemoChecks.failures(withBrowsers())).isEmpty();
        Object[][] bad = {
            {"webrtc_concealed_pct", 1.2, "webrtc_concealed_pct is 1.2"},
            {"webrtc_concealed_pct", null, "webrtc_concealed_pct is null"},
            {"webrtc_relay_ok", false, "webrtc_relay_ok is false"},
            {"webrtc_listener_packets_received", 0, "webrtc_listener_packets_received is 0"},
            {"webrtc_speaker_packets_min", 0, "webrtc_speaker_packets_min is 0"},
        };
        for (Object[] b : bad) {
            Map<String, Object> summary = withBrowsers();
            summary.put((String) b[0], b[1]);
            assertThat(DemoChecks.failures(summary)).as(b[0] + " = " + b[1]).singleElement().asString()
                .startsWith((String) b[2]);
        }
    }

    @Test
    void withoutBrowsersTheirKeysAreNotJudged() {
        Map<String, Object> summary = passing();
        summary.put("webrtc_speakers", 0);
        summary.put("webrtc_listeners", 0);
        summary.put("webrtc_unavailable", "chromium missing at /usr/bin/chromium and apt-get install chromium failed");
        assertThat(DemoChecks.failures(summary)).isEmpty();
    }

    @Test
    void aFolloweesRoomNotFirstInTimeOrNotAnnouncedFails() {
        Map<String, Object> late = passing();
        late.put("hallway_first_room_correct", false);
        late.put("hallway_update_ms", 2600);
        assertThat(DemoChecks.failures(late)).as("the 2 s aim is reported, not judged").isEmpty();
        Map<String, Object> never = passing();
        never.put("hallway_first_room_correct", false);
        never.put("hallway_update_ms", -1);
        assertThat(DemoChecks.failures(never)).singleElement().asString().startsWith("hallway_update_ms is -1");
        Map<String, Object> cold = passing();
        cold.put("hallway_cold_start_ok", false);
        assertThat(DemoChecks.failures(cold)).singleElement().asString().startsWith("hallway_cold_start_ok is false");
        Map<String, Object> silent = passing();
        silent.put("hallway_updated_received", false);
        assertThat(DemoChecks.failures(silent)).singleElement().asString().startsWith("hallway_updated_received is false");
    }

    @Test
    void aFollowerNotNotifiedOnceOrNotifiedInQuietHoursFails() {
        Map<String, Object> missed = passing();
        missed.put("notifications_delivered", 3);
        assertThat(DemoChecks.failures(missed)).singleElement().asString().startsWith("notifications_delivered is 3 of 4");
        Map<String, Object> noRow = passing();
        noRow.put("notification_inbox_rows", 3);
        assertThat(DemoChecks.failures(noRow)).singleElement().asString().startsWith("notification_inbox_rows is 3 of 4");
        Map<String, Object> doubled = passing();
        doubled.put("notifications_duplicates", 1);
        assertThat(DemoChecks.failures(doubled)).singleElement().asString().startsWith("notifications_duplicates is 1");
        Map<String, Object> quiet = passing();
        quiet.put("notifications_quiet_received", 1);
        assertThat(DemoChecks.failures(quiet)).singleElement().asString().startsWith("notifications_quiet_received is 1");
        Map<String, Object> slow = passing();
        slow.put("notification_latency_p99_ms", 60_000);
        assertThat(DemoChecks.failures(slow)).as("latency is reported, not judged").isEmpty();
    }

    @Test
    void aFloodToldBeyondTheLimitOrNotSummedUpByOneDigestFails() {
        Map<String, Object> over = passing();
        over.put("notifications_flood_told", 11);
        assertThat(DemoChecks.failures(over)).singleElement().asString().startsWith("notifications_flood_told is 11");
        Map<String, Object> noDigest = passing();
        noDigest.put("notifications_flood_digests", 0);
        noDigest.put("notifications_flood_digest_count", -1);
        assertThat(DemoChecks.failures(noDigest)).hasSize(2).first().asString()
            .startsWith("notifications_flood_digests is 0");
        Map<String, Object> twice = passing();
        twice.put("notifications_flood_digests", 2);
        assertThat(DemoChecks.failures(twice)).singleElement().asString().startsWith("notifications_flood_digests is 2");
        Map<String, Object> fewer = passing();
        fewer.put("notifications_flood_digest_count", 9);
        assertThat(DemoChecks.failures(fewer)).singleElement().asString()
            .startsWith("notifications_flood_digest_count is 9");
    }
}
