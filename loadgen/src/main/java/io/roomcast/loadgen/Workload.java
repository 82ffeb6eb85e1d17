package io.roomcast.loadgen;

import io.roomcast.events.AcceptHand;
import io.roomcast.events.AcceptInvite;
import io.roomcast.events.CreateRoom;
import io.roomcast.events.DeclineInvite;
import io.roomcast.events.Demote;
import io.roomcast.events.DenyHand;
import io.roomcast.events.EndRoom;
import io.roomcast.events.InviteSpeaker;
import io.roomcast.events.JoinRoom;
import io.roomcast.events.LeaveReason;
import io.roomcast.events.LeaveRoom;
import io.roomcast.events.LowerHand;
import io.roomcast.events.Mute;
import io.roomcast.events.RaiseHand;
import io.roomcast.events.RoomCommand;
import io.roomcast.events.RoomDetails;
import io.roomcast.events.RoomSettings;
import io.roomcast.events.Unmute;
import io.roomcast.events.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The benchmark's mixed command workload over {@code rooms} public rooms of {@code usersPerRoom}
 * users each: user 0 creates the room (and is its MODERATOR), users 1.. join as listeners, then
 * {@link #next()} picks a random room and user and a command that fits the user's seat: raise,
 * lower, accept or deny a hand, invite to speak and accept or decline, mute and unmute, demote,
 * leave and join again. A share {@code rejectRatio} of commands is built to break a room rule
 * (a listener accepting a hand: NOT_MODERATOR; lowering a hand that is not raised:
 * HAND_NOT_RAISED or NOT_IN_ROOM; accepting an invitation never sent: NOT_INVITED).
 *
 * <p>The workload keeps its own model of every room's seats and updates it as it plans each
 * command. That model is exact as long as room-state-stream applies a room's commands in the order
 * they were sent, which holds: the key is the roomId (one partition per room) and the producer is
 * idempotent (order kept across retries). So each {@link Planned} says whether the command is
 * expected to be applied or rejected; the benchmark counts where the service disagrees.
 *
 * <p>Not thread-safe: one sender thread plans all commands.
 */
public final class Workload {
    /** The platform default speaker limit (SPEAKER + MODERATOR count per room; room-state-stream {@code roomcast.speaker-limit}). */
    public static final int SPEAKER_LIMIT = 20;

    /** A user's seat in a room, as the workload's model sees it. */
    enum Seat { ABSENT, LISTENER, HAND_RAISED, INVITED, SPEAKER, SPEAKER_MUTED }

    /**
     * One command to send.
     *
     * @param command        the command (key: its roomId)
     * @param expectRejected whether the room rules reject it (one CommandRejected fact)
     */
    public record Planned(RoomCommand command, boolean expectRejected) {}

    private final String runId;
    private final int rooms;
    private final int usersPerRoom;
    private final double rejectRatio;
    private final SplittableRandom random;
    private final Seat[][] seats;
    private final int[] speakers;
    private long nonce;

    /**
     * @param runId        prefix of every room and user id, unique per run so that reruns don't collide
     * @param rooms        number of rooms (1 or more)
     * @param usersPerRoom users per room, moderator included (2 or more)
     * @param rejectRatio  share of commands built to be rejected, 0..1
     * @param seed         random seed
     */
    public Workload(String runId, int rooms, int usersPerRoom, double rejectRatio, long seed) {
        this.runId = runId;
        this.rooms = rooms;
        this.usersPerRoom = usersPerRoom;
        this.rejectRatio = rejectRatio;
        this.random = new SplittableRandom(seed);
        this.seats = new Seat[rooms][usersPerRoom];
        this.speakers = new int[rooms];
        for (Seat[] room : seats) {
            java.util.Arrays.fill(room, Seat.ABSENT);
        }
    }

    /** @return the id of room {@code room}: {@code <runId>-room-<n>} */
    public String roomId(int room) {
        return runId + "-room-" + room;
    }

    /** @return the id of user {@code user} of room {@code room}: {@code <runId>-r<room>-u<user>}; user 0 is the moderator */
    public String userId(int room, int user) {
        return runId + "-r" + room + "-u" + user;
    }

    /** @return the number of rooms */
    public int rooms() {
        return rooms;
    }

    /** @return every user id, room by room (for presence heartbeats) */
    public List<String> userIds() {
        List<String> users = new ArrayList<>(rooms * usersPerRoom);
        for (int r = 0; r < rooms; r++) {
            for (int u = 0; u < usersPerRoom; u++) {
                users.add(userId(r, u));
            }
        }
        return users;
    }

    /**
     * The set-up commands: one CreateRoom per room (its user 0 becomes MODERATOR), then a JoinRoom
     * for every other user. All are expected to be applied.
     */
    public List<Planned> setup() {
        List<Planned> commands = new ArrayList<>(rooms * usersPerRoom);
        RoomSettings settings = RoomSettings.newBuilder().setHandRaisesEnabled(true).build();
        for (int r = 0; r < rooms; r++) {
            RoomDetails details = RoomDetails.newBuilder().setTitle("Benchmark room " + r).setTopic("benchmark")
                .setVisibility(Visibility.PUBLIC).setSettings(settings).build();
            commands.add(applied(r, 0, new CreateRoom(details)));
            seats[r][0] = Seat.SPEAKER;
            speakers[r] = 1;
        }
        for (int r = 0; r < rooms; r++) {
            for (int u = 1; u < usersPerRoom; u++) {
                commands.add(applied(r, u, new JoinRoom()));
                seats[r][u] = Seat.LISTENER;
            }
        }
        return commands;
    }

    /** The tear-down command of room {@code room}: its moderator ends it (everyone leaves, presence forgets them). */
    public Planned end(int room) {
        return applied(room, 0, new EndRoom());
    }

    /** @return the next command of the mixed workload, with its expected outcome */
    public Planned next() {
        int r = random.nextInt(rooms);
        int u = 1 + random.nextInt(usersPerRoom - 1);
        if (random.nextDouble() < rejectRatio) {
            return rejected(r, u);
        }
        String target = userId(r, u);
        double p = random.nextDouble();
        return switch (seats[r][u]) {
            case ABSENT -> move(r, u, u, new JoinRoom(), Seat.LISTENER);
            case LISTENER -> p < 0.55 ? move(r, u, u, new RaiseHand(), Seat.HAND_RAISED)
                : p < 0.8 ? move(r, u, 0, new InviteSpeaker(target), Seat.INVITED)
                : move(r, u, u, new LeaveRoom(LeaveReason.LEFT), Seat.ABSENT);
            case HAND_RAISED -> p < 0.4 && speakers[r] < SPEAKER_LIMIT ? move(r, u, 0, new AcceptHand(target), Seat.SPEAKER)
                : p < 0.7 ? move(r, u, 0, new DenyHand(target), Seat.LISTENER)
                : move(r, u, u, new LowerHand(), Seat.LISTENER);
            case INVITED -> p < 0.8 && speakers[r] < SPEAKER_LIMIT ? move(r, u, u, new AcceptInvite(), Seat.SPEAKER)
                : move(r, u, u, new DeclineInvite(), Seat.LISTENER);
            case SPEAKER -> p < 0.35 ? move(r, u, u, new Mute(target), Seat.SPEAKER_MUTED)
                : p < 0.6 ? move(r, u, 0, new Mute(target), Seat.SPEAKER_MUTED)
                : p < 0.9 ? move(r, u, 0, new Demote(target), Seat.LISTENER)
                : move(r, u, u, new LeaveRoom(LeaveReason.LEFT), Seat.ABSENT);
            case SPEAKER_MUTED -> p < 0.8 ? move(r, u, u, new Unmute(target), Seat.SPEAKER)
                : move(r, u, u, new LeaveRoom(LeaveReason.LEFT), Seat.ABSENT);
        };
    }

    /** A command that breaks a room rule; the model does not change. */
    private Planned rejected(int r, int u) {
        int other = 1 + random.nextInt(usersPerRoom - 1);
        return switch (random.nextInt(3)) {
            case 0 -> planned(r, u, new AcceptHand(userId(r, other)), true);
            case 1 -> seats[r][u] != Seat.HAND_RAISED ? planned(r, u, new LowerHand(), true)
                : planned(r, u, new AcceptHand(userId(r, other)), true);
            default -> seats[r][u] != Seat.INVITED ? planned(r, u, new AcceptInvite(), true)
                : planned(r, u, new AcceptHand(userId(r, other)), true);
        };
    }

    /** User {@code u}'s seat becomes {@code to} by a command of {@code actor} (u itself, or 0, the moderator). */
    private Planned move(int r, int u, int actor, Object command, Seat to) {
        Seat from = seats[r][u];
        speakers[r] += (speaking(to) ? 1 : 0) - (speaking(from) ? 1 : 0);
        seats[r][u] = to;
        return planned(r, actor, command, false);
    }

    private static boolean speaking(Seat seat) {
        return seat == Seat.SPEAKER || seat == Seat.SPEAKER_MUTED;
    }

    private Planned applied(int r, int actor, Object command) {
        return planned(r, actor, command, false);
    }

    private Planned planned(int r, int actor, Object command, boolean expectRejected) {
        String user = userId(r, actor);
        RoomCommand roomCommand = RoomCommand.newBuilder()
            .setEventId(new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & ~(3L << 62)) | (2L << 62)))
            .setOccurredAt(Instant.now())
            .setRoomId(roomId(r))
            .setUserId(user)
            .setNonce("n" + nonce++)
            .setCommand(command)
            .build();
        return new Planned(roomCommand, expectRejected);
    }

    /** @return user {@code u}'s seat in room {@code r} in the model (for tests) */
    Seat seat(int r, int u) {
        return seats[r][u];
    }
}
