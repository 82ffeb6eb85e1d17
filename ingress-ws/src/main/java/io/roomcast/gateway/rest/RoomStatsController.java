package io.roomcast.gateway.rest;

import io.roomcast.rest.ErrorBody;
import io.lettuce.core.RedisException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.RoomStats;
import io.roomcast.events.Visibility;
import io.roomcast.gateway.Application;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RecordText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /rooms/{id}/stats}: a room's statistics from the Redis read model ranking-stream writes
 * ({@link ReadModelKeys#roomStats}, from the room-stats topic). Bearer token as every REST route. 200
 * {@link RoomStatsView}; 404 {@code not_found} for a room without stats (unknown, not yet counted, or
 * expired: ranking-stream's {@code stats-expiry}, default 7 days after the last change) and for a room that
 * is not PUBLIC unless the caller may see the room itself ({@link RoomViews#visibleTo}, only while it is
 * live); 503 {@code unavailable} when Redis fails.
 */
@Controller("/rooms")
@Tag(name = "rooms")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class RoomStatsController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomStatsController.class);
    private static final RecordText<RoomStats> TEXT = new RecordText<>(RoomStats.class);

    private final GatewayRedis redis;
    private final RoomReadModelReader rooms;
    private final int maxIdChars;

    public RoomStatsController(GatewayRedis redis, RoomReadModelReader rooms, ProtocolSettings protocol) {
        this.redis = redis;
        this.rooms = rooms;
        this.maxIdChars = protocol.maxIdChars();
    }

    /** {@code GET /rooms/{id}/stats}. */
    @Get("/{id}/stats")
    @Operation(operationId = "getRoomStats", summary = "A room's statistics",
            description = "Live listener and speaker counts, peak concurrent, total joins, momentum (joins per "
                    + "minute over the last 1 and 5 minutes), average stay, speak time per speaker, hand raises, and "
                    + "for an ended room the hourly breakdown. ranking-stream computes them from the room's facts "
                    + "(a change shows here within about a second); ended rooms keep them for 7 days "
                    + "(setting stats-expiry of ranking-stream). A room that is not public: only for those who may "
                    + "see the room (GET /rooms/{id}), and only while it is live.")
    @ApiResponse(responseCode = "200", description = "the room's statistics",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = RoomStatsView.class)))
    @ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
            content = @Content(mediaType = RoomsController.JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no stats for this room (unknown, not yet counted, expired), a "
            + "room that is not public and not visible to the caller, or an id longer than "
            + "roomcast.gateway.protocol.max-id-length (default 128) characters (error not_found)",
            content = @Content(mediaType = RoomsController.JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "Redis did not answer in time (error unavailable); retry later",
            content = @Content(mediaType = RoomsController.JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> stats(Authentication caller, @Parameter(description = "the room id") @PathVariable String id) {
        if (id.length() > maxIdChars) {
            return RoomsController.notFound();
        }
        try {
            String text = redis.sync().hget(ReadModelKeys.roomStats(id), ReadModelKeys.STATS);
            if (text == null) {
                return RoomsController.notFound();
            }
            RoomStats stats = TEXT.decode(text);
            if (stats.getVisibility() != Visibility.PUBLIC && !roomVisibleTo(id, caller.getName())) {
                return RoomsController.notFound();
            }
            return HttpResponse.ok(RoomStatsView.of(stats));
        } catch (RedisException e) {
            LOG.warn("room stats failed: {}", e.toString());
            return RoomsController.unavailable();
        }
    }

    private boolean roomVisibleTo(String roomId, String userId) {
        Optional<RoomViews.RoomContent> room = rooms.snapshot(roomId);
        return room.isPresent() && RoomViews.visibleTo(room.get(), userId);
    }
}
