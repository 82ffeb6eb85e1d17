package io.roomcast.roomstate.core;

import static io.roomcast.events.RejectionReason.BANNED;
import static io.roomcast.events.RejectionReason.BLOCKED;
import static io.roomcast.events.RejectionReason.HAND_NOT_RAISED;
import static io.roomcast.events.RejectionReason.HAND_QUEUE_FULL;
import static io.roomcast.events.RejectionReason.HAND_RAISES_DISABLED;
import static io.roomcast.events.RejectionReason.INVALID_COMMAND;
import static io.roomcast.events.RejectionReason.INVALID_TRANSITION;
import static io.roomcast.events.RejectionReason.JOIN_NOT_REQUESTED;
import static io.roomcast.events.RejectionReason.NOT_CLUB_MEMBER;
import static io.roomcast.events.RejectionReason.NOT_FOLLOWED;
import static io.roomcast.events.RejectionReason.NOT_INVITED;
import static io.roomcast.events.RejectionReason.NOT_IN_ROOM;
import static io.roomcast.events.RejectionReason.NOT_MODERATOR;
import static io.roomcast.events.RejectionReason.NOT_SPEAKER;
import static io.roomcast.events.RejectionReason.ROOM_ENDED;
import static io.roomcast.events.RejectionReason.ROOM_EXISTS;
import static io.roomcast.events.RejectionReason.ROOM_FULL;
import static io.roomcast.events.RejectionReason.ROOM_NOT_LIVE;
import static io.roomcast.events.RejectionReason.SPEAKER_LIMIT;
import static io.roomcast.events.RejectionReason.UNKNOWN_ROOM;
import static io.roomcast.roomstate.core.Rejected.unless;

import io.roomcast.events.*;
import io.roomcast.schemas.validation.LanguageTags;
import io.roomcast.schemas.validation.TextRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The room state machine: decides each command against the room's current snapshot, and the
 * room's timers (lifecycle) against the clock. Pure: no I/O, no clock of its own; the same inputs
 * give the same decision, event ids included.
 *
 * <p>Rules (ARCHITECTURE.md, "Flows"; the room-state-stream issue): roles LISTENER, INVITED_SPEAKER,
 * SPEAKER, MODERATOR (the creator is a moderator); a raised-hand queue ordered by request time;
 * access PUBLIC, PRIVATE (invitation only), CLUB (members only), SOCIAL (whom the host follows), the
 * host's blocks and bans; join requests a moderator approves or denies in rooms with
 * {@code approvalRequired}; limits from
 * {@link RoomLimits} lowered by the room's own settings; lifecycle SCHEDULED -> LIVE -> ENDED, an
 * ENDED room rejects everything; if the last moderator leaves, the longest-standing speaker
 * becomes moderator. Every rejection is one CommandRejected fact with a machine-readable reason and
 * changes nothing.
 */
public final class RoomStateMachine {
    private final RoomLimits limits;

    public RoomStateMachine(RoomLimits limits) {
        this.limits = limits;
    }

    /**
     * Decides one command.
     *
     * @param current the room's snapshot, or null if no room has this id
     * @param command the command (its roomId names the room)
     * @param graph   the social graph: club membership (CLUB rooms), the host's follows (SOCIAL rooms)
     *                and blocks (every room)
     * @param now     processing time
     * @return the new state and its facts, or the unchanged state and one CommandRejected
     */
    public Decision decide(RoomSnapshot current, RoomCommand command, SocialGraph graph, Instant now) {
        FactLog log = new FactLog(command.getRoomId(), command.getUserId(), command.getNonce(),
            command.getEventId().toString(), command.getEventId().toString(), now);
        Object intent = command.getCommand();
        try {
            RoomSnapshot next;
            if (intent instanceof CreateRoom c) {
                next = create(current, command, c.getDetails(), null, graph, log);
            } else if (intent instanceof ScheduleRoom s) {
                next = create(current, command, s.getDetails(), s.getStartsAt(), graph, log);
            } else {
                unless(current != null, UNKNOWN_ROOM, "no room " + command.getRoomId());
                unless(current.getLifecycle() != RoomLifecycle.ENDED, ROOM_ENDED, "the room has ended");
                Room room = new Room(current);
                apply(room, command.getUserId(), intent, graph, log);
                next = room.toSnapshot(now, log.snapshotId(), log.actor(), log.nonce());
            }
            return Decision.changed(next, log.facts(next.getVersion()));
        } catch (Rejected r) {
            FactLog rejection = new FactLog(command.getRoomId(), command.getUserId(), command.getNonce(),
                command.getEventId().toString(), command.getEventId().toString(), now);
            rejection.add(new CommandRejected(intent.getClass().getSimpleName(), r.reason, r.getMessage(),
                command.getSessionId()));
            return Decision.unchanged(current, rejection.facts(version(current)), r.reason);
        }
    }

