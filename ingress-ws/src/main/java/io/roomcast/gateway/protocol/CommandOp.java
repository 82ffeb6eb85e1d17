package io.roomcast.gateway.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The room commands a client may send, by wire name (the frame's {@code op}, lower snake case). Each
 * becomes one {@code io.roomcast.events.RoomCommand} on room-commands (see {@link Commands}).
 */
public enum CommandOp {
    JOIN("join", Target.NONE),
    LEAVE("leave", Target.NONE),
    RAISE_HAND("raise_hand", Target.NONE),
    LOWER_HAND("lower_hand", Target.NONE),
    INVITE_SPEAKER("invite_speaker", Target.REQUIRED),
    ACCEPT_INVITE("accept_invite", Target.NONE),
    DECLINE_INVITE("decline_invite", Target.NONE),
    ACCEPT_HAND("accept_hand", Target.REQUIRED),
    DENY_HAND("deny_hand", Target.REQUIRED),
    PROMOTE("promote", Target.REQUIRED),
    DEMOTE("demote", Target.REQUIRED),
    /** Mute a speaker; without {@code user_id} the sender mutes itself. */
    MUTE("mute", Target.SELF_BY_DEFAULT),
    /** Unmute; without {@code user_id} the sender unmutes itself (moderators may not unmute others). */
    UNMUTE("unmute", Target.SELF_BY_DEFAULT),
    MUTE_ALL("mute_all", Target.NONE),
    KICK("kick", Target.REQUIRED),
    BAN("ban", Target.REQUIRED),
    END_ROOM("end_room", Target.NONE),
    /** Change title, topic or settings: {@code args} holds at least one of them. */
    UPDATE_ROOM("update_room", Target.NONE),
    /** A moderator starts a scheduled room (rooms are created and scheduled over REST). */
    START_ROOM("start_room", Target.NONE),
    /** A moderator invites a user into the room (the way into a private room). */
    INVITE_TO_ROOM("invite_to_room", Target.REQUIRED),
    /** A moderator admits a pending join request (rooms with approval_required). */
    APPROVE_JOIN("approve_join", Target.REQUIRED),
    /** A moderator denies a pending join request. */
    DENY_JOIN("deny_join", Target.REQUIRED);

    /** Whether a command names a target user in {@code args.user_id}. */
    public enum Target {
        /** No target: {@code args.user_id} is ignored. */
        NONE,
        /** {@code args.user_id} is required. */
        REQUIRED,
        /** {@code args.user_id} is optional and defaults to the sender. */
        SELF_BY_DEFAULT
    }

    private static final Map<String, CommandOp> BY_WIRE = Arrays.stream(values())
        .collect(Collectors.toUnmodifiableMap(CommandOp::wireName, Function.identity()));

    private final String wireName;
    private final Target target;

    CommandOp(String wireName, Target target) {
        this.wireName = wireName;
        this.target = target;
    }

    /** The {@code op} value on the wire, e.g. {@code raise_hand}. */
    public String wireName() {
        return wireName;
    }

    /** Whether and how the command names a target user. */
    public Target target() {
        return target;
    }

    /** The command with this wire name (case-sensitive), if any. */
    public static Optional<CommandOp> fromWire(String op) {
        return Optional.ofNullable(BY_WIRE.get(op));
    }
}
