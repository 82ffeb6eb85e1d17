package io.roomcast.ranking.core;

import io.roomcast.events.HallwayAttribution;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.ImpressedRoom;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.RecentImpression;
import io.roomcast.events.RecentImpressions;
import io.roomcast.events.RoomEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Attributes joins to hallway impressions (pure: no Kafka, no clock). A user's join of a room is attributed to
 * the newest impression served to that user at most {@code window} before the join that showed the room: the
 * position it was shown at, the listing, and the time from impression to join. Each user keeps the impressions
 * of the last {@code window}, at most {@code keep} (the newest). A join with no such impression is not
 * attributed (found the room elsewhere: search, a link, a notification).
 */
public final class ImpressionAttribution {
    /**
     * @param window how long after an impression a join of one of its rooms is attributed to it (default 10 min)
     * @param keep   impressions kept per user at most, the newest (default 20)
     */
    public record Settings(Duration window, int keep) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(10), 20);

        /** @throws IllegalArgumentException for a window not above 0 or keep below 1 */
        public Settings {
            if (!window.isPositive() || keep < 1) {
                throw new IllegalArgumentException("need attribution-window > 0 and attribution-impressions >= 1: "
                    + window + ", " + keep);
            }
        }
    }

    private final Settings settings;

    public ImpressionAttribution(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param recent the user's kept impressions, or null for none
     * @return the impressions after adding this one: those older than the window before it dropped, at most
     *     {@code keep}, newest last
     */
    public RecentImpressions remember(RecentImpressions recent, HallwayImpression impression) {
        Instant at = impression.getOccurredAt();
        List<RecentImpression> kept = new ArrayList<>();
        if (recent != null) {
            for (RecentImpression r : recent.getImpressions()) {
                if (!r.getAt().isBefore(at.minus(settings.window()))) {
                    kept.add(r);
                }
            }
        }
        List<String> rooms = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (ImpressedRoom room : impression.getRooms()) {
            rooms.add(room.getRoomId());
            positions.add(room.getPosition());
        }
        kept.add(new RecentImpression(impression.getEventId(), at, impression.getListing(), rooms, positions));
        kept.sort((a, b) -> a.getAt().compareTo(b.getAt()));
        return new RecentImpressions(kept.subList(Math.max(0, kept.size() - settings.keep()), kept.size()));
    }

    /**
     * @param recent the user's kept impressions, or null
     * @param fact   a room-events fact; only a {@link ParticipantJoined} is attributed
     * @return the attribution (event id name-based from the fact's), or null when the fact is no join or no
     *     impression within the window before it showed the room
     */
    public HallwayAttribution attribute(RecentImpressions recent, RoomEvent fact) {
        if (recent == null || !(fact.getFact() instanceof ParticipantJoined joined)) {
            return null;
        }
        Instant at = fact.getOccurredAt();
        List<RecentImpression> impressions = recent.getImpressions();
        for (int i = impressions.size() - 1; i >= 0; i--) {
            RecentImpression r = impressions.get(i);
            if (r.getAt().isAfter(at) || r.getAt().isBefore(at.minus(settings.window()))) {
                continue;
            }
            int shown = r.getRoomIds().indexOf(fact.getRoomId());
            if (shown >= 0) {
                return HallwayAttribution.newBuilder()
                    .setEventId(UUID.nameUUIDFromBytes(("attribution/" + fact.getEventId()).getBytes(StandardCharsets.UTF_8)))
                    .setOccurredAt(at).setUserId(joined.getParticipantId()).setRoomId(fact.getRoomId())
                    .setImpressionId(r.getEventId()).setListing(r.getListing()).setPosition(r.getPositions().get(shown))
                    .setAfterMs(Duration.between(r.getAt(), at).toMillis()).build();
            }
        }
        return null;
    }

    /** The impressions still inside the window at {@code now}, or null when none is. */
    public RecentImpressions expire(RecentImpressions recent, Instant now) {
        List<RecentImpression> kept = recent.getImpressions().stream()
            .filter(r -> !r.getAt().isBefore(now.minus(settings.window()))).toList();
        return kept.isEmpty() ? null : new RecentImpressions(kept);
    }
}
