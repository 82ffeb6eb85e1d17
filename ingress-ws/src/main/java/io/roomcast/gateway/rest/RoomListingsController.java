package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.HallwayListing;
import io.roomcast.gateway.Application;
import io.roomcast.rest.ErrorBody;
import io.roomcast.schemas.ReadModelKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room listings, each read from a Redis read model, never by scanning rooms:
 * <ul>
 *   <li>{@code GET /rooms?category=&cursor=&limit=}: live public rooms, newest first (by when they went live),
 *       all of them ({@value ReadModelKeys#LIVE_PUBLIC_ROOMS}) or one topic category's
 *       ({@link ReadModelKeys#livePublicRoomsOf}; a category is the topic slug's part before the dot,
 *       {@link io.roomcast.schemas.RoomTopics#category}); both kept by room-state-stream.</li>
 *   <li>{@code GET /rooms/trending?cursor=&limit=}: live public rooms with joins in the last 5 minutes, most
 *       joins per minute first ({@value ReadModelKeys#TRENDING_ROOMS}, kept by ranking-stream from room-stats).</li>
 *   <li>{@code GET /rooms/friends?cursor=&limit=}: the live rooms of the caller's hallway where someone the
 *       caller follows speaks, in hallway order ({@link HallwayPages}).</li>
 * </ul>
 * {@code limit} is 1 to {@code roomcast.gateway.rest.list-max-limit} (default 20, at most 100); {@code cursor}
 * the previous page's {@code next_cursor} of the same listing ({@link ListingCursor}, signed). 400
 * {@code invalid_request} for a limit out of range, a category that is not a slug, or a cursor this API did not
 * make for that listing or that was changed; 503 {@code unavailable} when Redis fails. Private, club and social
 * rooms are never in the first two; the friends listing has the hallway's privacy rules.
 */
@Controller("/rooms")
@Tag(name = "rooms")
@ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = "Redis did not answer in time (error unavailable); retry later",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RoomListingsController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomListingsController.class);
    /** A category: a topic slug's first part (docs/protocol.md, "Room listings"). */
    static final String CATEGORY_PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";
    private static final Pattern CATEGORY = Pattern.compile(CATEGORY_PATTERN);
    private static final String LIMIT = "rooms per page; default 20 (setting roomcast.gateway.rest.list-default-limit), "
            + "at most 100 (setting roomcast.gateway.rest.list-max-limit)";
    private static final String CURSOR = "the previous page's `next_cursor` of the same listing (opaque); absent "
            + "for the first page";
    private static final String BAD_REQUEST = "limit not an integer or out of range, or a cursor this API did not "
            + "make for this listing or that was changed (cursors carry an HMAC) (error invalid_request)";

    private final RoomReadModelReader reader;
    private final HallwayPages hallways;
    private final ListingRequests requests;

    RoomListingsController(RoomReadModelReader reader, HallwayPages hallways, ListingRequests requests) {
        this.reader = reader;
        this.hallways = hallways;
        this.requests = requests;
    }

    /** {@code GET /rooms}. */
    @Get
    @Operation(operationId = "listRooms", summary = "Live public rooms, newest first; or one category's",
            description = "Pages through the rooms that are public and live, newest first by when they went live "
                    + "(same time: by room id, descending); with `category`, only the rooms whose topic is in that "
                    + "category (the topic slug's part before the dot: `tech.ai` is in `tech`). Private, club, "
                    + "scheduled and ended rooms are never listed. A page may hold fewer than `limit` rooms and "
                    + "still have a `next_cursor`.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = RoomsController.JSON,
                    schema = @Schema(implementation = RestBodies.RoomPage.class)))
    @ApiResponse(responseCode = "400", description = BAD_REQUEST + "; or a category that is not 1 to 64 of "
            + "[a-z0-9_-] starting with a letter or digit",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> list(@Parameter(description = "only rooms of this topic category, e.g. tech",
                                        schema = @Schema(pattern = CATEGORY_PATTERN))
                                @Nullable @QueryValue String category,
                                @Parameter(description = CURSOR) @Nullable @QueryValue String cursor,
                                @Parameter(description = LIMIT,
                                        schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                @Nullable @QueryValue Integer limit) {
        if (category != null && !CATEGORY.matcher(category).matches()) {
            return RoomsController.badRequest("category must be 1 to 64 of [a-z0-9_-], starting with a letter or digit");
        }
        return page(category == null ? ReadModelKeys.LIVE_PUBLIC_ROOMS : ReadModelKeys.livePublicRoomsOf(category),
                cursor, limit);
    }

    /** {@code GET /rooms/trending}. */
    @Get("/trending")
    @Operation(operationId = "listTrendingRooms", summary = "Live public rooms by momentum, most joins per minute first",
            description = "Pages through the public live rooms that had joins in the last 5 minutes, most joins per "
                    + "minute first (ranking-stream's room stats, `joins_per_minute_5m`; same momentum: by room id, "
                    + "descending). Momentum changes as people join, so between two pages a room may move: it can "
                    + "show twice or be skipped; start again from the first page for a fresh view. Private, club, "
                    + "scheduled and ended rooms are never listed.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = RoomsController.JSON,
                    schema = @Schema(implementation = RestBodies.RoomPage.class)))
    @ApiResponse(responseCode = "400", description = BAD_REQUEST,
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> trending(@Parameter(description = CURSOR) @Nullable @QueryValue String cursor,
                                    @Parameter(description = LIMIT,
                                            schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                    @Nullable @QueryValue Integer limit) {
        return page(ReadModelKeys.TRENDING_ROOMS, cursor, limit);
    }

    /** {@code GET /rooms/friends}. */
    @Get("/friends")
    @Operation(operationId = "listFriendsRooms", summary = "Live rooms where people the caller follows speak",
            description = "The live rooms of the caller's hallway (`GET /hallway`, same ranking, order, privacy "
                    + "rules and paging) in which at least one person the caller follows is a speaker "
                    + "(`followed_speaker_ids`). `upcoming` is always empty. A caller with no hallway yet is "
                    + "ranked because of the request, as for `GET /hallway`: the first page waits for it at most 3 s, "
                    + "else it is version 0 with an empty list.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = HallwayView.class)))
    @ApiResponse(responseCode = "400", description = BAD_REQUEST,
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> friends(Authentication caller,
                                   @Parameter(description = CURSOR) @Nullable @QueryValue String cursor,
                                   @Parameter(description = LIMIT,
                                           schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                   @Nullable @QueryValue Integer limit) {
        return hallways.page(caller.getName(), HallwayListing.FRIENDS,
                room -> !room.upcoming() && !room.followedSpeakerIds().isEmpty(), cursor, limit);
    }

    private HttpResponse<?> page(String index, String cursor, Integer limit) {
        ListingRequests.Request request;
        try {
            request = requests.parse(index, cursor, limit);
        } catch (IllegalArgumentException e) {
            return RoomsController.badRequest(e.getMessage());
        }
        try {
            RoomReadModelReader.Page page = reader.listing(index, request.from(), request.size());
            return HttpResponse.ok(new RestBodies.RoomPage(page.rooms(), requests.next(index, page.next())));
        } catch (RedisException e) {
            LOG.warn("listing {} failed: {}", index, e.toString());
            return RoomsController.unavailable();
        }
    }
}
