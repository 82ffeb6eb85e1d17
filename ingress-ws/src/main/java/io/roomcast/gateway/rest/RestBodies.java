package io.roomcast.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * JSON bodies of the REST API. Field names are lower snake case, times epoch ms, enum values lower
 * snake case (as docs/protocol.md); absent optional fields are left out.
 */
public final class RestBodies {
    /** Values of {@link ErrorBody#error()}. */
    static final String ERROR_CODES_DOC = "invalid_request (400), unauthorized (401), forbidden (403), not_found (404), "
            + "rate_limited (429), unavailable (503), internal_error (other 5xx)";

    /**
     * The default of {@code roomcast.gateway.protocol.max-nonce-length}, the longest nonce and
     * {@code Idempotency-Key}, as docs/openapi.yml states it (OpenApiDocumentTest holds it to
     * {@code ProtocolSettings.defaults()}).
     */
    static final int DEFAULT_MAX_NONCE_CHARS = 64;

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
    @Schema(description = "A room to create (no `starts_at`) or schedule. Unknown fields are ignored.")
    public record CreateRoomRequest(
            @Schema(requiredMode = RequiredMode.REQUIRED, nullable = false, minLength = 1,
                    maxLength = RoomRequests.MAX_TITLE_CHARS, description = "not blank")
            @Nullable String title,
            @Schema(description = "topic slug; blank is the same as absent") @Nullable String topic,
            @Schema(allowableValues = {"public", "private", "club"}, defaultValue = "public",
                    description = "public: listed and open to all; private: by invitation; club: members of `club_id`")
            @Nullable String visibility,
            @Schema(description = "the hosting club; required (not blank) with visibility club, ignored otherwise")
            @Nullable String clubId,
            @Schema(minimum = "1", description = "announced start, epoch ms; with it the room is scheduled "
                    + "(command schedule_room), else live at once (create_room); room-state-stream rejects a "
                    + "start that is not in the future")
            @Nullable Long startsAt,
            @Nullable SettingsBody settings) {
    }

    /**
     * @param handRaisesEnabled default true
     * @param capacity          participants, null for the platform default
     * @param speakerLimit      speakers plus moderators, null for the platform default
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "Room settings; an absent or null field takes the platform default.")
    public record SettingsBody(
            @Schema(defaultValue = "true") @Nullable Boolean handRaisesEnabled,
            @Schema(minimum = "0", description = "participants at most; room-state-stream rejects 0 and values "
                    + "above the platform's roomcast.capacity (default 8000)")
            @Nullable Integer capacity,
            @Schema(minimum = "0", description = "speakers plus moderators at most; room-state-stream rejects 0 "
                    + "and values above the platform's speaker limit")
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
    @Schema(description = "The command is on Kafka; the room exists once room-state-stream applied it.")
    public record RoomAccepted(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "`r-` and a UUID; with an Idempotency-Key derived from (user, key)") String roomId,
            @Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = DEFAULT_MAX_NONCE_CHARS) String nonce,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"create_room", "schedule_room"}) String command) {
    }

    /** One entry of {@code GET /rooms}; times epoch ms, counts of participants. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomSummary(String roomId, String title, @Nullable String topic, @Nullable String clubId,
                              @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long participants,
                              @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long speakers,
                              @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long listeners,
                              @Schema(description = "when the room went live, epoch ms") @Nullable Long startedAt) {
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
    public record Member(String userId, @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long since) {
    }

    /** Counts of a snapshot. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Counts(@Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long participants,
                         @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long speakers,
                         @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long listeners,
                         @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0") long handsRaised) {
    }

    /** {@code GET /rooms/{id}}: the room as the read model holds it; times epoch ms. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomView(String roomId, String title, @Nullable String topic,
                           @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"public", "private", "club"})
                           String visibility,
                           @Nullable String clubId,
                           @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"scheduled", "live", "ended"}) String lifecycle,
                           @Nullable String createdBy,
                           @Nullable Long createdAt, @Nullable Long startsAt, @Nullable Long startedAt,
                           @Nullable Long lastActivityAt,
                           @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0",
                                   description = "the read model's room version (as the WebSocket's SNAPSHOT "
                                           + "`version`)") long version,
                           Counts counts,
                           List<Member> moderators, List<Member> speakers, List<Member> listeners,
                           List<Member> handRaised) {
    }

    /**
     * {@code POST /rooms/{id}/media-token}; {@code role} lower snake case, {@code edge_address} the edge's
     * UDP {@code host:port} (send the binding request there), {@code expires_at} epoch ms.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record MediaTokenBody(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "a JWT for the media edge (docs/media-protocol.md), not a REST "
                    + "credential") String token,
            String roomId, String userId,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"listener", "invited_speaker", "speaker", "moderator"}) String role,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the media edge's id") String edge,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the edge's UDP host:port") String edgeAddress,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long expiresAt) {
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
    @Schema(description = "The body of every 4xx and 5xx answer of the REST API.")
    public record ErrorBody(
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"invalid_request", "unauthorized", "forbidden", "not_found", "rate_limited",
                    "unavailable", "internal_error"}, description = ERROR_CODES_DOC) String error,
            @Schema(description = "for humans; may change") @Nullable String message,
            @Schema(minimum = "1", description = "with rate_limited: ms until a retry may succeed")
            @Nullable Long retryAfterMs) {
        /** @return an error without retry time */
        public static ErrorBody of(String error, String message) {
            return new ErrorBody(error, message, null);
        }
    }
}
