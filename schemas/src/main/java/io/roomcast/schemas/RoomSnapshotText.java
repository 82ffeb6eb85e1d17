package io.roomcast.schemas;

import io.roomcast.events.RoomSnapshot;
import java.util.Base64;
import org.apache.kafka.common.serialization.Serde;

/**
 * A whole room snapshot as text, for the Redis read model's {@code snapshot} hash field (written by
 * room-state-stream, read by the gateway for snapshot-then-stream joins): base64 (RFC 4648) of the
 * Avro single-object encoding of {@link RoomSnapshot} ({@link EventSerdes#internal}).
 */
public final class RoomSnapshotText {
    private static final Serde<RoomSnapshot> SERDE = EventSerdes.internal(RoomSnapshot.class);

    private RoomSnapshotText() {}

    public static String encode(RoomSnapshot snapshot) {
        return Base64.getEncoder().encodeToString(SERDE.serializer().serialize(null, snapshot));
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not base64
     * @throws org.apache.kafka.common.errors.SerializationException if it is not a RoomSnapshot of this schema
     */
    public static RoomSnapshot decode(String text) {
        return SERDE.deserializer().deserialize(null, Base64.getDecoder().decode(text));
    }
}
