package io.roomcast.roomstate.core;

import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Room commands and room details for the tests, built with the Avro builders. */
public final class Commands {

    /** A fixed base time (whole milliseconds, as Avro keeps them); other times are offsets from it. */
    public static final Instant T0 = Instant.parse("2025-05-01T18:00:00Z");

    private Commands() {
    }

    /**
     * A command as the gateway writes it: sent by {@code userId} from session {@code session-<userId>}.
     * Its eventId is derived from room, user, nonce and time, so building it twice gives equal records.
     */
    public static RoomCommand command(String roomId, String userId, String nonce, Instant at, Object intent) {
        UUID eventId = UUID.nameUUIDFromBytes((roomId + "/" + userId + "/" + nonce + "/" + at.toEpochMilli())
            .getBytes(StandardCharsets.UTF_8));
        return command(eventId, roomId, userId, nonce, at, intent);
    }

    public static RoomCommand command(UUID eventId, String roomId, String userId, String nonce, Instant at,
                                      Object intent) {
        return RoomCommand.newBuilder()
            .setEventId(eventId)
            .setOccurredAt(at)
            .setRoomId(roomId)
            .setUserId(userId)
            .setNonce(nonce)
            .setSessionId("session-" + userId)
            .setCommand(intent)
            .build();
    }

    public static RoomSettings settings(Integer capacity, Integer speakerLimit, boolean handRaisesEnabled) {
        return RoomSettings.newBuilder()
            .setHandRaisesEnabled(handRaisesEnabled)
            .setCapacity(capacity)
            .setSpeakerLimit(speakerLimit)
            .build();
    }

    public static RoomDetails details(Visibility visibility, String clubId, RoomSettings settings) {
        return RoomDetails.newBuilder()
            .setTitle("Late night jazz")
            .setTopic("jazz")
            .setVisibility(visibility)
            .setClubId(clubId)
            .setSettings(settings)
            .build();
    }

    /** A PUBLIC room with the platform's limits and hand raises on. */
    public static RoomDetails publicRoom() {
        return details(Visibility.PUBLIC, null, settings(null, null, true));
    }

    /** The fact payloads (ParticipantJoined, RoomEnded, ...) of {@code events}, in order. */
    public static List<Object> payloads(List<RoomEvent> events) {
        return events.stream().map(RoomEvent::getFact).toList();
    }
}
