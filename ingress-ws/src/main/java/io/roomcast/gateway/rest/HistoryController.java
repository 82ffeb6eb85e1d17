package io.roomcast.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
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
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.roomcast.gateway.Application;
import io.roomcast.rest.ErrorBody;
import io.roomcast.schemas.ReadModelKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /users/me/history?cursor=&limit=}: the rooms the caller was in, most recently joined first, from
 * the read model room-state-stream writes with presence ({@link ReadModelKeys#history}: the last
 * {@value ReadModelKeys#HISTORY_LIMIT} rooms, kept 30 days after the last change). 200 {@link HistoryPage};
 * 400 {@code invalid_request} for a limit out of range or a cursor this API did not make for this listing;
 * 503 {@code unavailable} when Redis fails.
 */
@Controller("/users/me/history")
@Tag(name = "hallway")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HistoryController {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryController.class);
    private static final String[] SUFFIXES = {ReadModelKeys.HISTORY_TITLE, ReadModelKeys.HISTORY_TOPIC,
        ReadModelKeys.HISTORY_ROLE, ReadModelKeys.HISTORY_LEFT_AT};

    private final RoomReadModelReader reader;
    private final GatewayRedis redis;
    private final ListingRequests requests;

    HistoryController(RoomReadModelReader reader, GatewayRedis redis, ListingRequests requests) {
        this.reader = reader;
        this.redis = redis;
        this.requests = requests;
    }

    /** A page of the caller's history. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A page of the caller's room history, most recently joined first")
    public record HistoryPage(@Schema(requiredMode = RequiredMode.REQUIRED) List<Entry> rooms,
                              @Schema(description = "the next page's cursor; absent on the last page")
                              @Nullable String nextCursor) {
    }

    /** One room of the history. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @Schema(requiredMode = RequiredMode.REQUIRED) String roomId,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the room's title when the caller was last in it")
            String title,
            @Nullable String topic,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the caller's last role in the room",
                    allowableValues = {"moderator", "speaker", "invited_speaker", "listener"}) String role,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "when the caller last joined, epoch ms")
            long joinedAt,
            @Schema(description = "when the caller left, epoch ms (the fact's time; the room's end if it ended while "
                    + "they were in it); absent while they are in the room") @Nullable Long leftAt) {
    }

    /** {@code GET /users/me/history}. */
    @Get
    @Operation(operationId = "getHistory", summary = "The rooms the caller was in, most recently joined first",
            description = "The last 100 rooms the caller joined (a rejoin moves a room to the front), with the title "
                    + "and topic the room had then, the caller's last role, and when they joined and left. Kept 30 days "
                    + "after the caller's last join or leave. Written by room-state-stream as it applies joins and "
                    + "leaves, so a join shows here once the room's snapshot does.")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = HistoryPage.class)))
    @ApiResponse(responseCode = "400", description = "limit not an integer or out of range, or a cursor this API "
            + "did not make for this listing or that was changed (error invalid_request)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "Redis did not answer in time (error unavailable); retry later",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> history(Authentication caller,
                                   @Parameter(description = "the previous page's `next_cursor` (opaque); absent for "
                                           + "the first page") @Nullable @QueryValue String cursor,
                                   @Parameter(description = "rooms per page; default 20 (setting "
                                           + "roomcast.gateway.rest.list-default-limit), at most 100 (setting "
                                           + "roomcast.gateway.rest.list-max-limit)",
                                           schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                   @Nullable @QueryValue Integer limit) {
        String index = ReadModelKeys.history(caller.getName());
        ListingRequests.Request request;
        try {
            request = requests.parse(index, cursor, limit);
        } catch (IllegalArgumentException e) {
            return RoomsController.badRequest(e.getMessage());
        }
        try {
            RoomReadModelReader.Positions positions = reader.positions(index, request.from(), request.size());
            String rooms = ReadModelKeys.historyRooms(caller.getName());
            List<RedisFuture<List<KeyValue<String, String>>>> fields = new ArrayList<>();
            for (Map.Entry<String, Long> room : positions.page()) {
                String[] names = new String[SUFFIXES.length];
                for (int i = 0; i < names.length; i++) {
                    names[i] = ReadModelKeys.historyField(room.getKey(), SUFFIXES[i]);
                }
                fields.add(redis.async().hmget(rooms, names));
            }
            reader.await(fields, "history");
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                List<KeyValue<String, String>> v = fields.get(i).toCompletableFuture().join();
                Map.Entry<String, Long> room = positions.page().get(i);
                if (v.get(0).hasValue() && v.get(2).hasValue()) {
                    entries.add(new Entry(room.getKey(), v.get(0).getValue(), v.get(1).getValueOrElse(null),
                            v.get(2).getValue().toLowerCase(Locale.ROOT), room.getValue(),
                            v.get(3).hasValue() ? Long.valueOf(v.get(3).getValue()) : null));
                }
            }
            return HttpResponse.ok(new HistoryPage(entries, requests.next(index, positions.next())));
        } catch (RedisException e) {
            LOG.warn("history failed: {}", e.toString());
            return RoomsController.unavailable();
        }
    }
}
