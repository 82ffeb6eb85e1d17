package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomcast.events.Notification;
import java.util.Locale;

/**
 * The {@code notification} DISPATCH (docs/protocol.md, "User events") of a notifications record: sent to every
 * session of the recipient once per record. {@code event_id} is the record's eventId, the {@code id} of the same
 * notification in {@code GET /notifications}; {@code occurred_at} is when notification-worker decided it; {@code data}
 * holds the inbox item's fields (lower snake case; optional ones absent when the record has none). Pure.
 */
public final class NotificationFrames {
    /** The DISPATCH type. */
    public static final String TYPE = "notification";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private NotificationFrames() {}

    /** @return the frame telling {@code notification} to its recipient's sessions */
    public static ServerFrame.UserDispatch frame(Notification notification) {
        ObjectNode data = JSON.objectNode();
        data.put("kind", notification.getKind().name().toLowerCase(Locale.ROOT));
        data.put("title", notification.getTitle());
        data.put("body", notification.getBody());
        if (notification.getActorId() != null) {
            data.put("actor_id", notification.getActorId());
        }
        if (notification.getRoomId() != null) {
            data.put("room_id", notification.getRoomId());
        }
        if (notification.getClubId() != null) {
            data.put("club_id", notification.getClubId());
        }
        if (notification.getCount() != null) {
            data.put("count", notification.getCount().intValue());
        }
        return new ServerFrame.UserDispatch(TYPE, notification.getEventId().toString(), notification.getOccurredAt(),
            data);
    }
}
