package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Value;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.RoomCommand;
import io.roomcast.gateway.auth.MediaTokenIssuer;
import io.roomcast.gateway.media.MediaEdgeDirectory;
import io.roomcast.gateway.media.TurnServers;
import io.roomcast.gateway.rest.ratelimit.RateLimitPolicy;
import io.roomcast.gateway.rest.ratelimit.RedisRateLimiter;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST room API. Every route needs a bearer token (JWT, as the WebSocket's IDENTIFY); the
 * token's subject is the caller. Errors are {@link RestBodies.ErrorBody}: 400 {@code invalid_request},
 * 401 (no or bad token, from Micronaut Security), 403 {@code forbidden}, 404 {@code not_found},
 * 429 {@code rate_limited} (with {@code Retry-After} seconds and {@code retry_after_ms}),
 * 503 {@code unavailable} (Kafka or Redis failed; retry).
 *
 * <ul>
 *   <li>{@code POST /rooms}: create (or schedule, with {@code starts_at}) a room → 202
 *       {@link RestBodies.RoomAccepted}, {@code Location: /rooms/{id}}. Optional header
 *       {@code Idempotency-Key} (1 to 64 characters): the command's nonce, and the room id is derived
 *       from it, so a retry names the same room and is applied once. Rate limit {@code create_room}.</li>
 *   <li>{@code GET /rooms?cursor=&limit=}: live public rooms, newest first (by when they went live),
 *       {@code limit} 1 to {@code roomcast.gateway.rest.list-max-limit} (default 20, at most 100);
 *       {@code cursor} the previous page's {@code next_cursor} ({@link ListingCursor}); 400 for a
 *       limit out of range or a cursor this API did not make. Private and club rooms are never listed.</li>
 *   <li>{@code GET /rooms/{id}}: the room snapshot; 404 if unknown, ended, or PRIVATE/CLUB and the
 *       caller is neither a participant nor its creator.</li>
 *   <li>{@code POST /rooms/{id}/media-token}: a media JWT for a participant naming the media edge to use
 *       ({@link MediaEdgeDirectory}: speakers and moderators the room's origin, listeners the least-loaded
 *       of its edges), and that edge's UDP address; 404 unknown room, 403 not in the room, 503 when no
 *       media edge is live or all are full. Asking again after one's edge stopped answering gives a token
 *       for a live edge.</li>
 * </ul>
 */
@Controller("/rooms")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RoomsController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomsController.class);

    /** Longest room id accepted in a path (characters), as docs/protocol.md. */
    static final int MAX_ROOM_ID_CHARS = 128;

    private final RoomCommandPublisher publisher;
    private final RoomReadModelReader reader;
    private final RedisRateLimiter rateLimiter;
    private final MediaTokenIssuer mediaTokens;
    @jakarta.inject.Inject
    TurnServers turnServers;
    private final MediaEdgeDirectory mediaEdges;
    private final int defaultLimit;
    private final int maxLimit;

    /**
     * @param defaultLimit page size without {@code limit}, setting {@code roomcast.gateway.rest.list-default-limit}
     * @param maxLimit     largest {@code limit}, setting {@code roomcast.gateway.rest.list-max-limit}
     */
    public RoomsController(RoomCommandPublisher publisher, RoomReadModelReader reader, RedisRateLimiter rateLimiter,
                           MediaTokenIssuer mediaTokens, MediaEdgeDirectory mediaEdges,
                           @Value("${roomcast.gateway.rest.list-default-limit:20}") int defaultLimit,
                           @Value("${roomcast.gateway.rest.list-max-limit:100}") int maxLimit) {
        if (defaultLimit < 1 || maxLimit < defaultLimit) {
            throw new IllegalArgumentException("need 1 <= list-default-limit <= list-max-limit");
        }
        this.publisher = publisher;
        this.reader = reader;
        this.rateLimiter = rateLimiter;
        this.mediaTokens = mediaTokens;
        this.mediaEdges = mediaEdges;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /** {@code POST /rooms}. */
    @Post
    public HttpResponse<?> create(Authentication caller, @Nullable @Body RestBodies.CreateRoomRequest body,
                                  @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        String userId = caller.getName();
        RoomCommand command;
        try {
            String nonce = RoomRequests.nonce(idempotencyKey);
            command = RoomRequests.toCommand(body, RoomRequests.roomId(userId, idempotencyKey), userId, nonce,
                    Instant.now());
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        try {
            RateLimitPolicy.Decision decision = rateLimiter.check(userId, RateLimitPolicy.CREATE_ROOM);
            if (!decision.allowed()) {
                return rateLimited(decision);
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

    /** {@code GET /rooms}. */
    @Get
    public HttpResponse<?> list(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            return badRequest("limit must be 1 to " + maxLimit);
        }
        ListingCursor from;
        try {
            from = ListingCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        try {
            RoomReadModelReader.Page page = reader.livePublicRooms(from, size);
            return HttpResponse.ok(new RestBodies.RoomPage(page.rooms(),
                    page.next().map(ListingCursor::encode).orElse(null)));
        } catch (RedisException e) {
            LOG.warn("list rooms failed: {}", e.toString());
            return unavailable();
        }
    }

    /** {@code GET /rooms/{id}}. */
    @Get("/{id}")
    public HttpResponse<?> get(Authentication caller, @PathVariable String id) {
        if (id.length() > MAX_ROOM_ID_CHARS) {
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
    public HttpResponse<?> mediaToken(Authentication caller, @PathVariable String id) {
        if (id.length() > MAX_ROOM_ID_CHARS) {
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
                    .body(RestBodies.ErrorBody.of("forbidden", "you are not in this room"));
        }
        if (placement.isEmpty()) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(RestBodies.ErrorBody.of("unavailable", "no media edge is available; try again later"));
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

    /**
     * @param decision a refusal
     * @return 429 with {@code Retry-After} (whole seconds, rounded up) and the error body
     */
    static HttpResponse<?> rateLimited(RateLimitPolicy.Decision decision) {
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()))
                .body(new RestBodies.ErrorBody("rate_limited", "too many " + decision.action() + " requests",
                        decision.retryAfterMs()));
    }

    private static HttpResponse<?> badRequest(String message) {
        return HttpResponse.badRequest(RestBodies.ErrorBody.of("invalid_request", message));
    }

    private static HttpResponse<?> notFound() {
        return HttpResponse.notFound(RestBodies.ErrorBody.of("not_found", "no such room"));
    }

    private static HttpResponse<?> unavailable() {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(RestBodies.ErrorBody.of("unavailable", "try again later"));
    }
}