    /**
     * Answers a command whose (userId, nonce) was already handled: nothing is applied again, the
     * sender gets one CommandDuplicate fact with the original outcome.
     *
     * @param original       APPLIED or REJECTED
     * @param originalReason the original rejection reason, or null if it was applied
     */
    public Decision duplicate(RoomSnapshot current, RoomCommand command, CommandOutcome original,
                              RejectionReason originalReason, Instant now) {
        FactLog log = new FactLog(command.getRoomId(), command.getUserId(), command.getNonce(),
            command.getEventId().toString(), command.getEventId() + "/duplicate", now);
        log.add(new CommandDuplicate(command.getCommand().getClass().getSimpleName(), original, originalReason,
            command.getSessionId()));
        return Decision.unchanged(current, log.facts(version(current)), null);
    }

    /**
     * Checks the room's timers: a SCHEDULED room nobody started, a LIVE room past its duration, empty
     * for the empty-room timeout, or idle for the idle expiry, ends (everyone leaves with ROOM_ENDED,
     * then RoomEnded); an ENDED room idle for the idle expiry is forgotten.
     *
     * @return a changed decision with null state if the room is to be forgotten; unchanged with no facts if nothing is due
     */
    public Decision expire(RoomSnapshot room, Instant now) {
        if (room.getLifecycle() == RoomLifecycle.ENDED) {
            return isPast(room.getLastActivityAt(), limits.idleExpiry(), now)
                ? Decision.changed(null, List.of()) : Decision.unchanged(room, List.of(), null);
        }
        EndReason reason = dueEnd(room, now);
        if (reason == null) {
            return Decision.unchanged(room, List.of(), null);
        }
        FactLog log = new FactLog(room.getRoomId(), null, null, null,
            room.getRoomId() + "@" + now.toEpochMilli() + "/" + reason, now);
        Room working = new Room(room);
        end(working, reason, log);
        RoomSnapshot next = working.toSnapshot(now, log.snapshotId(), null, null);
        return Decision.changed(next, log.facts(next.getVersion()));
    }

    private static Long version(RoomSnapshot room) {
        return room == null ? null : room.getVersion();
    }

    /** Why the room ends now, or null if no timer is due. */
    private EndReason dueEnd(RoomSnapshot room, Instant now) {
        if (room.getLifecycle() == RoomLifecycle.SCHEDULED) {
            return isPast(room.getStartsAt(), limits.scheduledStartTimeout(), now) ? EndReason.NEVER_STARTED : null;
        }
        if (isPast(room.getStartedAt(), limits.maxDuration(), now)) {
            return EndReason.MAX_DURATION;
        }
        if (room.getParticipants().isEmpty() && isPast(room.getLastActivityAt(), limits.emptyTimeout(), now)) {
            return EndReason.EMPTY_TIMEOUT;
        }
        return isPast(room.getLastActivityAt(), limits.idleExpiry(), now) ? EndReason.IDLE_EXPIRY : null;
    }

