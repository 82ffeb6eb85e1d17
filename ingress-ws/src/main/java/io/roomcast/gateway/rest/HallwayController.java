package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Value;
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
import io.roomcast.events.HallwayRanking;
import io.roomcast.gateway.Application;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.rest.ErrorBody;
import io.roomcast.rest.SignedCursor;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RecordText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /hallway?cursor=&limit=}: the caller's hallway from the Redis read model ranking-stream writes
 * ({@link ReadModelKeys#hallway}, from hallway-rankings), never computed here. 200 {@link HallwayView}; 400
 * {@code invalid_request} for a limit out of range (1 to {@code roomcast.gateway.rest.list-max-limit}) or a
 * cursor this API did not make; 503 {@code unavailable} when Redis fails.
 *
 * <p>Paging: the ranking is one list, live rooms then upcoming ones; a page is the next {@code limit} of it.
 * The cursor ({@link SignedCursor}: {@code hallway:<position>:<roomId>}) names the last room shown and its
 * position: the next page starts after that room in the current ranking, or at the position if the room
 * left the hallway meanwhile (the ranking changes as rooms fill and empty: a room may then show twice or be
 * skipped; start again from the first page for a fresh view).
 */
@Controller("/hallway")
@Tag(name = "hallway")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HallwayController {
    private static final Logger LOG = LoggerFactory.getLogger(HallwayController.class);
    private static final RecordText<HallwayRanking> TEXT = new RecordText<>(HallwayRanking.class);
    private static final String PREFIX = "hallway:";

    private final GatewayRedis redis;
    private final SignedCursor cursors;
    private final int defaultLimit;
    private final int maxLimit;
    private final int maxIdChars;

    public HallwayController(GatewayRedis redis, ProtocolSettings protocol,
                             @Value("${roomcast.gateway.rest.list-default-limit:20}") int defaultLimit,
                             @Value("${roomcast.gateway.rest.list-max-limit:100}") int maxLimit,
                             @Value("${roomcast.gateway.rest.cursor-key}") String cursorKey) {
        this.redis = redis;
        this.cursors = new SignedCursor(cursorKey);
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
        this.maxIdChars = protocol.maxIdChars();
    }

    /** {@code GET /hallway}. */
    @Get
    @Operation(operationId = "getHallway", summary = "The caller's hallway: rooms ranked for them",
            description = "Live rooms ranked for the caller (followed speakers, topics, clubs, momentum, speaker "
                    + "quality), best first, then upcoming rooms of followed users and clubs, soonest first. "
                    + "ranking-stream ranks users connected over the WebSocket within the last minute, at most once a "
                    + "second each; a change (a followee joining a room as speaker) shows here within about 2 s, and "
                    + "connected sessions get a `hallway_updated` DISPATCH. A caller with no hallway yet (never "
                    + "connected) gets version 0 and empty lists. Private rooms, rooms of blocked users, rooms that "
                    + "banned the caller, and club or friends-only rooms the caller may not join never appear.")
    @ApiResponse(responseCode = "200", description = "a page of the caller's hallway",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = HallwayView.class)))
    @ApiResponse(responseCode = "400", description = "limit not an integer or out of range, or a cursor this API "
            + "did not make or that was changed (error invalid_request)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "Redis did not answer in time (error unavailable); retry later",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> hallway(Authentication caller,
                                   @Parameter(description = "the previous page's `next_cursor` (opaque); absent for "
                                           + "the first page") @Nullable @QueryValue String cursor,
                                   @Parameter(description = "rooms per page; default 20 (setting "
                                           + "roomcast.gateway.rest.list-default-limit), at most 100 (setting "
                                           + "roomcast.gateway.rest.list-max-limit)",
                                           schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                   @Nullable @QueryValue Integer limit) {
        int size = limit == null ? defaultLimit : limit;
        if (size < 1 || size > maxLimit) {
            return RoomsController.badRequest("limit must be 1 to " + maxLimit);
        }
        Position from;
        try {
            from = decode(cursor);
        } catch (IllegalArgumentException e) {
            return RoomsController.badRequest(e.getMessage());
        }
        HallwayRanking ranking;
        try {
            String text = redis.sync().hget(ReadModelKeys.hallway(caller.getName()), ReadModelKeys.RANKING);
            ranking = text == null ? null : TEXT.decode(text);
        } catch (RedisException e) {
            LOG.warn("hallway failed: {}", e.toString());
            return RoomsController.unavailable();
        }
        if (ranking == null) {
            return HttpResponse.ok(new HallwayView(0, null, false, List.of(), List.of(), null));
        }
        List<HallwayView.Room> rooms = ranking.getRooms().stream().map(HallwayView.Room::of).toList();
        int start = from == null ? 0 : resume(rooms, from);
        int end = Math.min(rooms.size(), start + size);
        List<HallwayView.Room> page = rooms.subList(start, end);
        String next = end < rooms.size() ? encode(new Position(end, rooms.get(end - 1).roomId())) : null;
        return HttpResponse.ok(new HallwayView(ranking.getVersion(), ranking.getOccurredAt().toEpochMilli(),
            ranking.getColdStart(), page.stream().filter(r -> !r.upcoming()).toList(),
            page.stream().filter(HallwayView.Room::upcoming).toList(), next));
    }

    /** Where the previous page ended: the position after it and its last room. */
    private record Position(int next, String lastRoomId) {
    }

    private static int resume(List<HallwayView.Room> rooms, Position from) {
        for (int i = 0; i < rooms.size(); i++) {
            if (rooms.get(i).roomId().equals(from.lastRoomId())) {
                return i + 1;
            }
        }
        return Math.min(from.next(), rooms.size());
    }

    private String encode(Position position) {
        return cursors.encode(PREFIX + position.next() + ":" + position.lastRoomId());
    }

    /** @throws IllegalArgumentException ("invalid cursor") for a cursor not made by {@link #encode} */
    private Position decode(String opaque) {
        if (opaque == null || opaque.isBlank()) {
            return null;
        }
        String text = cursors.decode(opaque);
        int colon = text.indexOf(':', PREFIX.length());
        if (!text.startsWith(PREFIX) || colon < PREFIX.length() + 1 || colon > PREFIX.length() + 9
                || colon == text.length() - 1 || text.length() - colon - 1 > maxIdChars
                || !text.substring(PREFIX.length(), colon).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid cursor");
        }
        return new Position(Integer.parseInt(text.substring(PREFIX.length(), colon)), text.substring(colon + 1));
    }
}
