package io.roomcast.gateway.rest;

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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /hallway?cursor=&limit=}: the caller's hallway, every room of it ({@link HallwayPages}: answers,
 * paging and cursors).
 */
@Controller("/hallway")
@Tag(name = "hallway")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HallwayController {
    private final HallwayPages pages;

    HallwayController(HallwayPages pages) {
        this.pages = pages;
    }

    /** {@code GET /hallway}. */
    @Get
    @Operation(operationId = "getHallway", summary = "The caller's hallway: rooms ranked for them",
            description = "Live rooms ranked for the caller (followed speakers, topics, clubs, momentum, speaker "
                    + "quality), best first, then upcoming rooms of followed users and clubs, soonest first. "
                    + "ranking-stream ranks users seen within the last minute (WebSocket heartbeats, or pages of this "
                    + "listing served), at most once a second each; a change (a followee joining a room as speaker) "
                    + "shows here within about 2 s, and connected sessions get a `hallway_updated` DISPATCH. A caller "
                    + "with no hallway yet (never connected, or away for a day) is ranked because of the request: the "
                    + "first page waits for that ranking at most 3 s (setting "
                    + "roomcast.gateway.hallway.first-request-wait), else it is version 0 with empty lists. Private rooms, rooms of blocked users, rooms that "
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
        return pages.page(caller.getName(), HallwayListing.HALLWAY, room -> true, cursor, limit);
    }
}
