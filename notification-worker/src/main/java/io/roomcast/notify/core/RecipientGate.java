package io.roomcast.notify.core;

import io.roomcast.events.Notification;
import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotificationSettings;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RecipientLedger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The last word on one candidate notification for one recipient, with what was told to them before (their
 * {@link RecipientLedger}, changed in place) and their {@link Preferences}. In this order:
 * <ol>
 *   <li>{@link Verdict#IN_ROOM}: the recipient is in the room already (invites excepted: a speaker invite is for
 *       someone in the room);</li>
 *   <li>{@link Verdict#STALE}: the room has ended;</li>
 *   <li>{@link Verdict#MUTED}: the actor or the club is muted;</li>
 *   <li>{@link Verdict#FREQUENCY}: the recipient's frequency leaves this kind out;</li>
 *   <li>{@link Verdict#QUIET_HOURS}: it is quiet time for the recipient (invites excepted, delivered without push);</li>
 *   <li>{@link Verdict#DUPLICATE}: the (recipient, room, kind) key was delivered or held before;</li>
 *   <li>invites and scheduled-room reminders are delivered, never rate-limited (nor counted); anything else is
 *       delivered while the recipient got fewer than their rate limit in the sliding window, else
 *       {@link Verdict#HELD} for the next digest ({@link #dueDigest}).</li>
 * </ol>
 * Why reminders are not limited: one per (recipient, room) at most, at a time set by the room's start; the digest
 * comes at the end of the window (after the start, mostly) and counts "rooms that are live", which a scheduled room
 * is not; the askers asked for it, and a club member who wants fewer mutes the club.
 */
public final class RecipientGate {
    /** What became of a candidate. */
    public enum Verdict { DELIVERED, HELD, IN_ROOM, STALE, MUTED, FREQUENCY, QUIET_HOURS, DUPLICATE }

    /**
     * @param verdict      what became of the candidate
     * @param notification the notification to write (DELIVERED only, else null)
     * @param push         whether a push gateway should also alert the device (false in quiet hours)
     */
    public record Decision(Verdict verdict, Notification notification, boolean push) {}

    private final NotifyLimits limits;

    public RecipientGate(NotifyLimits limits) {
        this.limits = limits;
    }

    /** The ledger of a recipient told nothing yet. */
    public static RecipientLedger emptyLedger(String recipient) {
        return RecipientLedger.newBuilder().setRecipient(recipient).setSeen(new HashMap<>()).setCountedAt(new ArrayList<>())
            .setOverflowRoomIds(new ArrayList<>()).setDigestDueAt(null).setCurrentRoomId(null).build();
    }

    /**
     * @param roomEnded whether the candidate's room has ended
     * @param now       the decision time (rate window, quiet hours, occurredAt of the notification)
     */
    public Decision decide(RecipientLedger ledger, NotificationSettings settings, NotifyWork candidate, boolean roomEnded,
                           Instant now) {
        prune(ledger, now);
        NotificationKind kind = candidate.getKind();
        boolean invite = kind == NotificationKind.SPEAKER_INVITE || kind == NotificationKind.ROOM_INVITE;
        boolean limited = !invite && kind != NotificationKind.SCHEDULED_ROOM_STARTING;
        boolean quiet = Preferences.inQuietHours(settings, now);
        Verdict refusal = !invite && candidate.getRoomId() != null && candidate.getRoomId().equals(ledger.getCurrentRoomId())
            ? Verdict.IN_ROOM
            : roomEnded ? Verdict.STALE
            : Preferences.mutes(settings, candidate.getActorId(), candidate.getClubId()) ? Verdict.MUTED
            : !Preferences.frequencyAllows(settings.getFrequency(), kind) ? Verdict.FREQUENCY
            : quiet && !invite ? Verdict.QUIET_HOURS
            : null;
        if (refusal != null) {
            return new Decision(refusal, null, false);
        }
        String key = dedupKey(ledger.getRecipient(), candidate);
        if (ledger.getSeen().containsKey(key)) {
            return new Decision(Verdict.DUPLICATE, null, false);
        }
        seen(ledger, key, now);
        if (limited) {
            List<Long> counted = ledger.getCountedAt();
            if (counted.size() >= Preferences.rateLimit(settings.getFrequency(), limits)) {
                List<String> held = new ArrayList<>(ledger.getOverflowRoomIds());
                held.add(candidate.getRoomId());
                ledger.setOverflowRoomIds(held);
                if (ledger.getDigestDueAt() == null) {
                    ledger.setDigestDueAt(counted.getFirst() + limits.rateWindow().toMillis());
                }
                return new Decision(Verdict.HELD, null, false);
            }
            List<Long> next = new ArrayList<>(counted);
            next.add(now.toEpochMilli());
            ledger.setCountedAt(next);
        }
        return new Decision(Verdict.DELIVERED, notification(ledger.getRecipient(), candidate, key, now), !quiet);
    }

    /**
     * The digest of the notifications held back by the rate limit, once due ({@link RecipientLedger#getDigestDueAt()},
     * the end of the window they overflowed): one DIGEST whose count is the held rooms that are still live. The
     * held rooms are cleared either way.
     *
     * @param ended whether a room has ended
     * @return the digest decision, or null when none is due or every held room has ended
     */
    public Decision dueDigest(RecipientLedger ledger, NotificationSettings settings, Predicate<String> ended, Instant now) {
        Long due = ledger.getDigestDueAt();
        if (due == null || due > now.toEpochMilli()) {
            return null;
        }
        int live = (int) ledger.getOverflowRoomIds().stream().distinct().filter(ended.negate()).count();
        ledger.setOverflowRoomIds(new ArrayList<>());
        ledger.setDigestDueAt(null);
        if (live == 0) {
            return null;
        }
        String key = ledger.getRecipient() + "|digest|" + due;
        NotifyWork digest = NotifyWork.newBuilder().setStep(NotifyStep.CANDIDATE)
            .setKind(NotificationKind.DIGEST).setCount(live).setOccurredAt(due).build();
        seen(ledger, key, now);
        return new Decision(Verdict.DELIVERED, notification(ledger.getRecipient(), digest, key, now),
            !Preferences.inQuietHours(settings, now));
    }

    /** The recipient joined ({@code joined}) or left {@code roomId}. */
    public static void presence(RecipientLedger ledger, String roomId, boolean joined) {
        if (joined) {
            ledger.setCurrentRoomId(roomId);
        } else if (roomId.equals(ledger.getCurrentRoomId())) {
            ledger.setCurrentRoomId(null);
        }
    }

    /**
     * The dedup key: {@code <recipient>|<roomId>|<family><suffix>}, family LIVE for the three "this room is live"
     * kinds (a live room is announced to a recipient once, whoever of the followed started it or speaks in it),
     * else the kind; the suffix tells HAND_RAISED batches apart.
     */
    public static String dedupKey(String recipient, NotifyWork candidate) {
        String family = switch (candidate.getKind()) {
            case FOLLOWED_STARTED_ROOM, FOLLOWED_SPEAKING, CLUB_ROOM_STARTED -> "LIVE";
            default -> candidate.getKind().name();
        };
        return recipient + "|" + candidate.getRoomId() + "|" + family
            + (candidate.getDedupSuffix() == null ? "" : candidate.getDedupSuffix());
    }

    /** Whether the ledger holds nothing worth keeping (no key remembered, nothing counted or held, in no room). */
    public static boolean isEmpty(RecipientLedger ledger) {
        return ledger.getSeen().isEmpty() && ledger.getCountedAt().isEmpty() && ledger.getOverflowRoomIds().isEmpty()
            && ledger.getCurrentRoomId() == null;
    }

    /** Forgets dedup keys older than the retention and deliveries older than the rate window. */
    public void prune(RecipientLedger ledger, Instant now) {
        long keepSeen = now.minus(limits.dedupRetention()).toEpochMilli();
        long keepCounted = now.minus(limits.rateWindow()).toEpochMilli();
        if (ledger.getSeen().values().stream().anyMatch(t -> t <= keepSeen)) {
            Map<String, Long> seen = new HashMap<>(ledger.getSeen());
            seen.values().removeIf(t -> t <= keepSeen);
            ledger.setSeen(seen);
        }
        if (ledger.getCountedAt().stream().anyMatch(t -> t <= keepCounted)) {
            ledger.setCountedAt(ledger.getCountedAt().stream().filter(t -> t > keepCounted).toList());
        }
    }

    private static void seen(RecipientLedger ledger, String key, Instant now) {
        Map<String, Long> seen = new HashMap<>(ledger.getSeen());
        seen.put(key, now.toEpochMilli());
        ledger.setSeen(seen);
    }

    /**
     * The notification record: its eventId is derived from the dedup key (a name-based UUID, RFC 9562 section 5.3),
     * so a consumer storing by eventId stores a notification once whatever happens upstream.
     */
    static Notification notification(String recipient, NotifyWork c, String dedupKey, Instant now) {
        String actor = c.getActorId() == null ? "Someone" : c.getActorId();
        String room = c.getRoomTitle() == null ? "" : c.getRoomTitle();
        int count = c.getCount() == null ? 1 : c.getCount();
        String title = switch (c.getKind()) {
            case FOLLOWED_STARTED_ROOM -> actor + " started a room";
            case FOLLOWED_SPEAKING -> actor + " is speaking";
            case CLUB_ROOM_STARTED -> "A room started in your club";
            case SCHEDULED_ROOM_STARTING -> "A room you follow starts soon";
            case SPEAKER_INVITE -> actor + " invited you to speak";
            case ROOM_INVITE -> actor + " invited you to a room";
            case HAND_RAISED -> count + (count == 1 ? " hand raised" : " hands raised");
            case DIGEST -> count + (count == 1 ? " more room is live" : " more rooms are live");
        };
        String body = switch (c.getKind()) {
            case HAND_RAISED -> "in " + room;
            case DIGEST -> "Open Roomcast to see them";
            default -> room;
        };
        return Notification.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes(dedupKey.getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(now).setUserId(recipient).setKind(c.getKind()).setActorId(c.getActorId())
            .setRoomId(c.getRoomId()).setClubId(c.getClubId()).setTitle(title).setBody(body).setDedupKey(dedupKey)
            .setSourceEventId(c.getSourceEventId()).setCount(c.getCount()).build();
    }
}