    private static boolean isPast(Instant since, Duration after, Instant now) {
        return since != null && !now.isBefore(since.plus(after));
    }

    private RoomSnapshot create(RoomSnapshot current, RoomCommand command, RoomDetails details, Instant startsAt,
                                SocialGraph graph, FactLog log) {
        unless(current == null || current.getLifecycle() != RoomLifecycle.ENDED, ROOM_ENDED,
            "room " + command.getRoomId() + " has ended; ids are not reused");
        unless(current == null, ROOM_EXISTS, "room " + command.getRoomId() + " already exists");
        unless(startsAt == null || startsAt.isAfter(log.now()), INVALID_COMMAND, "startsAt must be in the future");
        validate(details);
        String creator = command.getUserId();
        unless(details.getVisibility() != Visibility.CLUB || graph.isMember(creator, details.getClubId()),
            NOT_CLUB_MEMBER, "only members of club " + details.getClubId() + " may host its rooms");
        Instant now = log.now();
        RoomLifecycle lifecycle = startsAt == null ? RoomLifecycle.LIVE : RoomLifecycle.SCHEDULED;
        log.add(new RoomCreated(details, lifecycle, startsAt));
        RoomSnapshot empty = RoomSnapshot.newBuilder()
            .setEventId(log.snapshotId()).setOccurredAt(now).setRoomId(command.getRoomId())
            .setUserId(creator).setNonce(command.getNonce()).setVersion(0).setDetails(details)
            .setLifecycle(lifecycle).setCreatedBy(creator).setCreatedAt(now).setStartsAt(startsAt)
            .setStartedAt(startsAt == null ? now : null).setLastActivityAt(now)
            .setParticipants(List.of()).setHandQueue(List.of()).setInvitedUserIds(List.of()).setBannedUserIds(List.of())
            .setJoinRequests(List.of())
            .build();
        Room room = new Room(empty);
        if (lifecycle == RoomLifecycle.LIVE) {
            join(room, creator, Role.MODERATOR, log);
        }
        return room.toSnapshot(now, log.snapshotId(), creator, command.getNonce());
    }

    /**
     * Title and topic by the text rules of docs/protocol.md ({@link TextRules}), the language as a canonical
     * BCP 47 tag ({@link LanguageTags#storedViolation}), whoever wrote the command.
     */
    private void validate(RoomDetails details) {
        text(TextRules.TITLE, details.getTitle());
        if (details.getTopic() != null) {
            text(TextRules.TOPIC, details.getTopic());
        }
        if (details.getLanguage() != null) {
            LanguageTags.storedViolation(details.getLanguage()).ifPresent(reason -> {
                throw new Rejected(INVALID_COMMAND, reason);
            });
        }
        unless(details.getVisibility() != Visibility.CLUB || details.getClubId() != null, INVALID_COMMAND,
            "a CLUB room needs a clubId");
        validate(details.getSettings());
    }

    private static void text(TextRules rules, String text) {
        rules.violation(text).ifPresent(reason -> {
            throw new Rejected(INVALID_COMMAND, reason);
        });
    }

    private void validate(RoomSettings settings) {
        Integer capacity = settings.getCapacity();
        Integer speakers = settings.getSpeakerLimit();
        unless(capacity == null || (capacity >= 1 && capacity <= limits.capacity()), INVALID_COMMAND,
            "capacity must be 1 to " + limits.capacity());
        unless(speakers == null || (speakers >= 1 && speakers <= limits.speakerLimit()), INVALID_COMMAND,
            "speakerLimit must be 1 to " + limits.speakerLimit());
    }

