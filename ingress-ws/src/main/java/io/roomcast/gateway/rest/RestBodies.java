package io.roomcast.gateway.rest;

import io.roomcast.gateway.media.TurnServers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * JSON bodies of the REST API. Field names are lower snake case, times epoch ms, enum values lower
 * snake case (as docs/protocol.md); absent optional fields are left out.
 */
public final class RestBodies {
    private RestBodies() {
    }

    /**
     * {@code POST /rooms}. Without {@code startsAt} the room goes LIVE at once (CreateRoom); with it
     * the room is SCHEDULED for that time (ScheduleRoom).
     *
     * @param title      1 to 120 characters
     * @param topic      topic slug, optional
     * @param visibility {@code public} (default), {@code private} or {@code club}
     * @param clubId     the hosting club, required for {@code club}
     * @param startsAt   announced start, epoch ms, optional
     * @param settings   room settings, optional (platform defaults)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record CreateRoomRequest(@Nullable String title, @Nullable String topic, @Nullable String visibility,
                                    @Nullable String clubId, @Nullable Long startsAt,
                                    @Nullable SettingsBody settings) {
    }

    /**
     * @param handRaisesEnabled default true
     * @param capacity          participants, null for the platform default
     * @param speakerLimit      speakers plus moderators, null for the platform default
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record SettingsBody(@Nullable Boolean handRaisesEnabled, @Nullable Integer capacity,
                               @Nullable Integer speakerLimit) {
    }

    /**
     * 202 answer of {@code POST /rooms}: the command is on Kafka; room-state-stream decides
     * (the outcome shows in {@code GET /rooms/{id}} and on the WebSocket).
     *
     * @param roomId  the new room's id
     * @param nonce   the command's nonce (the {@code Idempotency-Key}, or a generated one)
     * @param command {@code create_room} or {@code schedule_room}
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record RoomAccepted(String roomId, String nonce, String command) {
    }

    /** One entry of {@code GET /rooms}; times epoch ms, counts of participants. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomSummary(String roomId, String title, @Nullable String topic, @Nullable String clubId,
                              long participants, long speakers, long listeners, @Nullable Long startedAt) {
    }

    /**
     * A page of {@code GET /rooms}.
     *
     * @param rooms      at most {@code limit} live public rooms, newest first (by when they went live); a
     *                   page may hold fewer, with a next cursor
     * @param nextCursor pass as {@code cursor} for the next page ({@link ListingCursor}, opaque); absent on
     *                   the last page
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomPage(List<RoomSummary> rooms, @Nullable String nextCursor) {
    }

    /** A participant in a snapshot; {@code since} epoch ms (join, speaker-since or hand-raise time). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Member(String userId, long since) {
    }

    /** Counts of a snapshot. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Counts(long participants, long speakers, long listeners, long handsRaised) {
    }

    /** {@code GET /rooms/{id}}: the room as the read model holds it; times epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomView(String roomId, String title, @Nullable String topic, String visibility,
                           @Nullable String clubId, String lifecycle, @Nullable String createdBy,
                           @Nullable Long createdAt, @Nullable Long startsAt, @Nullable Long startedAt,
                           @Nullable Long lastActivityAt, long version, Counts counts,
                           List<Member> moderators, List<Member> speakers, List<Member> listeners,
                           List<Member> handRaised) {
    }

    /**
     * {@code POST /rooms/{id}/media-token}; role lower snake case, {@code edgeAddress} the edge's UDP
     * {@code host:port} (send the binding request there), {@code expiresAt} epoch ms; for browsers
     * {@code whepUrl} (listen: everyone) and {@code whipUrl} (speak: speakers and moderators, else null),
     * both null when the edge registered no signalling URL, and {@code iceServers} (TURN with
     * time-limited credentials; empty without TURN).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record MediaTokenBody(String token, String roomId, String userId, String role, String edge,
                                 String edgeAddress, long expiresAt, @Nullable String whipUrl,
                                 @Nullable String whepUrl, List<TurnServers.IceServer> iceServers) {
    }

    /**
     * Every error answer.
     *
     * @param error        machine-readable: {@code invalid_request}, {@code not_found}, {@code forbidden},
     *                     {@code rate_limited}, {@code unavailable}
     * @param message      for humans, optional
     * @param retryAfterMs for {@code rate_limited}: ms until a retry may succeed
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, @Nullable String message, @Nullable Long retryAfterMs) {
        /** @return an error without retry time */
        public static ErrorBody of(String error, String message) {
            return new ErrorBody(error, message, null);
        }
    }
}
