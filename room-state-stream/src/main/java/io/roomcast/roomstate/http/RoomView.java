package io.roomcast.roomstate.http;

import io.micronaut.serde.annotation.Serdeable;
import io.roomcast.events.RoomSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * JSON view of a room snapshot for {@code GET /rooms/{id}}; times in epoch ms.
 *
 * @param version      changes applied so far (count)
 * @param participants everyone in the room, in join order
 * @param handQueue    raised hands, oldest first
 */
@Serdeable
public record RoomView(String roomId, long version, String title, String topic, String visibility, String clubId,
                       String lifecycle, String createdBy, long createdAt, Long startsAt, Long startedAt,
                       long lastActivityAt, List<ParticipantView> participants, List<HandView> handQueue) {

    /** One participant: role LISTENER, INVITED_SPEAKER, SPEAKER or MODERATOR. */
    @Serdeable
    public record ParticipantView(String userId, String role, boolean muted, long joinedAt) {}

    /** One raised hand. */
    @Serdeable
    public record HandView(String userId, long requestedAt) {}

    static RoomView of(RoomSnapshot s) {
        return new RoomView(s.getRoomId(), s.getVersion(), s.getDetails().getTitle(), s.getDetails().getTopic(),
            s.getDetails().getVisibility().name(), s.getDetails().getClubId(), s.getLifecycle().name(), s.getCreatedBy(),
            s.getCreatedAt().toEpochMilli(), millis(s.getStartsAt()), millis(s.getStartedAt()),
            s.getLastActivityAt().toEpochMilli(),
            s.getParticipants().stream().map(p -> new ParticipantView(p.getUserId(), p.getRole().name(), p.getMuted(),
                p.getJoinedAt().toEpochMilli())).toList(),
            s.getHandQueue().stream().map(h -> new HandView(h.getUserId(), h.getRequestedAt().toEpochMilli())).toList());
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
