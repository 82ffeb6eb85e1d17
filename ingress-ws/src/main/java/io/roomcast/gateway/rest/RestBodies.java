package io.roomcast.gateway.rest;

import io.roomcast.gateway.media.TurnServers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.schemas.validation.LanguageTags;
import io.roomcast.schemas.validation.TextRules;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * JSON bodies of the REST API. Field names are lower snake case, times epoch ms, enum values lower
 * snake case (as docs/protocol.md); absent optional fields are left out.
 */
public final class RestBodies {
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
     * @param language   the room's language, a BCP 47 tag (RFC 5646), optional; stored in canonical case
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(description = "A room to create (no `starts_at`) or schedule. Unknown fields are ignored.")
    public record CreateRoomRequest(
            @Schema(requiredMode = RequiredMode.REQUIRED, nullable = false, minLength = 1,
                    maxLength = RoomRequests.MAX_TITLE_CHARS, description = "code points; at most 360 bytes of UTF-8, a "
                    + "visible character, no control, bidi-override or invisible characters (docs/protocol.md, "
                    + "\"Text rules\"); refused, never altered; markup is stored as text")
            @Nullable String title,
            @Schema(maxLength = TextRules.TOPIC_MAX_CODE_POINTS, description = "topic slug; blank is the same as "
                    + "absent; else the text rules as title, at most 64 code points and 192 bytes of UTF-8")
            @Nullable String topic,
            @Schema(allowableValues = {"public", "private", "club", "social"}, defaultValue = "public",
                    description = "public: listed and open to all; private: by invitation; club: members of `club_id`; "
                    + "social (friends-only): the users the creator follows, and invited users")
            @Nullable String visibility,
            @Schema(description = "the hosting club; required (not blank) with visibility club, ignored otherwise")
            @Nullable String clubId,
            @Schema(minimum = "1", description = "announced start, epoch ms; with it the room is scheduled "
                    + "(command schedule_room), else live at once (create_room); a start that is not in the "
                    + "future is refused (400)")
            @Nullable Long startsAt,
            @Nullable SettingsBody settings,
            @Schema(maxLength = LanguageTags.MAX_CHARS, example = "pt-BR", description = "the language the room "
                    + "is held in: a well-formed BCP 47 language tag (RFC 5646) starting with a language subtag, at "
                    + "most 35 characters; stored in canonical case (`pt-br` becomes `pt-BR`); blank is the same as "
                    + "absent; search filters on it (`GET /search?language=`)")
            @Nullable String language) {
    }

    /**
     * @param handRaisesEnabled default true
     * @param capacity          participants, null for the platform default
     * @param speakerLimit      speakers plus moderators, null for the platform default
     * @param approvalRequired  default false: joins become requests a moderator approves or denies
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
            @Nullable Integer speakerLimit,
            @Schema(defaultValue = "false", description = "a join becomes a request that a moderator approves "
                    + "(approve_join) or denies (deny_join); the creator and invited users join at once")
            @Nullable Boolean approvalRequired) {
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
                              @Schema(description = "BCP 47 language tag (RFC 5646), e.g. `pt-BR`") @Nullable String language,
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
                           @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"public", "private", "club", "social"})
                           String visibility,
                           @Nullable String clubId,
                           @Schema(description = "BCP 47 language tag (RFC 5646), e.g. `pt-BR`") @Nullable String language,
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
     * UDP {@code host:port} (send the binding request there), {@code expires_at} epoch ms; for browsers
     * {@code whep_url} (listen: everyone) and {@code whip_url} (speak: speakers and moderators, else null),
     * both null when the edge registered no signalling URL, and {@code ice_servers} (TURN with
     * time-limited credentials; {@code []} without TURN, never left out).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MediaTokenBody(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "a JWT for the media edge (docs/media-protocol.md), not a REST "
                    + "credential") String token,
            String roomId, String userId,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"listener", "invited_speaker", "speaker", "moderator"}) String role,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the media edge's id") String edge,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the edge's UDP host:port") String edgeAddress,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "epoch ms") long expiresAt,
            @Nullable @Schema(nullable = true, description = "the edge's WHIP endpoint (speakers and moderators; "
                    + "null for listeners or an edge without one)") String whipUrl,
            @Nullable @Schema(nullable = true, description = "the edge's WHEP endpoint (null for an edge without one)")
                    String whepUrl,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "TURN servers with time-limited credentials "
                    + "(RTCPeerConnection iceServers); empty without TURN") List<TurnServers.IceServer> iceServers) {
    }
}
