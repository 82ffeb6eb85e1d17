package io.roomcast.gateway.rest;

import io.roomcast.rest.ErrorBody;
import io.lettuce.core.RedisException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.Application;
import io.roomcast.gateway.auth.MediaTokenIssuer;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import io.roomcast.gateway.media.TurnServers;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.gateway.rest.ratelimit.RateLimitPolicy;
import io.roomcast.gateway.rest.ratelimit.RedisRateLimiter;
import io.roomcast.gateway.rest.ratelimit.SocialWriteLimitFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST room API. Every route needs a bearer token (JWT, as the WebSocket's IDENTIFY); the
 * token's subject is the caller. Errors are {@link ErrorBody}: 400 {@code invalid_request},
 * 401 (no or bad token, from Micronaut Security), 403 {@code forbidden}, 404 {@code not_found},
 * 429 {@code rate_limited} (with {@code Retry-After} seconds and {@code retry_after_ms}),
 * 503 {@code unavailable} (Kafka or Redis failed; retry); Micronaut's own answers have the same body
 * ({@link RestErrorBodies}): 400 for a body that is not JSON or has a field of the wrong JSON type
 * ({@link StrictRoomBodies}), 404 an unknown route, 405 a wrong method, 415 a body that is not
 * {@code application/json}. Titles and topics follow the text rules (docs/protocol.md).
 *
 * <ul>
 *   <li>{@code POST /rooms}: create (or schedule, with {@code starts_at}) a room → 202
 *       {@link RestBodies.RoomAccepted}, {@code Location: /rooms/{id}}. Optional header
 *       {@code Idempotency-Key} (1 to {@code roomcast.gateway.protocol.max-nonce-length} characters,
 *       default 64, as a WebSocket command's nonce): the command's nonce, and the room id is derived
 *       from it, so a retry names the same room and is applied once. Rate limit {@code create_room}.
 *       400 for a {@code starts_at} not in the future (room-state-stream checks it again when it applies).</li>
 *   <li>{@code GET /rooms}, {@code /rooms/trending}, {@code /rooms/friends}: the listings, {@link RoomListingsController}.</li>
 *   <li>{@code GET /rooms/{id}}: the room snapshot; 404 if unknown, ended, or not PUBLIC and the
 *       caller is neither a participant, its creator, invited, nor asking to join ({@link RoomViews#visibleTo}).</li>
 *   <li>{@code POST /rooms/{id}/media-token}: a media JWT for a participant naming the media edge to use
 *       ({@link MediaEdgeDirectory}: speakers and moderators the room's origin, listeners the least-loaded
 *       of its edges), and that edge's UDP address; 404 unknown room, 403 not in the room, 503 when no
 *       media edge is live or all are full. Asking again after one's edge stopped answering gives a token
 *       for a live edge.</li>
 * </ul>
 */
@Controller("/rooms")
@Tag(name = "rooms")
@ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
        content = @Content(mediaType = RoomsController.JSON,
                schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = RoomsController.UNAVAILABLE,
        content = @Content(mediaType = RoomsController.JSON,
                schema = @Schema(implementation = ErrorBody.class)))
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RoomsController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomsController.class);

    static final String JSON = "application/json";
    static final String UNAUTHORIZED = "no bearer token, or one that is malformed, forged, expired, not yet "
            + "valid or a media token";
    static final String UNAVAILABLE = "Kafka or Redis did not answer in time (error unavailable); retry later; a "
            + "POST /rooms answered 503 published nothing";

    private final RoomCommandPublisher publisher;
    private final RoomReadModelReader reader;
    private final RedisRateLimiter rateLimiter;
    private final MediaTokenIssuer mediaTokens;
    @jakarta.inject.Inject
    TurnServers turnServers;
    private final MediaEdgeDirectory mediaEdges;
    private final int maxIdChars;
    private final int maxNonceChars;

    /**
     * @param protocol the WebSocket's limits, whose id and nonce lengths hold here too (a room id in a path,
     *                 the {@code Idempotency-Key})
     */
    public RoomsController(RoomCommandPublisher publisher, RoomReadModelReader reader, RedisRateLimiter rateLimiter,
                           MediaTokenIssuer mediaTokens, MediaEdgeDirectory mediaEdges, ProtocolSettings protocol) {
        this.publisher = publisher;
        this.reader = reader;
        this.rateLimiter = rateLimiter;
        this.mediaTokens = mediaTokens;
        this.mediaEdges = mediaEdges;
        this.maxIdChars = protocol.maxIdChars();
        this.maxNonceChars = protocol.maxNonceChars();
    }

    /** {@code POST /rooms}. */
    @Post
    @Operation(operationId = "createRoom", summary = "Create a room, or schedule one with starts_at",
            description = "Asynchronous: the answer 202 means the command (create_room, or schedule_room with "
                    + "`starts_at`) is on Kafka. room-state-stream decides: the room shows in GET /rooms/{id} once "
                    + "applied (404 until then), and a rejection (e.g. a club the caller is "
                    + "not a member of) is a CommandRejected fact with the returned nonce. A live room starts with "
                    + "its creator in it as moderator; a scheduled room's creator joins as moderator on start_room. "
                    + "Rate limit create_room: 5 per user per 24 h (settings roomcast.gateway.rate-limits.create-room.*).")
    @ApiResponse(responseCode = "202", description = "accepted; the room's id, the command's nonce and name",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.LOCATION,
                    description = "`/rooms/{room_id}`", required = true, schema = @Schema(type = "string")),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RestBodies.RoomAccepted.class)))
    @ApiResponse(responseCode = "400", description = "no JSON body or not a JSON object, a field of another JSON "
            + "type (no coercion: a numeric title is refused), a title or topic that breaks the text rules "
            + "(docs/protocol.md, \"Text rules\"; the message gives the reason), unknown visibility, club without "
            + "club_id, starts_at not in the future, negative capacity or speaker_limit, or a bad Idempotency-Key "
            + "(error invalid_request)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "413", description = "a body larger than micronaut.server.max-request-size (64 KiB), "
            + "not read (error payload_too_large)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "415", description = "a body that is not application/json (error invalid_request)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "429", description = "the caller's create_room limit is used up (error rate_limited "
            + "with retry_after_ms)",
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = HttpHeaders.RETRY_AFTER, required = true,
                    description = "seconds until a retry may succeed (RFC 9110 section 10.2.3), rounded up",
                    schema = @Schema(type = "integer", minimum = "1")),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> create(Authentication caller,
                                  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                  @Nullable @Body RestBodies.CreateRoomRequest body,
                                  @Parameter(in = ParameterIn.HEADER, description = "the command's nonce: a retry "
                                          + "with the same key (same user) names the same room and is applied "
                                          + "once; at most roomcast.gateway.protocol.max-nonce-length characters "
                                          + "(default 64)",
                                          schema = @Schema(type = "string", minLength = 1,
                                                  maxLength = RestBodies.DEFAULT_MAX_NONCE_CHARS))
                                  @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        String userId = caller.getName();
        RoomCommand command;
        try {
            String nonce = RoomRequests.nonce(idempotencyKey, maxNonceChars);
            command = RoomRequests.toCommand(body, RoomRequests.roomId(userId, idempotencyKey), userId, nonce,
                    Instant.now());
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        try {
            RateLimitPolicy.Decision decision = rateLimiter.check(userId, RateLimitPolicy.CREATE_ROOM);
            if (!decision.allowed()) {
                return SocialWriteLimitFilter.tooManyRequests(decision);
            }
            publisher.publish(command);
        } catch (RedisException | RoomCommandPublisher.PublishException e) {
            LOG.warn("create room failed: {}", e.toString());
            return unavailable();
        }
        return HttpResponse.accepted(URI.create("/rooms/" + command.getRoomId()))
                .body(new RestBodies.RoomAccepted(command.getRoomId(), command.getNonce(),
                        RoomRequests.commandName(command)));
    }

    /** {@code GET /rooms/{id}}. */
    @Get("/{id}")
    @Operation(operationId = "getRoom", summary = "A room's snapshot",
            description = "The room as the Redis read model holds it (room-state-stream writes it after each "
                    + "applied command, so a room just created may be 404 for a moment). A public room is visible "
                    + "to every caller; a private, club or social room only to its participants, its creator, the "
                    + "users invited to it and those whose join request waits, and 404 to everyone else, so its "
                    + "existence does not leak.")
    @ApiResponse(responseCode = "200", description = "the room",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RestBodies.RoomView.class)))
    @ApiResponse(responseCode = "404", description = "unknown, not yet created, ended, not visible to the caller, "
            + "or an id longer than roomcast.gateway.protocol.max-id-length (default 128) characters (error not_found)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> get(Authentication caller, @Parameter(description = "the room id")
                               @PathVariable String id) {
        if (id.length() > maxIdChars) {
            return notFound();
        }
        try {
            Optional<RoomViews.RoomContent> content = reader.snapshot(id);
            if (content.isEmpty() || !RoomViews.visibleTo(content.get(), caller.getName())) {
                return notFound();
            }
            return HttpResponse.ok(RoomViews.view(content.get()));
        } catch (RedisException e) {
            LOG.warn("room snapshot failed: {}", e.toString());
            return unavailable();
        }
    }

    /** {@code POST /rooms/{id}/media-token}. */
    @Post("/{id}/media-token")
    @Operation(operationId = "issueMediaToken", summary = "A media token for one of the room's media edges",
            description = "For a participant of the room: a short-lived JWT for the media edge to send or receive "
                    + "the room's audio (docs/media-protocol.md), naming the edge to use (speakers and moderators: "
                    + "the room's origin; listeners: the least-loaded of the room's edges under capacity, a relay "
                    + "brought in when all are full) and its UDP address. No request body. Asking again after one's "
                    + "edge stopped answering gives a token for a live edge.")
    @ApiResponse(responseCode = "200", description = "the token",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RestBodies.MediaTokenBody.class)))
    @ApiResponse(responseCode = "403", description = "the caller is not in the room (error forbidden)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no such room, or an id longer than "
            + "roomcast.gateway.protocol.max-id-length (default 128) characters (error not_found)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "no media edge is live, or all are full, or Redis did not "
            + "answer (error unavailable); retry later",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> mediaToken(Authentication caller, @Parameter(description = "the room id")
                                      @PathVariable String id) {
        if (id.length() > maxIdChars) {
            return notFound();
        }
        String userId = caller.getName();
        String role;
        Optional<MediaEdgeDirectory.Placement> placement;
        try {
            role = switch (reader.standing(id, userId)) {
                case NO_ROOM -> null;
                case NOT_IN_ROOM -> "";
                case MODERATOR -> "MODERATOR";
                case SPEAKER -> "SPEAKER";
                case LISTENER_SET -> reader.presenceRole(userId, id)
                        .filter("INVITED_SPEAKER"::equals).orElse("LISTENER");
            };
            placement = role == null || role.isEmpty() ? Optional.empty()
                    : mediaEdges.place(id, role.equals("SPEAKER") || role.equals("MODERATOR"));
        } catch (RedisException e) {
            LOG.warn("media token lookup failed: {}", e.toString());
            return unavailable();
        }
        if (role == null) {
            return notFound();
        }
        if (role.isEmpty()) {
            return HttpResponse.status(HttpStatus.FORBIDDEN)
                    .body(ErrorBody.of("forbidden", "you are not in this room"));
        }
        if (placement.isEmpty()) {
            return ErrorBody.unavailable("no media edge is available; try again later");
        }
        MediaEdgeDirectory.Placement at = placement.get();
        MediaTokenIssuer.MediaToken token = mediaTokens.issue(id, userId, role, new MediaTokenIssuer.EdgeTarget(
                at.edge().id(), at.origin() == null ? null : at.origin().id(),
                at.origin() == null ? null : at.origin().address()));
        String signalling = at.edge().signalling();
        boolean speaks = role.equals("SPEAKER") || role.equals("MODERATOR");
        return HttpResponse.ok(new RestBodies.MediaTokenBody(token.token(), id, userId, RoomViews.lower(role),
                token.edge(), at.edge().address(), token.expiresAtMs(),
                signalling == null || !speaks ? null : signalling + "/whip",
                signalling == null ? null : signalling + "/whep", turnServers.forUser(userId)));
    }

    static HttpResponse<?> badRequest(String message) {
        return HttpResponse.badRequest(ErrorBody.of("invalid_request", message));
    }

    static HttpResponse<?> notFound() {
        return HttpResponse.notFound(ErrorBody.of("not_found", "no such room"));
    }

    static HttpResponse<?> unavailable() {
        return ErrorBody.unavailable("try again later");
    }
}
