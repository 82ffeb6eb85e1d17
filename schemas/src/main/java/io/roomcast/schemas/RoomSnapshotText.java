package io.roomcast.schemas;

import io.roomcast.events.RoomSnapshot;

/**
 * A whole room snapshot as text, for the Redis read model's {@code snapshot} hash field (written by
 * room-state-stream, read by the gateway for snapshot-then-stream joins): {@link RecordText} of
 * {@link RoomSnapshot}.
 */
public final class RoomSnapshotText {
    private static final RecordText<RoomSnapshot> TEXT = new RecordText<>(RoomSnapshot.class);

    private RoomSnapshotText() {}

    public static String encode(RoomSnapshot snapshot) {
        return TEXT.encode(snapshot);
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not base64
     * @throws org.apache.kafka.common.errors.SerializationException if it is not a RoomSnapshot of this schema
     */
    public static RoomSnapshot decode(String text) {
        return TEXT.decode(text);
    }
}
