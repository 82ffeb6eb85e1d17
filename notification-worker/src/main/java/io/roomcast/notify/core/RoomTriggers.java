package io.roomcast.notify.core;

import io.roomcast.events.NotificationKind;
import io.roomcast.events.NotifyRoom;
import io.roomcast.events.NotifyStep;
import io.roomcast.events.NotifyWork;
import io.roomcast.events.ParticipantBanned;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantKicked;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.HandRaised;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomInviteSent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.RoomUpdated;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SpeakerInvited;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is to be told what when a room fact happens (issue 14, "What to build"), as data: the fact and what the worker
 * knows of the room in, the room's new state and the fan-out steps out. No I/O.
 *
 * <ul>
 *   <li>a room goes live (created live, or a scheduled one started): the host's followers
 *       ({@code FOLLOWED_STARTED_ROOM}) and, for a club's room, the club's members and followers
 *       ({@code CLUB_ROOM_STARTED}); only for PUBLIC rooms, and CLUB rooms to their members' and followers'
 *       audience. PRIVATE and SOCIAL rooms are announced to no one (their audience may not join);</li>
 *   <li>a participant becomes SPEAKER or MODERATOR in an announced room: their followers ({@code FOLLOWED_SPEAKING});</li>
 *   <li>a speaker invite or a room invite: the invitee, at once;</li>
 *   <li>hands raised: the room's moderators (the host and everyone made MODERATOR), once per
 *       {@link NotifyLimits#handWindow()} with the count ({@link #dueHands});</li>
 *   <li>joins and leaves go to the participant's recipient partition (who is in which room), the end of a room to
 *       every recipient partition (nothing about it is delivered after).</li>
 * </ul>
 * Followers already in the room, and the actor themselves, are dropped later, where the recipient's presence is
 * known ({@link RecipientGate}).
 */
public final class RoomTriggers {
    private final NotifyLimits limits;

    public RoomTriggers(NotifyLimits limits) {
        this.limits = limits;
    }

    /** The room's new state (null: forget the room) and the fan-out steps of one fact. */
    public record Outcome(NotifyRoom room, List<Routed> steps) {}

    /**
     * @param room  what the worker knows of the room, or null (never seen, or ended)
     * @param event a fact of room-events
     * @param now   processing time, for the hand-raise window
     */
    public Outcome apply(NotifyRoom room, RoomEvent event, Instant now) {
        List<Routed> steps = new ArrayList<>();
        String actor = event.getUserId();
        long at = event.getOccurredAt().toEpochMilli();
        if (event.getFact() instanceof RoomCreated created) {
            if (room != null) {
                return new Outcome(room, steps);
            }
            NotifyRoom fresh = NotifyRoom.newBuilder().setRoomId(event.getRoomId())
                .setTitle(created.getDetails().getTitle()).setHostId(actor).setClubId(created.getDetails().getClubId())
                .setVisibility(created.getDetails().getVisibility()).setLifecycle(created.getLifecycle())
                .setModerators(new ArrayList<>(List.of(actor))).setPendingHands(0).setHandBatch(0).setHandsDueAt(null)
                .build();
            if (created.getLifecycle() == RoomLifecycle.LIVE) {
                announceStart(fresh, event, steps);
            }
            return new Outcome(fresh, steps);
        }
        if (room == null || room.getLifecycle() == RoomLifecycle.ENDED) {
            return new Outcome(room, steps);
        }
        switch (event.getFact()) {
            case RoomStarted s -> {
                if (room.getLifecycle() == RoomLifecycle.SCHEDULED) {
                    room.setLifecycle(RoomLifecycle.LIVE);
                    announceStart(room, event, steps);
                }
            }
            case RoomUpdated u -> {
                if (u.getTitle() != null) {
                    room.setTitle(u.getTitle());
                }
            }
            case RoomEnded e -> {
                steps.add(new Routed(Routed.Route.EVERY_RECIPIENT_PARTITION, room.getRoomId(),
                    work(NotifyStep.ROOM_ENDED, null, room, null, event).build()));
                return new Outcome(null, steps);
            }
            case ParticipantJoined j -> {
                steps.add(presence(j.getParticipantId(), room, true, event));
                if (j.getRole() == Role.MODERATOR) {
                    addModerator(room, j.getParticipantId());
                }
            }
            case ParticipantLeft l -> steps.add(presence(l.getParticipantId(), room, false, event));
            case ParticipantKicked k -> steps.add(presence(k.getParticipantId(), room, false, event));
            case ParticipantBanned b -> steps.add(presence(b.getParticipantId(), room, false, event));
            case RoleChanged r -> {
                boolean speaksNow = r.getTo() == Role.SPEAKER || r.getTo() == Role.MODERATOR;
                boolean spokeBefore = r.getFrom() == Role.SPEAKER || r.getFrom() == Role.MODERATOR;
                if (r.getTo() == Role.MODERATOR) {
                    addModerator(room, r.getParticipantId());
                }
                if (speaksNow && !spokeBefore && announced(room)) {
                    steps.add(new Routed(Routed.Route.AUDIENCE, Routed.userAudience(r.getParticipantId()),
                        work(NotifyStep.AUDIENCE, NotificationKind.FOLLOWED_SPEAKING, room, r.getParticipantId(), event)
                            .build()));
                }
            }
            case SpeakerInvited i -> steps.add(new Routed(Routed.Route.RECIPIENT, i.getParticipantId(),
                work(NotifyStep.CANDIDATE, NotificationKind.SPEAKER_INVITE, room, actor, event).build()));
            case RoomInviteSent i -> steps.add(new Routed(Routed.Route.RECIPIENT, i.getParticipantId(),
                work(NotifyStep.CANDIDATE, NotificationKind.ROOM_INVITE, room, actor, event).build()));
            case HandRaised h -> {
                room.setPendingHands(room.getPendingHands() + 1);
                if (room.getHandsDueAt() == null) {
                    room.setHandsDueAt(now.plus(limits.handWindow()).toEpochMilli());
                }
            }
            default -> { }
        }
        return new Outcome(room, steps);
    }

    /**
     * The aggregated hand-raise notification of a room whose window has passed: one HAND_RAISED candidate per
     * moderator with the count of hands and the batch number in its dedup key; the room's pending count is reset.
     *
     * @return the candidates (empty when nothing is due)
     */
    public List<Routed> dueHands(NotifyRoom room, Instant now) {
        if (room.getHandsDueAt() == null || room.getHandsDueAt() > now.toEpochMilli() || room.getPendingHands() == 0) {
            return List.of();
        }
        int batch = room.getHandBatch() + 1;
        List<Routed> steps = new ArrayList<>();
        for (String moderator : room.getModerators()) {
            steps.add(new Routed(Routed.Route.RECIPIENT, moderator, NotifyWork.newBuilder()
                .setStep(NotifyStep.CANDIDATE).setKind(NotificationKind.HAND_RAISED).setRoomId(room.getRoomId())
                .setRoomTitle(room.getTitle()).setClubId(room.getClubId()).setCount(room.getPendingHands())
                .setDedupSuffix("#" + batch).setOccurredAt(now.toEpochMilli()).build()));
        }
        room.setHandBatch(batch);
        room.setPendingHands(0);
        room.setHandsDueAt(null);
        return steps;
    }

    private static void announceStart(NotifyRoom room, RoomEvent event, List<Routed> steps) {
        if (room.getVisibility() == Visibility.PUBLIC) {
            steps.add(new Routed(Routed.Route.AUDIENCE, Routed.userAudience(room.getHostId()),
                work(NotifyStep.AUDIENCE, NotificationKind.FOLLOWED_STARTED_ROOM, room, room.getHostId(), event).build()));
        }
        if (room.getClubId() != null && (room.getVisibility() == Visibility.PUBLIC || room.getVisibility() == Visibility.CLUB)) {
            steps.add(new Routed(Routed.Route.AUDIENCE, Routed.clubAudience(room.getClubId()),
                work(NotifyStep.AUDIENCE, NotificationKind.CLUB_ROOM_STARTED, room, room.getHostId(), event)
                    .setRelation(room.getVisibility() == Visibility.CLUB ? SocialRelation.MEMBER : null).build()));
        }
    }

    private static boolean announced(NotifyRoom room) {
        return room.getVisibility() == Visibility.PUBLIC;
    }

    private static void addModerator(NotifyRoom room, String userId) {
        if (!room.getModerators().contains(userId)) {
            List<String> moderators = new ArrayList<>(room.getModerators());
            moderators.add(userId);
            room.setModerators(moderators);
        }
    }

    private static Routed presence(String participant, NotifyRoom room, boolean joined, RoomEvent event) {
        return new Routed(Routed.Route.RECIPIENT, participant,
            work(NotifyStep.PRESENCE, null, room, participant, event).setActive(joined).build());
    }

    private static NotifyWork.Builder work(NotifyStep step, NotificationKind kind, NotifyRoom room, String actor,
                                           RoomEvent event) {
        return NotifyWork.newBuilder().setStep(step).setKind(kind).setRoomId(room.getRoomId())
            .setRoomTitle(room.getTitle()).setActorId(actor).setClubId(room.getClubId())
            .setSourceEventId(event.getEventId().toString()).setOccurredAt(event.getOccurredAt().toEpochMilli());
    }
}
