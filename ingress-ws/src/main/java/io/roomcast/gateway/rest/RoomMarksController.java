package io.roomcast.gateway.rest;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.SocialRelation;
import io.roomcast.gateway.Application;
import io.roomcast.gateway.protocol.ProtocolSettings;
import io.roomcast.rest.ErrorBody;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.social.store.SocialStore;
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
 * A user's marks on rooms, kept by the user/club API ({@link SocialStore#markRoom}) and written to social-graph as
 * ROOM edges: {@code PUT}/{@code DELETE /users/me/hidden-rooms/{id}} (HIDES: the room never shows in the caller's
 * hallway or friends' rooms; ranking-stream) and {@code PUT}/{@code DELETE /users/me/reminders/{id}} (REMINDS: the
 * caller is notified before the scheduled room starts; notification-worker). Idempotent: 204 whether or not the
 * mark changed (a record is written only when it did). {@code PUT} needs a room the caller may see (404
 * {@code not_found} otherwise, as {@code GET /rooms/{id}}); a reminder needs a SCHEDULED room (409
 * {@code conflict} for one that is live). {@code DELETE} needs no room: a mark outlives its room (400
 * {@code invalid_request} for an id longer than {@code roomcast.gateway.protocol.max-id-length}). 403 for a caller
 * who has not signed up; writes count against the user/club API's rate limit (429).
 */
@Controller("/users/me")
@Tag(name = "users")
@SecurityRequirement(name = Application.BEARER)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", description = RoomsController.UNAUTHORIZED + " (error unauthorized)",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "the caller has not signed up (POST /users) (error forbidden)",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "429", description = "over the user/club API's write limit (error rate_limited), with "
        + "Retry-After (seconds)",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = "Redis did not answer in time (error unavailable); retry later",
        content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
public final class RoomMarksController {
    private static final Logger LOG = LoggerFactory.getLogger(RoomMarksController.class);
    private static final String ROOM_ID = "the room id";
    private static final String TOO_LONG = "a room id longer than roomcast.gateway.protocol.max-id-length (default "
        + "128) characters (error invalid_request)";

    private final SocialStore store;
    private final RoomReadModelReader reader;
    private final int maxIdChars;

    RoomMarksController(SocialStore store, RoomReadModelReader reader, ProtocolSettings protocol) {
        this.store = store;
        this.reader = reader;
        this.maxIdChars = protocol.maxIdChars();
    }

    /** {@code PUT /users/me/hidden-rooms/{id}}. */
    @Put("/hidden-rooms/{id}")
    @Operation(operationId = "hideRoom", summary = "Hide a room from the caller's hallway",
            description = "Idempotent. The room stops showing in GET /hallway and GET /rooms/friends at the caller's "
                    + "next ranking (within about 2 s), and never shows again while hidden.")
    @ApiResponse(responseCode = "204", description = "the room is hidden from the caller")
    @ApiResponse(responseCode = "404", description = "no such room, ended, or not visible to the caller (error not_found)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> hide(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        return mark(caller.getName(), SocialRelation.HIDES, id, false);
    }

    /** {@code DELETE /users/me/hidden-rooms/{id}}. */
    @Delete("/hidden-rooms/{id}")
    @Operation(operationId = "unhideRoom", summary = "Show a hidden room again",
            description = "Idempotent; the room, if it still exists, may show again from the caller's next ranking.")
    @ApiResponse(responseCode = "204", description = "the room is not hidden from the caller")
    @ApiResponse(responseCode = "400", description = TOO_LONG,
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> unhide(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        return unmark(caller.getName(), SocialRelation.HIDES, id);
    }

    /** {@code PUT /users/me/reminders/{id}}. */
    @Put("/reminders/{id}")
    @Operation(operationId = "remindMe", summary = "Be reminded before a scheduled room starts",
            description = "Idempotent. notification-worker sends the caller a scheduled_room_starting notification "
                    + "before the room's announced start (roomcast.notify.reminder-lead), once.")
    @ApiResponse(responseCode = "204", description = "the caller will be reminded")
    @ApiResponse(responseCode = "404", description = "no such room, ended, or not visible to the caller (error not_found)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "the room is live already, not scheduled (error conflict)",
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> remind(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        return mark(caller.getName(), SocialRelation.REMINDS, id, true);
    }

    /** {@code DELETE /users/me/reminders/{id}}. */
    @Delete("/reminders/{id}")
    @Operation(operationId = "cancelReminder", summary = "No reminder for a room", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "the caller will not be reminded")
    @ApiResponse(responseCode = "400", description = TOO_LONG,
            content = @Content(mediaType = RoomsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<?> cancelReminder(Authentication caller,
                                          @Parameter(description = ROOM_ID) @PathVariable String id) {
        return unmark(caller.getName(), SocialRelation.REMINDS, id);
    }

    private HttpResponse<?> mark(String userId, SocialRelation relation, String roomId, boolean scheduledOnly) {
        if (roomId.length() > maxIdChars) {
            return RoomsController.notFound();
        }
        Optional<RoomViews.RoomContent> room;
        try {
            room = reader.snapshot(roomId);
        } catch (RedisException e) {
            LOG.warn("{} of {} failed: {}", relation, roomId, e.toString());
            return RoomsController.unavailable();
        }
        if (room.isEmpty() || !RoomViews.visibleTo(room.get(), userId)) {
            return RoomsController.notFound();
        }
        if (scheduledOnly && !"SCHEDULED".equals(room.get().hash().get(ReadModelKeys.LIFECYCLE))) {
            return HttpResponse.status(HttpStatus.CONFLICT)
                .body(ErrorBody.of("conflict", "the room is not scheduled: it is live already"));
        }
        store.markRoom(userId, relation, roomId, true);
        return HttpResponse.noContent();
    }

    private HttpResponse<?> unmark(String userId, SocialRelation relation, String roomId) {
        if (roomId.length() > maxIdChars) {
            return RoomsController.badRequest("a room id is at most " + maxIdChars + " characters");
        }
        store.markRoom(userId, relation, roomId, false);
        return HttpResponse.noContent();
    }
}
