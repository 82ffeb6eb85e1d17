package io.roomcast.inbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/** The JSON bodies of the inbox and preferences API (docs/openapi.yml), snake_case. */
public final class InboxBodies {
    private InboxBodies() {}

    /** One notification of the inbox. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "Notification", description = "One notification of the caller's inbox.")
    public record Item(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "the notification's id (UUID): the eventId of its "
                    + "notifications record, the same in the live notification frame") String id,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "what it is about: followed_started_room, "
                    + "followed_speaking, club_room_started, scheduled_room_starting, speaker_invite, room_invite, "
                    + "hand_raised, digest") String kind,
            @Schema(requiredMode = RequiredMode.REQUIRED) String title,
            @Schema(requiredMode = RequiredMode.REQUIRED) String body,
            @Schema(description = "the user who caused it, if any") @Nullable String actorId,
            @Schema(description = "the room it points to, if any") @Nullable String roomId,
            @Schema(description = "the club it concerns, if any") @Nullable String clubId,
            @Schema(description = "hands raised (hand_raised) or rooms (digest)") @Nullable Integer count,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "when it was decided, epoch ms") long occurredAt,
            @Schema(requiredMode = RequiredMode.REQUIRED) boolean read) {
    }

    /** A page of the inbox, newest first ({@code items} present when empty: the contract requires it). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "NotificationPage")
    public record Page(
            @Schema(requiredMode = RequiredMode.REQUIRED) List<Item> items,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "unread notifications of the whole inbox")
            long unreadCount,
            @Schema(description = "the cursor of the next (older) page; absent on the last page") @Nullable String nextCursor) {
    }

    /** {@code POST /notifications/read}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "MarkReadRequest")
    public record MarkRead(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "id of a notification of the caller's inbox: it and "
                    + "every older one become read") @Nullable String upToId) {
    }

    /** The unread count after marking. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "UnreadCount")
    public record Unread(@Schema(requiredMode = RequiredMode.REQUIRED) long unreadCount) {
    }

    /** Quiet hours: local times of day in the user's time zone, end exclusive; end before start spans midnight. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "QuietHours")
    public record QuietHours(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "22:00", description = "HH:MM, 00:00 to 23:59")
            @Nullable String start,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "07:00", description = "HH:MM, 00:00 to 23:59")
            @Nullable String end) {
    }

    /** A user's notification preferences. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @Schema(name = "NotificationSettings")
    public record Settings(
            @Schema(description = "users whose rooms and speaking are never notified (at most 1,000)")
            @Nullable List<String> mutedUserIds,
            @Schema(description = "clubs whose rooms are never notified (at most 1,000)") @Nullable List<String> mutedClubIds,
            @Schema(allowableValues = {"all", "normal", "rarely"}, description = "all: every kind, the higher rate limit; "
                    + "normal (default): every kind; rarely: invites, club rooms and followed users' new rooms only, the "
                    + "low rate limit") @Nullable String frequency,
            @Schema(description = "none if absent or null") @Nullable QuietHours quietHours,
            @Schema(example = "Europe/Paris", description = "IANA time zone id; default UTC") @Nullable String timeZone) {
    }
}
