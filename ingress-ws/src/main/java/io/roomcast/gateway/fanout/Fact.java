package io.roomcast.gateway.fanout;

import java.util.Objects;

/**
 * One fact of a room as the gateway fans it out: where it sits in the room's stream, which snapshot
 * version it leads to, who it is for, and its encoded frame.
 *
 * <p>The per-room sequence is the Kafka position of the fact on {@code room-events}: facts of a room
 * arrive in increasing {@code offset} order, but offsets are not contiguous per room (other rooms
 * share the partition). The client echoes the offset of the last fact it received in RESUME.
 *
 * @param partition       the room-events partition the fact was read from (fixed per room: key = roomId)
 * @param offset          the fact's offset in that partition, at least 0; increasing within a room
 * @param roomVersion     the room snapshot version this fact leads to (RoomEvent.roomVersion; facts of
 *                        one command share it; a rejection carries the unchanged version), or null for
 *                        facts not written by the state machine (e.g. SpeakingChanged), which belong to
 *                        the latest version seen before them
 * @param targetSessionId the only session this fact is for (a command's outcome), or null for everyone
 *                        in the room
 * @param frame           the encoded frame to send; never null
 * @param decision        the command this fact answers (its sender and nonce: RoomEvent.userId and nonce),
 *                        or null; a pending join waits for the fact that decides it ({@link Fanout#beginJoin})
 * @param membership      what the fact does to the room's subscriptions: whose sessions stop receiving
 *                        the room after it, or null if it removes nobody
 */
public record Fact(int partition, long offset, Long roomVersion, String targetSessionId, Frame frame,
                   Decision decision, Membership membership) {
    /** The command a fact answers: its sender and the nonce the sender chose. */
    public record Decision(String userId, String nonce) {
        public Decision {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(nonce, "nonce");
        }
    }

    /** Who leaves the room's stream after this fact (which they still get). */
    public sealed interface Membership {
        /** The user left the room (left, kicked, banned, timed out, moved to another room). */
        record Left(String userId) implements Membership {
            public Left {
                Objects.requireNonNull(userId, "userId");
            }
        }

        /** The room ended: every session stops receiving it. */
        record Ended() implements Membership {}
    }

    /**
     * @throws IllegalArgumentException if {@code partition} or {@code offset} is negative
     * @throws NullPointerException     if {@code frame} is null
     */
    public Fact {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be >= 0, were " + partition + "/" + offset);
        }
        Objects.requireNonNull(frame, "frame");
    }

    /** A fact that answers no command and removes nobody. */
    public Fact(int partition, long offset, Long roomVersion, String targetSessionId, Frame frame) {
        this(partition, offset, roomVersion, targetSessionId, frame, null, null);
    }

    /** This fact, answering the command {@code nonce} of {@code userId}. */
    public Fact deciding(String userId, String nonce) {
        return new Fact(partition, offset, roomVersion, targetSessionId, frame, new Decision(userId, nonce), membership);
    }

    /** This fact, after which the sessions named by {@code membership} stop receiving the room. */
    public Fact removing(Membership membership) {
        return new Fact(partition, offset, roomVersion, targetSessionId, frame, decision, membership);
    }

    /** True if, after this fact, sessions of {@code userId} no longer receive the room. */
    public boolean removes(String userId) {
        return membership instanceof Membership.Ended
            || membership instanceof Membership.Left left && left.userId().equals(userId);
    }

    /** A fact for every session of the room. */
    public static Fact broadcast(int partition, long offset, Long roomVersion, Frame frame) {
        return new Fact(partition, offset, roomVersion, null, frame);
    }

    /** A fact for one session only (e.g. CommandRejected, CommandDuplicate answering its nonce). */
    public static Fact targeted(int partition, long offset, Long roomVersion, String targetSessionId, Frame frame) {
        return new Fact(partition, offset, roomVersion, Objects.requireNonNull(targetSessionId, "targetSessionId"),
            frame);
    }

    /** True if {@code sessionId} should receive this fact. */
    public boolean isFor(String sessionId) {
        return targetSessionId == null || targetSessionId.equals(sessionId);
    }
}