    private void apply(Room room, String actor, Object intent, SocialGraph graph, FactLog log) {
        boolean scheduled = room.base.getLifecycle() == RoomLifecycle.SCHEDULED;
        boolean host = actor.equals(room.base.getCreatedBy());
        switch (intent) {
            case StartRoom s -> {
                unless(scheduled, INVALID_TRANSITION, "the room is already live");
                unless(host, NOT_MODERATOR, "only the host starts a scheduled room");
                room.base.setLifecycle(RoomLifecycle.LIVE);
                room.base.setStartedAt(log.now());
                log.add(new RoomStarted());
                join(room, actor, Role.MODERATOR, log);
            }
            case EndRoom e -> {
                unless(scheduled ? host : room.isModerator(actor), NOT_MODERATOR, "only a moderator ends the room");
                end(room, EndReason.BY_MODERATOR, log);
            }
            case UpdateRoom u -> {
                unless(scheduled ? host : room.isModerator(actor), NOT_MODERATOR, "only a moderator updates the room");
                update(room, u, log);
            }
            default -> {
                unless(!scheduled, ROOM_NOT_LIVE, "the room has not started yet");
                applyLive(room, actor, intent, graph, log);
            }
        }
    }

    private void applyLive(Room room, String actor, Object intent, SocialGraph graph, FactLog log) {
        switch (intent) {
            case JoinRoom j -> admit(room, actor, graph, log);
            case LeaveRoom l -> {
                if (!closeJoinRequest(room, actor, JoinRequestCloseReason.WITHDRAWN, log)) {
                    requirePresent(room, actor);
                    leave(room, actor, l.getReason(), log);
                }
            }
            case RaiseHand r -> raiseHand(room, actor, log);
            case LowerHand l -> {
                requirePresent(room, actor);
                unless(room.hands.containsKey(actor), HAND_NOT_RAISED, "your hand is not raised");
                lowerHand(room, actor, HandLowerReason.WITHDRAWN, log);
            }
            case AcceptHand a -> {
                requireModerator(room, actor);
                String target = a.getTargetUserId();
                unless(room.hands.containsKey(target), HAND_NOT_RAISED, target + " has not raised a hand");
                requireSpeakerSeat(room);
                lowerHand(room, target, HandLowerReason.ACCEPTED, log);
                changeRole(room, target, Role.SPEAKER, log);
            }
            case DenyHand d -> {
                requireModerator(room, actor);
                unless(room.hands.containsKey(d.getTargetUserId()), HAND_NOT_RAISED,
                    d.getTargetUserId() + " has not raised a hand");
                lowerHand(room, d.getTargetUserId(), HandLowerReason.DENIED, log);
            }
            case InviteSpeaker i -> inviteSpeaker(room, actor, i.getTargetUserId(), log);
            case AcceptInvite a -> {
                unless(room.roleOf(actor) == Role.INVITED_SPEAKER, NOT_INVITED, "you have no invitation to speak");
                requireSpeakerSeat(room);
                changeRole(room, actor, Role.SPEAKER, log);
            }
            case DeclineInvite d -> {
                unless(room.roleOf(actor) == Role.INVITED_SPEAKER, NOT_INVITED, "you have no invitation to speak");
                log.add(new SpeakerInviteDeclined(actor));
                changeRole(room, actor, Role.LISTENER, log);
            }
            case InviteToRoom i -> {
                requireModerator(room, actor);
                String target = i.getTargetUserId();
                unless(!room.participants.containsKey(target), INVALID_TRANSITION, target + " is already in the room");
                unless(!room.banned.contains(target), BANNED, target + " is banned from the room");
                unless(room.invited.add(target), INVALID_TRANSITION, target + " is already invited");
                log.add(new RoomInviteSent(target));
            }
            case Promote p -> {
                requireModerator(room, actor);
                requireRole(room, p.getTargetUserId(), Role.SPEAKER, NOT_SPEAKER, "only a speaker can be promoted");
                changeRole(room, p.getTargetUserId(), Role.MODERATOR, log);
            }
            case Demote d -> demote(room, actor, d.getTargetUserId(), log);
            case Mute m -> mute(room, actor, m.getTargetUserId(), log);
            case Unmute u -> {
                String target = u.getTargetUserId();
                unless(target.equals(actor), INVALID_TRANSITION, "speakers unmute themselves; moderators cannot unmute others");
                requireSpeaking(room, target);
                Participant p = room.participants.get(target);
                unless(p.getMuted(), INVALID_TRANSITION, "you are not muted");
                p.setMuted(false);
                log.add(new ParticipantUnmuted(target));
            }
            case MuteAll m -> {
                requireModerator(room, actor);
                List<Participant> unmuted = room.participants.values().stream()
                    .filter(p -> p.getRole() == Role.SPEAKER && !p.getMuted()).toList();
                unless(!unmuted.isEmpty(), INVALID_TRANSITION, "no unmuted speaker to mute");
                unmuted.forEach(p -> {
                    p.setMuted(true);
                    log.add(new ParticipantMuted(p.getUserId()));
                });
            }
            case ApproveJoin a -> {
                requireModerator(room, actor);
                String target = a.getTargetUserId();
                unless(room.joinRequests.containsKey(target), JOIN_NOT_REQUESTED, target + " has not asked to join");
                requireSeat(room);
                closeJoinRequest(room, target, JoinRequestCloseReason.APPROVED, log);
                join(room, target, Role.LISTENER, log);
            }
            case DenyJoin d -> {
                requireModerator(room, actor);
                unless(closeJoinRequest(room, d.getTargetUserId(), JoinRequestCloseReason.DENIED, log),
                    JOIN_NOT_REQUESTED, d.getTargetUserId() + " has not asked to join");
            }
            case Kick k -> remove(room, actor, k.getTargetUserId(), false, log);
            case Ban b -> remove(room, actor, b.getTargetUserId(), true, log);
            default -> throw new Rejected(INVALID_COMMAND, "unknown command " + intent.getClass().getSimpleName());
        }
    }

