package io.roomcast.loadgen.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What makes {@code ./roomcast demo} fail, read from the keys of its JSON line (README, "The demo"):
 * a fact a resumed session missed, a fact delivered twice or out of room order, the kicked speaker's
 * audio outliving {@link AudioScenario#KICK_AUDIO_BOUND_MS}, a received audio frame that decodes
 * differently from the one sent; where browsers took part, a browser listener that concealed more than
 * {@link #MAX_CONCEALED_PCT} % of its samples, received nothing or did not go through a TURN relay, and a
 * browser speaker an RTP listener did not hear; a followee's new room never first in the follower's hallway within
 * {@link HallwayScenario#FIRST_ROOM_WAIT}, or no {@code hallway_updated} for it, or a new user's cold-start hallway without a room of their topic first; a connected follower without its
 * {@code notification} frame or inbox row for the followee's room, one doubled, or one told in quiet hours; a flood of
 * rooms by followed people told beyond the rate limit, or not summed up by exactly one digest of the rest
 * ({@link NotificationFloodScenario}); a search that returned the private
 * room, or a room or person not found ({@link SearchScenario}). Pure: the scenarios count, this judges.
 */
public final class DemoChecks {
    /** Most concealed samples a browser listener may play, % of the samples it played (issue 16). */
    public static final double MAX_CONCEALED_PCT = 1.0;

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
                + AudioScenario.KICK_AUDIO_BOUND_MS + " ms after the kick was decided: the edge did not apply the kick");
        }
        if (summary.get("audio_frames_identical_pct") instanceof Number pct && pct.doubleValue() != 100.0) {
            failures.add("audio_frames_identical_pct is " + pct + ": received frames decode differently from those sent");
        }
        // hallway_first_room_correct (first within the 2 s) is reported, not judged. The 9-36 s measured before
        // was the score (the room scenario's burst of joins outranked one followed speaker; ranking-stream README,
        // "Hallway"), fixed; one demo since measured 1.9 s at load 25 on 2 cores: too close to the bound to judge yet.
        if (summary.get("hallway_update_ms") instanceof Number ms && ms.longValue() < 0) {
            failures.add("hallway_update_ms is -1: the followee's new room was never first in the follower's GET /hallway"
                + " within " + HallwayScenario.FIRST_ROOM_WAIT.toSeconds() + " s");
        }
        if (summary.containsKey("hallway_cold_start_ok") && !Boolean.TRUE.equals(summary.get("hallway_cold_start_ok"))) {
            failures.add("hallway_cold_start_ok is false: a new user following only a topic got no cold-start hallway "
                + "with a room of that topic first");
        }
        if (summary.containsKey("hallway_updated_received") && !Boolean.TRUE.equals(summary.get("hallway_updated_received"))) {
            failures.add("hallway_updated_received is false: the follower's session got no hallway_updated naming the room");
        }
        if (summary.get("notifications_expected") instanceof Number expected) {
            if (!(summary.get("notifications_delivered") instanceof Number n) || n.intValue() != expected.intValue()) {
                failures.add("notifications_delivered is " + summary.get("notifications_delivered") + " of " + expected
                    + ": a connected follower's session got no notification frame for the followee's room within "
                    + HallwayScenario.NOTIFICATION_WAIT.toSeconds() + " s");
            }
            if (!(summary.get("notification_inbox_rows") instanceof Number n) || n.intValue() != expected.intValue()) {
                failures.add("notification_inbox_rows is " + summary.get("notification_inbox_rows") + " of " + expected
                    + ": a follower's inbox has no single row for the room with its frame's id");
            }
        }
        zero(summary, "notifications_duplicates", "a notification reached a follower twice (frame or inbox row)",
            failures);
        zero(summary, "notifications_quiet_received", "the follower in quiet hours was notified", failures);
        flood(summary, failures);
        zero(summary, "search_private_leaks", "a search returned the private room", failures);
        if (summary.containsKey("search_hits_ok") && !Boolean.TRUE.equals(summary.get("search_hits_ok"))) {
            failures.add("search_hits_ok is " + summary.get("search_hits_ok") + ": a room was not found by part of its "
                + "title, or a person by a misspelled username, within " + SearchScenario.STEP.toSeconds() + " s");
        }
        if (summary.get("webrtc_listeners") instanceof Number browsers && browsers.intValue() > 0) {
            webrtc(summary, failures);
        }
        return failures;
    }

    /**
     * The flood's keys, judged when present: the fan told of exactly the rate limit's worth of rooms, and one digest
     * counting every other room (all are live: their hosts stay).
     */
    private static void flood(Map<String, Object> summary, List<String> failures) {
        if (!(summary.get("notifications_flood_rooms") instanceof Number rooms)) {
            return;
        }
        int limit = NotificationFloodScenario.LIMIT;
        if (!(summary.get("notifications_flood_told") instanceof Number told) || told.intValue() != limit) {
            failures.add("notifications_flood_told is " + summary.get("notifications_flood_told") + ": the fan of "
                + rooms + " people who started rooms at once was not told of exactly " + limit + " (the rate limit)");
        }
        if (!(summary.get("notifications_flood_digests") instanceof Number digests) || digests.intValue() != 1) {
            failures.add("notifications_flood_digests is " + summary.get("notifications_flood_digests")
                + ": the rooms over the rate limit did not come as exactly one digest within "
                + NotificationFloodScenario.DIGEST_WAIT.toSeconds() + " s");
        }
        Object count = summary.get("notifications_flood_digest_count");
        if (!(count instanceof Number n) || n.intValue() != rooms.intValue() - limit) {
            failures.add("notifications_flood_digest_count is " + count + ": the digest did not count the "
                + (rooms.intValue() - limit) + " rooms held over the rate limit");
        }
    }

    /** The browsers' keys, judged when browsers took part. */
    private static void webrtc(Map<String, Object> summary, List<String> failures) {
        Object concealed = summary.get("webrtc_concealed_pct");
        if (!(concealed instanceof Number pct) || pct.doubleValue() > MAX_CONCEALED_PCT) {
            failures.add("webrtc_concealed_pct is " + concealed + ": the browser listener concealed more than "
                + MAX_CONCEALED_PCT + " % of the samples it played (or played none)");
        }
        if (!Boolean.TRUE.equals(summary.get("webrtc_relay_ok"))) {
            failures.add("webrtc_relay_ok is " + summary.get("webrtc_relay_ok")
                + ": the relay-only browser listener is not connected through a TURN relay candidate pair");
        }
        positive(summary, "webrtc_listener_packets_received", "the browser listener received no packets", failures);
        positive(summary, "webrtc_speaker_packets_min", "an RTP listener received nothing of the browser speaker",
            failures);
    }

    private static void positive(Map<String, Object> summary, String key, String meaning, List<String> failures) {
        if (!(summary.get(key) instanceof Number n) || n.longValue() <= 0) {
            failures.add(key + " is " + summary.get(key) + ": " + meaning);
        }
    }

    private static void zero(Map<String, Object> summary, String key, String meaning, List<String> failures) {
        if (summary.get(key) instanceof Number n && n.longValue() != 0) {
            failures.add(key + " is " + n + ": " + meaning);
        }
    }
}
