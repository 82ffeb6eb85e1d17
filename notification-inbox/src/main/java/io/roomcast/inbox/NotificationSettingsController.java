package io.roomcast.inbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.roomcast.events.NotificationSettings;
import io.roomcast.rest.ErrorBody;
import io.roomcast.social.core.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;

/**
 * The caller's notification preferences (docs/openapi.yml): mutes, frequency, quiet hours and time zone. A PUT
 * replaces them all and writes a notification-settings record, which notification-worker applies to what it decides
 * next. Errors are {@link ErrorBody}; a refused PUT changes nothing.
 */
@Controller("/users/me/notification-settings")
@Tag(name = "notifications")
@Secured(SecurityRule.IS_AUTHENTICATED)
@SecurityRequirement(name = "bearer")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class NotificationSettingsController {
    private final InboxStore store;

    NotificationSettingsController(InboxStore store) {
        this.store = store;
    }

    /** {@code GET /users/me/notification-settings}. */
    @Get
    @Operation(operationId = "getNotificationSettings", summary = "The caller's notification preferences",
            description = "Defaults for a user who never set any: frequency normal, nothing muted, no quiet hours, UTC.")
    @ApiResponse(responseCode = "200", description = "the preferences",
            content = @Content(mediaType = NotificationsController.JSON, schema = @Schema(implementation = InboxBodies.Settings.class)))
    public InboxBodies.Settings get(Authentication caller) {
        return body(store.settings(caller.getName()));
    }

    /** {@code PUT /users/me/notification-settings}. */
    @Put
    @Operation(operationId = "putNotificationSettings", summary = "Replace the caller's notification preferences",
            description = "An absent field takes its default. Writes a notification-settings record.")
    @ApiResponse(responseCode = "200", description = "the preferences now",
            content = @Content(mediaType = NotificationsController.JSON, schema = @Schema(implementation = InboxBodies.Settings.class)))
    @ApiResponse(responseCode = "400", description = "an unknown time zone, quiet hours not times of day 00:00 to 23:59 "
            + "(e.g. 24:00: quiet hours span less than 24 h) or with one end missing, a frequency other than all, normal or "
            + "rarely, muting a user or club that does not exist, more than 1,000 mutes, no body (error invalid_request)",
            content = @Content(mediaType = NotificationsController.JSON, schema = @Schema(implementation = ErrorBody.class)))
    public InboxBodies.Settings put(Authentication caller,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                    @Nullable @Body InboxBodies.Settings body) {
        if (body == null) {
            throw Refusal.invalid("a JSON body is required");
        }
        return body(store.replaceSettings(caller.getName(), SettingsRules.check(body)));
    }

    private static InboxBodies.Settings body(NotificationSettings s) {
        InboxBodies.QuietHours quiet = s.getQuietStartMinute() == null ? null
            : new InboxBodies.QuietHours(time(s.getQuietStartMinute()), time(s.getQuietEndMinute()));
        return new InboxBodies.Settings(s.getMutedUserIds(), s.getMutedClubIds(),
            s.getFrequency().name().toLowerCase(Locale.ROOT), quiet, s.getTimeZone());
    }

    private static String time(int minuteOfDay) {
        return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }
}
