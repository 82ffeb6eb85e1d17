package io.roomcast.inbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.rest.ErrorBody;
import io.roomcast.rest.SignedCursor;
import io.roomcast.social.core.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The caller's notification inbox (README, "Notifications"; docs/openapi.yml): newest first with signed cursors, the
 * unread count, marking read up to a notification. Only the token's subject's inbox can be read or marked: no route
 * names a user, and another user's notification id is not found (404). Errors are {@link ErrorBody}.
 */
@Controller("/notifications")
@Tag(name = "notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class NotificationsController {
    static final String JSON = "application/json";
    /** Items per page when no limit is given, and the most. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final InboxStore store;
    private final SignedCursor cursors;

    /** @param cursorKey the gateway's cursor key (setting {@code roomcast.gateway.rest.cursor-key}) */
    NotificationsController(InboxStore store, @Value("${roomcast.gateway.rest.cursor-key}") String cursorKey) {
        this.store = store;
        this.cursors = new SignedCursor(cursorKey);
    }

    /** {@code GET /notifications}. */
    @Get
    @Operation(operationId = "listNotifications", summary = "The caller's notifications, newest first, with the unread count")
    @ApiResponse(responseCode = "200", description = "a page",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InboxBodies.Page.class)))
    @ApiResponse(responseCode = "400", description = "limit out of range, or a cursor this API did not make or that was "
            + "changed (error invalid_request)", content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public InboxBodies.Page list(@Parameter(description = "the previous page's next_cursor; absent for the first page")
                                 @Nullable @QueryValue String cursor,
                                 @Parameter(description = "items per page: default 20, at most 100",
                                         schema = @Schema(type = "integer", minimum = "1", maximum = "100"))
                                 @Nullable @QueryValue Integer limit,
                                 Authentication caller) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Refusal.invalid("limit must be 1 to " + MAX_LIMIT);
        }
        long before = Long.MAX_VALUE;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursors.decode(cursor));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("invalid cursor");
            }
        }
        InboxStore.Page page = store.page(caller.getName(), before, size);
        return new InboxBodies.Page(page.items(), page.unread(),
            page.nextBefore() < 0 ? null : cursors.encode(Long.toString(page.nextBefore())));
    }

    /** {@code POST /notifications/read}. */
    @Post("/read")
    @Operation(operationId = "markNotificationsRead", summary = "Mark a notification and every older one read",
            description = "Idempotent; a mark never moves back (marking an older one after a newer one changes nothing).")
    @ApiResponse(responseCode = "200", description = "the unread count after",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = InboxBodies.Unread.class)))
    @ApiResponse(responseCode = "400", description = "no body, or up_to_id missing or not a UUID (error invalid_request)",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "no such notification in the caller's inbox, another user's "
            + "included (error not_found)", content = @Content(mediaType = JSON, schema = @Schema(implementation = ErrorBody.class)))
    public InboxBodies.Unread markRead(Authentication caller,
                                       @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                       @Nullable @Body InboxBodies.MarkRead body) {
        if (body == null || body.upToId() == null) {
            throw Refusal.invalid("a JSON body with up_to_id is required");
        }
        return new InboxBodies.Unread(store.markRead(caller.getName(), body.upToId()));
    }
}
