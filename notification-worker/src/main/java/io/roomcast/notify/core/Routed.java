package io.roomcast.notify.core;

import io.roomcast.events.NotifyWork;

/**
 * One step of a fan-out and where it goes: to the partition of an audience ({@code USER:<id>} or
 * {@code CLUB:<id>}, {@code ROOM:<id>}), of a recipient (a userId), or to every recipient partition.
 */
public record Routed(Route route, String key, NotifyWork work) {
    /** Where a {@link NotifyWork} is sent. */
    public enum Route { AUDIENCE, RECIPIENT, EVERY_RECIPIENT_PARTITION }

    /** The audience key of a user's followers. */
    public static String userAudience(String userId) {
        return "USER:" + userId;
    }

    /** The audience key of a club's members and followers. */
    public static String clubAudience(String clubId) {
        return "CLUB:" + clubId;
    }

    /** The audience key of the users who asked to be reminded before a scheduled room starts. */
    public static String roomAudience(String roomId) {
        return "ROOM:" + roomId;
    }
}
