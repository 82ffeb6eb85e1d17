package io.roomcast.notify.core;

import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.Visibility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scheduled-room reminders (issue 14: "a scheduled room is about to start: the users who asked to be reminded, and
 * the club's members, N minutes before"), as data. No I/O.
 *
 * <p>A room created SCHEDULED with an announced start ({@code RoomCreated.startsAt}, epoch ms) arms one timer, due at
 * {@code startsAt - lead} ({@link NotifyLimits#reminderLead()}; at once if that has passed). Its start or end cancels
 * the timer. Timers are kept under {@link #timerKey} (zero-padded due time, then the roomId), so the timers due by a
 * time are one range scan, from {@link #FIRST} to {@link #dueBound}, however many rooms are scheduled later.
 *
 * <p>When a timer is due ({@link #due}), the stale rule: nothing unless the room is known and still SCHEDULED and the
 * timer is the one armed for it now (a start moved since makes the older timer stale). Else two audiences are told,
 * kind {@code SCHEDULED_ROOM_STARTING}: {@code ROOM:<roomId>} (the users whose REMINDS edge to the room is active)
 * and, for a club's PUBLIC or CLUB room, the club's members ({@code CLUB:<clubId>}, MEMBER edges only). Someone
 * in both gets one: the recipient's gate deduplicates per (recipient, room, kind) ({@link RecipientGate#dedupKey}).
 * The host is not reminded of their own room ({@link Audiences#candidate}).
 *
 * <p>RoomUpdated carries no start time (room-events.avsc), so no fact moves a start today; a re-arm for a room
 * already known replaces its timer all the same ({@link Timer.Change#ARM}).
 */
public final class Reminders {
    /** Width of the zero-padded due time in a timer key: every non-negative long, so keys sort by due time. */
    private static final int DUE_DIGITS = 19;
    /** The lowest timer key bound: before every timer. */
    public static final String FIRST = pad(0);

    private final Duration lead;

    /** @param limits the rules' limits, of which {@link NotifyLimits#reminderLead()} */
    public Reminders(NotifyLimits limits) {
        this.lead = limits.reminderLead();
    }

    /**
     * What a room fact does to the room's timer.
     *
     * @param change   ARM (set, replacing any earlier timer of the room), CANCEL (drop any), or NONE
     * @param dueAtMs  when the reminder is due, epoch ms (ARM only, else 0)
     */
    public record Timer(Change change, long dueAtMs) {
        /** What happens to the timer. */
        public enum Change { NONE, ARM, CANCEL }

        static final Timer NONE = new Timer(Change.NONE, 0);
        static final Timer CANCEL = new Timer(Change.CANCEL, 0);
    }

    /**
     * The timer change of one fact of room-events.
     *
     * @param before what the worker knew of the room before the fact (null: never seen, or ended)
     * @return ARM for the first RoomCreated of a SCHEDULED room with a start, CANCEL for RoomStarted and RoomEnded,
     *         else NONE (a redelivered RoomCreated of a known room changes nothing)
     */
    public Timer onFact(NotifyRoom before, RoomEvent event) {
        return switch (event.getFact()) {
            case RoomCreated c when before == null && c.getLifecycle() == RoomLifecycle.SCHEDULED
                && c.getStartsAt() != null ->
                new Timer(Timer.Change.ARM, Math.max(0, c.getStartsAt().toEpochMilli() - lead.toMillis()));
            case RoomStarted s -> Timer.CANCEL;
            case RoomEnded e -> Timer.CANCEL;
            default -> Timer.NONE;
        };
    }

    /**
     * The fan-out steps of a due timer, or none when it is stale.
     *
     * @param room     what the worker knows of the room (null: ended, or never seen)
     * @param armedAt  the due time of the timer armed for the room now, epoch ms (null: none)
     * @param timerKey the due timer's key ({@link #timerKey})
     * @return AUDIENCE steps (ROOM, then the club's members), each with kind SCHEDULED_ROOM_STARTING, the host as
     *         actor and the due time as occurredAt; empty when stale
     */
    public List<Routed> due(NotifyRoom room, Long armedAt, String timerKey) {
        long dueAt = dueAtOf(timerKey);
        if (room == null || room.getLifecycle() != RoomLifecycle.SCHEDULED || armedAt == null || armedAt != dueAt) {
            return List.of();
        }
        List<Routed> steps = new ArrayList<>();
        steps.add(new Routed(Routed.Route.AUDIENCE, Routed.roomAudience(room.getRoomId()),
            reminder(room, dueAt, SocialRelation.REMINDS)));
        if (room.getClubId() != null
            && (room.getVisibility() == Visibility.PUBLIC || room.getVisibility() == Visibility.CLUB)) {
            steps.add(new Routed(Routed.Route.AUDIENCE, Routed.clubAudience(room.getClubId()),
                reminder(room, dueAt, SocialRelation.MEMBER)));
        }
        return steps;
    }

    /**
     * The store key of a timer: the due time zero-padded to 19 digits, '|', the roomId.
     *
     * @param dueAtMs epoch ms, not negative
     * @throws IllegalArgumentException for a negative due time
     */
    public static String timerKey(long dueAtMs, String roomId) {
        if (dueAtMs < 0) {
            throw new IllegalArgumentException("negative due time: " + dueAtMs);
        }
        return pad(dueAtMs) + "|" + roomId;
    }

    /**
     * The inclusive upper bound of the timers due at {@code nowMs}: every key of a due time up to {@code nowMs}
     * sorts below it, every later one above (no key equals it: keys go on with '|').
     */
    public static String dueBound(long nowMs) {
        return pad(nowMs + 1);
    }

    /** The due time of a timer key, epoch ms. */
    public static long dueAtOf(String timerKey) {
        return Long.parseLong(timerKey.substring(0, DUE_DIGITS));
    }

    /** The room of a timer key. */
    public static String roomOf(String timerKey) {
        return timerKey.substring(DUE_DIGITS + 1);
    }

    private static String pad(long ms) {
        String digits = Long.toString(ms);
        return "0".repeat(DUE_DIGITS - digits.length()) + digits;
    }

    private static NotifyWork reminder(NotifyRoom room, long dueAt, SocialRelation relation) {
        return NotifyWork.newBuilder().setStep(NotifyStep.AUDIENCE).setKind(NotificationKind.SCHEDULED_ROOM_STARTING)
            .setRoomId(room.getRoomId()).setRoomTitle(room.getTitle()).setActorId(room.getHostId())
            .setClubId(room.getClubId()).setRelation(relation).setOccurredAt(dueAt).build();
    }
}