    /**
     * A join: refused if the user is in the room or has asked already, is banned, is blocked by the
     * host, or is not allowed in by the visibility (PRIVATE: invited; CLUB: member; SOCIAL: followed by
     * the host, or invited); in a room with {@code approvalRequired}, anyone but the host and invited
     * users is queued as a join request (JoinRequested) for a moderator instead of joining.
     */
    private void admit(Room room, String user, SocialGraph graph, FactLog log) {
        RoomSnapshot base = room.base;
        String hostId = base.getCreatedBy();
        boolean host = user.equals(hostId);
        boolean invited = room.invited.contains(user);
        unless(!room.participants.containsKey(user), INVALID_TRANSITION, "you are already in the room");
        unless(!room.joinRequests.containsKey(user), INVALID_TRANSITION, "your request to join is pending");
        unless(!room.banned.contains(user), BANNED, "you are banned from this room");
        unless(!graph.blocks(hostId, user), BLOCKED, "the host has blocked you");
        switch (base.getDetails().getVisibility()) {
            case PRIVATE -> unless(host || invited, NOT_INVITED, "this room is by invitation only");
            case CLUB -> unless(host || graph.isMember(user, base.getDetails().getClubId()), NOT_CLUB_MEMBER,
                "this room is for members of club " + base.getDetails().getClubId());
            case SOCIAL -> unless(host || invited || graph.follows(hostId, user), NOT_FOLLOWED,
                "this room is for people the host follows");
            case PUBLIC -> { }
        }
        requireSeat(room);
        if (base.getDetails().getSettings().getApprovalRequired() && !host && !invited) {
            unless(room.joinRequests.size() < limits.handQueueLimit(), ROOM_FULL,
                "the join request queue is full (" + limits.handQueueLimit() + ")");
            room.joinRequests.put(user, new JoinRequest(user, log.now()));
            log.add(new JoinRequested(user, log.now()));
            return;
        }
        // The host comes back as moderator if the stage has a seat; an invitation stays valid (a
        // kicked or timed-out guest of a private room may come back) until a ban.
        join(room, user, host && room.speakers() < speakerLimit(room) ? Role.MODERATOR : Role.LISTENER, log);
    }

