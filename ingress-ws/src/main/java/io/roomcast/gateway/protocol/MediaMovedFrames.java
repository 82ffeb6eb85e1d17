package io.roomcast.gateway.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code media_moved} DISPATCH (docs/protocol.md, "Media fail-over"): media edges of a room lapsed (their
 * registration expired), so the room's clients fetch a new media token ({@code POST /rooms/{id}/media-token})
 * and bind to the edge it names. Sent by each gateway node to its READY sessions in the room, once per check
 * that saw the edges lapse (and to a session entering the room within 60 s of it); no room sequence. Pure.
 *
 * <p>{@code data}: {@code room_id}; {@code edge_ids}, the room's edges that lapsed (ids in order, at least one);
 * {@code origin_died}, true when the room's origin is among them.
 */
public final class MediaMovedFrames {
    /** The DISPATCH type. */
    public static final String TYPE = "media_moved";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MediaMovedFrames() {}

    /**
     * @param roomId     the room
     * @param edgeIds    its lapsed edges, at least one
     * @param originDied whether its origin is among them
     * @param now        when the gateway saw them lapse (epoch ms on the wire)
     * @throws IllegalArgumentException for no edge
     */
    public static ServerFrame.UserDispatch frame(String roomId, List<String> edgeIds, boolean originDied, Instant now) {
        if (edgeIds.isEmpty()) {
            throw new IllegalArgumentException("media_moved needs a lapsed edge: room " + roomId);
        }
        ObjectNode data = JSON.objectNode();
        data.put("room_id", roomId);
        edgeIds.forEach(data.putArray("edge_ids")::add);
        data.put("origin_died", originDied);
        return new ServerFrame.UserDispatch(TYPE, UUID.randomUUID().toString(), now, data);
    }
}
