package io.roomcast.notify.core;

import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.PushDelivery;
import io.roomcast.events.PushPriority;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * What a mobile push gateway sends for a delivered notification that alerts ({@link RecipientGate.Decision#push}):
 * the contract of the push-deliveries topic, docs/push.md.
 */
public final class PushDeliveries {
    /** Longest alert title, in characters (code points); longer ones end in an ellipsis. */
    public static final int TITLE_MAX = 120;
    /** Longest alert body, in characters (code points); longer ones end in an ellipsis. */
    public static final int BODY_MAX = 240;

    private PushDeliveries() {}

    /**
     * @param notification a delivered notification (its eventId, dedupKey, title and body set)
     * @param ttl          how long the alert may still be delivered after occurredAt (positive)
     * @return the delivery: same id, recipient, kind, room and club; title and body cut to {@link #TITLE_MAX} and
     *         {@link #BODY_MAX}; collapseKey the SHA-256 of the dedupKey, base64url without padding (43 characters,
     *         within APNs' 64-byte apns-collapse-id); HIGH priority when an action waits on the recipient (an invite,
     *         raised hands); expiresAt = occurredAt + ttl
     */
    public static PushDelivery of(Notification notification, Duration ttl) {
        NotificationKind kind = notification.getKind();
        boolean urgent = kind == NotificationKind.SPEAKER_INVITE || kind == NotificationKind.ROOM_INVITE
            || kind == NotificationKind.HAND_RAISED;
        return PushDelivery.newBuilder()
            .setEventId(notification.getEventId()).setOccurredAt(notification.getOccurredAt())
            .setUserId(notification.getUserId()).setKind(kind)
            .setTitle(cut(notification.getTitle(), TITLE_MAX)).setBody(cut(notification.getBody(), BODY_MAX))
            .setRoomId(notification.getRoomId()).setClubId(notification.getClubId())
            .setCollapseKey(collapseKey(notification.getDedupKey()))
            .setPriority(urgent ? PushPriority.HIGH : PushPriority.NORMAL)
            .setExpiresAt(notification.getOccurredAt().plus(ttl)).build();
    }

    /** The collapse key of a dedup key: SHA-256 (FIPS 180-4) of its UTF-8 bytes, base64url without padding. */
    static String collapseKey(String dedupKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dedupKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code text} if it has at most {@code max} code points, else its first max - 1 and an ellipsis. */
    static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }
}
