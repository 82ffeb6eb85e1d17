package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.roomcast.rest.RoomDirectory;
import io.roomcast.schemas.ReadModelKeys;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * {@link RoomDirectory} from the rooms' Redis read model ({@link RoomReadModelReader}): UNKNOWN for a room that is
 * absent or that the caller may not see ({@link RoomViews#visibleTo}, as {@code GET /rooms/{id}}), else its
 * lifecycle.
 */
@Singleton
final class ReadModelRoomDirectory implements RoomDirectory {
    private final RoomReadModelReader reader;

    ReadModelRoomDirectory(RoomReadModelReader reader) {
        this.reader = reader;
    }

    @Override
    public Standing standing(String roomId, String callerId) {
        Optional<RoomViews.RoomContent> room;
        try {
            room = reader.snapshot(roomId);
        } catch (RedisException e) {
            throw new Unavailable("room read model: " + e.getMessage(), e);
        }
        if (room.isEmpty() || !RoomViews.visibleTo(room.get(), callerId)) {
            return Standing.UNKNOWN;
        }
        return switch (String.valueOf(room.get().hash().get(ReadModelKeys.LIFECYCLE))) {
            case "SCHEDULED" -> Standing.SCHEDULED;
            case "LIVE" -> Standing.LIVE;
            default -> Standing.UNKNOWN;
        };
    }
}