    /** Removes {@code user}'s pending join request with {@code reason}; false if there was none. */
    private static boolean closeJoinRequest(Room room, String user, JoinRequestCloseReason reason, FactLog log) {
        if (room.joinRequests.remove(user) == null) {
            return false;
        }
        log.add(new JoinRequestClosed(user, reason));
        return true;
    }

    private void requireSeat(Room room) {
        unless(room.participants.size() < capacity(room), ROOM_FULL, "the room is full (" + capacity(room) + ")");
    }

    private static void join(Room room, String user, Role role, FactLog log) {
        boolean speaking = role == Role.MODERATOR || role == Role.SPEAKER;
        room.participants.put(user, new Participant(user, role, false, log.now(), speaking ? log.now() : null));
        log.add(new ParticipantJoined(user, role));
    }

    private void raiseHand(Room room, String actor, FactLog log) {
        requirePresent(room, actor);
        unless(room.roleOf(actor) == Role.LISTENER, INVALID_TRANSITION, "only listeners raise their hand");
        unless(room.base.getDetails().getSettings().getHandRaisesEnabled(), HAND_RAISES_DISABLED,
            "hand raises are off in this room");
        unless(!room.hands.containsKey(actor), INVALID_TRANSITION, "your hand is already raised");
        unless(room.hands.size() < limits.handQueueLimit(), HAND_QUEUE_FULL,
            "the hand queue is full (" + limits.handQueueLimit() + ")");
        room.hands.put(actor, new HandRequest(actor, log.now()));
        log.add(new HandRaised(actor, log.now()));
    }

    private static void lowerHand(Room room, String user, HandLowerReason reason, FactLog log) {
        if (room.hands.remove(user) != null) {
            log.add(new HandLowered(user, reason));
        }
    }

    private void inviteSpeaker(Room room, String actor, String target, FactLog log) {
        requireModerator(room, actor);
        requireRole(room, target, Role.LISTENER, INVALID_TRANSITION, "only a listener can be invited to speak");
        lowerHand(room, target, HandLowerReason.ACCEPTED, log);
        log.add(new SpeakerInvited(target));
        changeRole(room, target, Role.INVITED_SPEAKER, log);
    }

    private static void demote(Room room, String actor, String target, FactLog log) {
        requireModerator(room, actor);
        requirePresent(room, target);
        Role role = room.roleOf(target);
        unless(role == Role.MODERATOR || role == Role.SPEAKER, INVALID_TRANSITION, "only moderators and speakers can be demoted");
        unless(role != Role.MODERATOR || room.count(Role.MODERATOR) > 1, INVALID_TRANSITION,
            "the last moderator cannot be demoted");
        changeRole(room, target, role == Role.MODERATOR ? Role.SPEAKER : Role.LISTENER, log);
    }

    private static void mute(Room room, String actor, String target, FactLog log) {
        unless(target.equals(actor) || room.isModerator(actor), NOT_MODERATOR, "only moderators mute others");
        requireSpeaking(room, target);
        Participant p = room.participants.get(target);
        unless(!p.getMuted(), INVALID_TRANSITION, target + " is already muted");
        p.setMuted(true);
        log.add(new ParticipantMuted(target));
    }

    private void remove(Room room, String actor, String target, boolean ban, FactLog log) {
        requireModerator(room, actor);
        unless(!target.equals(actor), INVALID_TRANSITION, "moderators cannot remove themselves; leave instead");
        boolean present = room.participants.containsKey(target);
        if (ban) {
            unless(room.banned.add(target), INVALID_TRANSITION, target + " is already banned");
            room.invited.remove(target);
            log.add(new ParticipantBanned(target));
            closeJoinRequest(room, target, JoinRequestCloseReason.DENIED, log);
        } else {
            unless(present, NOT_IN_ROOM, target + " is not in the room");
            log.add(new ParticipantKicked(target));
        }
        if (present) {
            leave(room, target, ban ? LeaveReason.BANNED : LeaveReason.KICKED, log);
        }
    }

