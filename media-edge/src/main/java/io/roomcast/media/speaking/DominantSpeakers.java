package io.roomcast.media.speaking;

import io.roomcast.media.rtp.AudioLevel;
import io.roomcast.media.session.Participant;
import io.roomcast.media.session.RtpGate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.utils.dsi.ActiveSpeakerChangedListener;
import org.jitsi.utils.dsi.DominantSpeakerIdentification;

/**
 * One {@link DominantSpeakerIdentification} (jitsi-utils; Volfin and Cohen, "Dominant Speaker
 * Identification for Multipoint Videoconferencing") per room, fed the RFC 6464 level of every packet
 * of a permitted speaker (as loudness, 127 - level: the algorithm counts higher as louder). It decides
 * every 300 ms on its own pooled thread; when the dominant speaker changes, {@link Reporter} is told
 * the new one started speaking and the previous one stopped. Rooms are forgotten by {@link #forget}
 * (room ended) and their detector's thread ends after 15 s without levels.
 */
public final class DominantSpeakers<A> implements RtpGate.LevelListener<A> {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Reporter reporter;

    /** Receives speaking changes. Called on the detector's thread. */
    public interface Reporter {
        /**
         * @param audioLevel the user's last RFC 6464 level (0 loudest .. 127 silence), or -1 if unknown
         */
        void speakingChanged(String room, String user, boolean speaking, int audioLevel);
    }

    public DominantSpeakers(Reporter reporter) {
        this.reporter = reporter;
    }

    @Override
    public void level(Participant<A> sender, int audioLevel, long nowNanos) {
        String room = sender.binding().room();
        Room r = rooms.computeIfAbsent(room, Room::new);
        int level = audioLevel == AudioLevel.ABSENT ? AudioLevel.SILENCE : AudioLevel.level(audioLevel);
        r.lastLevels.put(sender.binding().user(), level);
        r.detector.levelChanged(sender.binding().user(), AudioLevel.SILENCE - level);
    }

    /** Forgets a room (it ended). */
    public void forget(String room) {
        Room r = rooms.remove(room);
        if (r != null) {
            r.detector.removeActiveSpeakerChangedListener(r.listener);
        }
    }

    /** The room's dominant speaker, or null (tests, health). */
    public String dominant(String room) {
        Room r = rooms.get(room);
        return r == null ? null : r.detector.getDominantSpeaker();
    }

    private final class Room {
        final String id;
        final DominantSpeakerIdentification<String> detector = new DominantSpeakerIdentification<>();
        final Map<String, Integer> lastLevels = new ConcurrentHashMap<>();
        final ActiveSpeakerChangedListener<String> listener = this::changed;
        private String current;

        Room(String id) {
            this.id = id;
            detector.addActiveSpeakerChangedListener(listener);
        }

        synchronized void changed(String user) {
            if (user == null || user.equals(current)) {
                return;
            }
            if (current != null) {
                reporter.speakingChanged(id, current, false, lastLevels.getOrDefault(current, -1));
            }
            current = user;
            reporter.speakingChanged(id, user, true, lastLevels.getOrDefault(user, -1));
        }
    }
}
