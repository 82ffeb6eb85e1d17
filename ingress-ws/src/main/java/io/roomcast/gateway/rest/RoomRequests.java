package io.roomcast.gateway.rest;

import io.roomcast.events.CreateRoom;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.ScheduleRoom;
import io.roomcast.events.Visibility;
import io.roomcast.schemas.validation.LanguageTags;
import io.roomcast.schemas.validation.TextRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns a {@code POST /rooms} body into a {@link RoomCommand} (pure: no I/O). Checks only the shape
 * (what the gateway can know); room-state-stream checks the rest and rejects with a reason.
 */
public final class RoomRequests {

    /**
     * Longest title in code points ({@link TextRules#TITLE}, which also bounds its UTF-8 bytes; the same
     * rule room-state-stream holds).
     */
    public static final int MAX_TITLE_CHARS = TextRules.TITLE_MAX_CODE_POINTS;

    private RoomRequests() {
    }

    /**
     * The room id of a new room: random, or, with an {@code Idempotency-Key}, derived from (user, key)
     * so that a retried request names the same room and room-state-stream answers it as a duplicate.
     *
     * @param userId         the creator
     * @param idempotencyKey the header value, or null
     * @return {@code r-} and a UUID (38 characters)
     */
    public static String roomId(String userId, String idempotencyKey) {
        UUID id = idempotencyKey == null
                ? UUID.randomUUID()
                : UUID.nameUUIDFromBytes((userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        return "r-" + id;
    }

    /**
     * @param idempotencyKey the header value, or null
     * @param maxNonceChars  longest key (characters): the WebSocket's nonce limit, setting
     *                       {@code roomcast.gateway.protocol.max-nonce-length} (default 64)
     * @return the nonce: the key, or a random UUID without one
     * @throws IllegalArgumentException if the key is blank or longer than maxNonceChars
     */
    public static String nonce(String idempotencyKey, int maxNonceChars) {
        if (idempotencyKey == null) {
            return UUID.randomUUID().toString();
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > maxNonceChars) {
            throw new IllegalArgumentException("Idempotency-Key must be 1 to " + maxNonceChars + " characters");
        }
        return idempotencyKey;
    }

    /**
     * @param body   the request body
     * @param roomId the room id ({@link #roomId})
     * @param userId the caller (token subject)
     * @param nonce  the nonce ({@link #nonce})
     * @param now    the gateway's time
     * @return a CreateRoom (no {@code starts_at}) or ScheduleRoom command
     * @throws IllegalArgumentException with a client-readable message: missing body, a title or topic
     *                                  that breaks the text rules ({@link TextRules}: the rule's reason),
     *                                  unknown visibility, club without club_id, starts_at not after now,
     *                                  negative capacity or speaker_limit, a language that is not a
     *                                  well-formed BCP 47 tag of at most 35 characters ({@link LanguageTags})
     */
    public static RoomCommand toCommand(RestBodies.CreateRoomRequest body, String roomId, String userId,
                                        String nonce, Instant now) {
        if (body == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        String title = TextRules.TITLE.require(body.title());
        String topic = blankToNull(body.topic());
        if (topic != null) {
            TextRules.TOPIC.require(topic);
        }
        String language = blankToNull(body.language());
        if (language != null) {
            language = LanguageTags.canonical(language);
        }
        Visibility visibility = visibility(body.visibility());
        if (visibility == Visibility.CLUB && (body.clubId() == null || body.clubId().isBlank())) {
            throw new IllegalArgumentException("club_id is required for visibility club");
        }
        RestBodies.SettingsBody s = body.settings();
        if (s != null && ((s.capacity() != null && s.capacity() < 0) || (s.speakerLimit() != null && s.speakerLimit() < 0))) {
            throw new IllegalArgumentException("capacity and speaker_limit must not be negative");
        }
        RoomSettings settings = new RoomSettings(s == null || s.handRaisesEnabled() == null || s.handRaisesEnabled(),
                s == null ? null : s.capacity(), s == null ? null : s.speakerLimit(),
                s != null && Boolean.TRUE.equals(s.approvalRequired()));
        RoomDetails details = new RoomDetails(title, topic, visibility,
                visibility == Visibility.CLUB ? body.clubId() : null, settings, language);
        Object command;
        if (body.startsAt() == null) {
            command = new CreateRoom(details);
        } else {
            if (body.startsAt() <= now.toEpochMilli()) {
                throw new IllegalArgumentException("starts_at must be in the future (epoch ms)");
            }
            command = new ScheduleRoom(details, Instant.ofEpochMilli(body.startsAt()));
        }
        return RoomCommand.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now).setRoomId(roomId)
                .setUserId(userId).setNonce(nonce).setSessionId(null).setCommand(command).build();
    }

    /** @return {@code create_room} or {@code schedule_room} */
    public static String commandName(RoomCommand command) {
        return command.getCommand() instanceof ScheduleRoom ? "schedule_room" : "create_room";
    }

    private static Visibility visibility(String text) {
        if (text == null) {
            return Visibility.PUBLIC;
        }
        try {
            return Visibility.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("visibility must be public, private, club or social");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