    /** Removes a participant; hands the room to the longest-standing speaker if they were its last moderator. */
    private static void leave(Room room, String user, LeaveReason reason, FactLog log) {
        lowerHand(room, user, HandLowerReason.LEFT, log);
        boolean lastModerator = room.isModerator(user) && room.count(Role.MODERATOR) == 1;
        room.participants.remove(user);
        log.add(new ParticipantLeft(user, reason));
        if (lastModerator) {
            room.longestStandingSpeaker().ifPresent(s -> changeRole(room, s.getUserId(), Role.MODERATOR, log));
        }
    }

    private static void end(Room room, EndReason reason, FactLog log) {
        for (String user : List.copyOf(room.participants.keySet())) {
            room.hands.remove(user);
            room.participants.remove(user);
            log.add(new ParticipantLeft(user, LeaveReason.ROOM_ENDED));
        }
        room.hands.clear();
        room.joinRequests.clear();
        room.base.setLifecycle(RoomLifecycle.ENDED);
        log.add(new RoomEnded(reason));
    }

    private void update(Room room, UpdateRoom update, FactLog log) {
        RoomDetails details = room.base.getDetails();
        if (update.getTitle() != null) {
            details.setTitle(update.getTitle());
        }
        if (update.getTopic() != null) {
            details.setTopic(update.getTopic());
        }
        if (update.getSettings() != null) {
            details.setSettings(update.getSettings());
        }
        if (update.getClearLanguage()) {
            unless(update.getLanguage() == null, INVALID_COMMAND, "language and clearLanguage exclude each other");
            details.setLanguage(null);
        } else if (update.getLanguage() != null) {
            details.setLanguage(update.getLanguage());
        }
        unless(update.getTitle() != null || update.getTopic() != null || update.getSettings() != null
            || update.getLanguage() != null || update.getClearLanguage(), INVALID_COMMAND, "nothing to update");
        validate(details);
        unless(room.participants.size() <= capacity(room), INVALID_COMMAND,
            "capacity " + capacity(room) + " is below the " + room.participants.size() + " participants");
        unless(room.speakers() <= speakerLimit(room), INVALID_COMMAND,
            "speakerLimit " + speakerLimit(room) + " is below the " + room.speakers() + " speakers");
        log.add(new RoomUpdated(update.getTitle(), update.getTopic(), update.getSettings(), update.getLanguage(),
            update.getClearLanguage()));
    }

    private static void changeRole(Room room, String user, Role to, FactLog log) {
        Role from = room.roleOf(user);
        room.setRole(user, to, log.now());
        log.add(new RoleChanged(user, from, to));
    }

    private int capacity(Room room) {
        Integer own = room.base.getDetails().getSettings().getCapacity();
        return own == null ? limits.capacity() : Math.min(own, limits.capacity());
    }

    private int speakerLimit(Room room) {
        Integer own = room.base.getDetails().getSettings().getSpeakerLimit();
        return own == null ? limits.speakerLimit() : Math.min(own, limits.speakerLimit());
    }

    private void requireSpeakerSeat(Room room) {
        int limit = speakerLimit(room);
        unless(room.speakers() < limit, SPEAKER_LIMIT, "the room has its " + limit + " speakers");
    }

    private static void requirePresent(Room room, String user) {
        unless(room.participants.containsKey(user), NOT_IN_ROOM, user + " is not in the room");
    }

    private static void requireModerator(Room room, String user) {
        unless(room.isModerator(user), NOT_MODERATOR, "only a moderator may do this");
    }

    private static void requireRole(Room room, String user, Role role, RejectionReason otherwise, String message) {
        requirePresent(room, user);
        unless(room.roleOf(user) == role, otherwise, message);
    }

    private static void requireSpeaking(Room room, String user) {
        requirePresent(room, user);
        Role role = room.roleOf(user);
        unless(role == Role.SPEAKER || role == Role.MODERATOR, NOT_SPEAKER, user + " is not a speaker");
    }
}
