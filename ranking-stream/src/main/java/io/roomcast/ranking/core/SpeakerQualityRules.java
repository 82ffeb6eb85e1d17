package io.roomcast.ranking.core;

import io.roomcast.events.RoomStats;
import io.roomcast.events.SpeakerQuality;
import io.roomcast.events.SpeakerTime;
import io.roomcast.events.SpokenRoom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Speaker quality from history (issue 13, the score's fourth term), a pure function: how well the rooms a user
 * spoke in held their listeners.
 * <ul>
 *   <li>A room counts for a speaker once it has ended ({@code RoomStats.endedAt}), the speaker spoke in it
 *       ({@code speakTime} above 0 ms) and at least {@link Settings#minStays()} listener stays were completed;</li>
 *   <li>its <b>hold</b> = s / (s + {@link Settings#stayHalfSaturation()}), s = the room's mean stay
 *       ({@code averageStayMs}): 0.5 for a mean stay of the half-saturation, 0 to 1;</li>
 *   <li>the speaker's <b>quality</b> = the mean hold of their newest {@link Settings#rooms()} such rooms (by end
 *       time): recent rooms only, every room alike. A speaker with none has no quality (the score then uses
 *       {@code unknownSpeakerQuality}, {@link HallwayScore.Settings}).</li>
 * </ul>
 * Counting is idempotent: a room already counted for a speaker changes nothing, so replayed or repeated
 * room-stats records never count twice.
 */
public final class SpeakerQualityRules {
    private final Settings settings;

    /**
     * @param stayHalfSaturation mean stay at which a room's hold is 0.5 (default 10 minutes), above 0
     * @param rooms              newest rooms a speaker's quality is the mean of (count, default 10), at least 1
     * @param minStays           completed stays a room needs to count (count, default 3: fewer say little), at least 1
     */
    public record Settings(Duration stayHalfSaturation, int rooms, int minStays) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 10, 3);

        /** @throws IllegalArgumentException for a half-saturation not above 0, or a count below 1 */
        public Settings {
            if (!stayHalfSaturation.isPositive() || rooms < 1 || minStays < 1) {
                throw new IllegalArgumentException("speaker quality settings out of range: " + this);
            }
        }
    }

    public SpeakerQualityRules(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /**
     * @return the room as it counts for each of its speakers (key participantId), or nothing if it does not count
     *     (not ended, too few completed stays, nobody spoke)
     */
    public List<Spoken> spoken(RoomStats stats) {
        if (stats.getEndedAt() == null || stats.getAverageStayMs() == null || stats.getStaysCompleted() < settings.minStays()) {
            return List.of();
        }
        long stay = Math.max(0, stats.getAverageStayMs());
        SpokenRoom room = new SpokenRoom(stats.getRoomId(), stats.getEndedAt(), stay,
            stay / (double) (stay + settings.stayHalfSaturation().toMillis()));
        return stats.getSpeakTime().stream().filter(t -> t.getSpeakingMs() > 0).map(SpeakerTime::getParticipantId)
            .distinct().map(user -> new Spoken(user, room)).toList();
    }

    /** A room that counts for a speaker. */
    public record Spoken(String userId, SpokenRoom room) {
    }

    /**
     * @param previous the speaker's quality so far, or null
     * @return the speaker's quality with the room counted (version one higher); null if the room was counted already
     *     or is older than every one of the speaker's newest {@link Settings#rooms()}
     */
    public SpeakerQuality count(SpeakerQuality previous, Spoken spoken) {
        List<SpokenRoom> rooms = previous == null ? new ArrayList<>() : new ArrayList<>(previous.getRooms());
        String roomId = spoken.room().getRoomId();
        if (rooms.stream().anyMatch(r -> r.getRoomId().equals(roomId))) {
            return null;
        }
        rooms.add(spoken.room());
        rooms.sort(Comparator.comparing(SpokenRoom::getEndedAt).thenComparing(SpokenRoom::getRoomId));
        List<SpokenRoom> kept = List.copyOf(rooms.subList(Math.max(0, rooms.size() - settings.rooms()), rooms.size()));
        if (!kept.contains(spoken.room())) {
            return null;
        }
        long version = previous == null ? 1 : previous.getVersion() + 1;
        double quality = kept.stream().mapToDouble(SpokenRoom::getHold).average().orElse(0);
        UUID eventId = UUID.nameUUIDFromBytes((spoken.userId() + "|speaker-quality|" + version)
            .getBytes(StandardCharsets.UTF_8));
        return new SpeakerQuality(eventId, kept.get(kept.size() - 1).getEndedAt(), spoken.userId(), version, quality,
            kept);
    }
}
