package io.roomcast.social.http;

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
import io.roomcast.rest.ErrorBody;
import io.roomcast.rest.RoomDirectory;
import io.roomcast.schemas.validation.RecordLimits;
import io.roomcast.social.core.Refusal;
import io.roomcast.social.store.SocialStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A user's marks on rooms ({@link SocialStore#markRoom}, written to social-graph as ROOM edges):
 * {@code PUT}/{@code DELETE /users/me/hidden-rooms/{id}} (HIDES: the room never shows in the caller's hallway or
 * friends' rooms; ranking-stream) and {@code PUT}/{@code DELETE /users/me/reminders/{id}} (REMINDS: the caller is
 * notified before the scheduled room starts; notification-worker). Idempotent: 204 whether or not the mark changed
 * (a record is written only when it did). {@code PUT} needs a room the caller may see ({@link RoomDirectory}; 404
 * {@code not_found} otherwise, as {@code GET /rooms/{id}}); a reminder needs a SCHEDULED room (409 {@code conflict}
 * for a live one). {@code DELETE} needs no room. A mark ends when its room ends
 * ({@link io.roomcast.social.feed.EndedRoomMarks}). 400 {@code invalid_request} for an id
 * longer than {@link RecordLimits#maxIdChars()} (128); 403 for a caller who has not signed up; 503
 * {@code unavailable} when the rooms' read model does not answer.
 */
@Controller("/users/me")
@Tag(name = "users")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = SocialApi.BEARER)
@SocialResponses.RateLimitedWrites
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "400", description = "a room id longer than 128 characters (error invalid_request)",
        content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
public final class RoomMarksController {
    private static final String ROOM_ID = "the room id";
    private static final String NOT_SEEN = "no such room, ended, or not visible to the caller (error not_found)";
    private static final String UNAVAILABLE = "the rooms' read model did not answer (error unavailable); retry later";

    private final SocialStore store;
    private final RoomDirectory rooms;

    RoomMarksController(SocialStore store, RoomDirectory rooms) {
        this.store = store;
        this.rooms = rooms;
    }

    /** {@code PUT /users/me/hidden-rooms/{id}}. */
    @Put("/hidden-rooms/{id}")
    @Operation(operationId = "hideRoom", summary = "Hide a room from the caller's hallway",
            description = "Idempotent. The room stops showing in GET /hallway and GET /rooms/friends at the caller's "
                    + "next ranking (within about 2 s), and never shows again while hidden.")
    @ApiResponse(responseCode = "204", description = "the room is hidden from the caller")
    @ApiResponse(responseCode = "404", description = NOT_SEEN,
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE,
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NotSignedUp
    public HttpResponse<?> hide(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        return mark(caller.getName(), SocialRelation.HIDES, id);
    }

    /** {@code DELETE /users/me/hidden-rooms/{id}}. */
    @Delete("/hidden-rooms/{id}")
    @Operation(operationId = "unhideRoom", summary = "Show a hidden room again",
            description = "Idempotent; the room, if it still exists, may show again from the caller's next ranking.")
    @ApiResponse(responseCode = "204", description = "the room is not hidden from the caller")
    @SocialResponses.NotSignedUp
    public HttpResponse<?> unhide(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        store.markRoom(caller.getName(), SocialRelation.HIDES, roomId(id), false);
        return HttpResponse.noContent();
    }

    /** {@code PUT /users/me/reminders/{id}}. */
    @Put("/reminders/{id}")
    @Operation(operationId = "remindMe", summary = "Be reminded before a scheduled room starts",
            description = "Idempotent. notification-worker sends the caller a scheduled_room_starting notification "
                    + "before the room's announced start (roomcast.notify.reminder-lead, 10 minutes), once.")
    @ApiResponse(responseCode = "204", description = "the caller will be reminded")
    @ApiResponse(responseCode = "404", description = NOT_SEEN,
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "the room is live already, not scheduled (error conflict)",
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = UNAVAILABLE,
            content = @Content(mediaType = SocialApi.JSON, schema = @Schema(implementation = ErrorBody.class)))
    @SocialResponses.NotSignedUp
    public HttpResponse<?> remind(Authentication caller, @Parameter(description = ROOM_ID) @PathVariable String id) {
        return mark(caller.getName(), SocialRelation.REMINDS, id);
    }

    /** {@code DELETE /users/me/reminders/{id}}. */
    @Delete("/reminders/{id}")
    @Operation(operationId = "cancelReminder", summary = "No reminder for a room", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "the caller will not be reminded")
    @SocialResponses.NotSignedUp
    public HttpResponse<?> cancelReminder(Authentication caller,
                                          @Parameter(description = ROOM_ID) @PathVariable String id) {
        store.markRoom(caller.getName(), SocialRelation.REMINDS, roomId(id), false);
        return HttpResponse.noContent();
    }

    private HttpResponse<?> mark(String userId, SocialRelation relation, String id) {
        RoomDirectory.Standing standing;
        try {
            standing = rooms.standing(roomId(id), userId);
        } catch (RoomDirectory.Unavailable e) {
            return ErrorBody.unavailable("try again later");
        }
        if (standing == RoomDirectory.Standing.UNKNOWN) {
            throw Refusal.notFound("no such room");
        }
        if (relation == SocialRelation.REMINDS && standing != RoomDirectory.Standing.SCHEDULED) {
            throw Refusal.conflict("the room is not scheduled: it is live already");
        }
        store.markRoom(userId, relation, id, true);
        return HttpResponse.noContent();
    }

    /** @throws Refusal 400 for an id longer than the platform's ids */
    private static String roomId(String id) {
        if (id.length() > RecordLimits.DEFAULT.maxIdChars()) {
            throw Refusal.invalid("a room id is at most " + RecordLimits.DEFAULT.maxIdChars() + " characters");
        }
        return id;
    }
}
