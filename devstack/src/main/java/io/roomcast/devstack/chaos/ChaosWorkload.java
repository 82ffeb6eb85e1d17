package io.roomcast.devstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.loadgen.gateway.GatewayHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run's load: {@code users} simulated users in {@code rooms} public rooms, spread over the gateway nodes,
 * each user a {@link ChaosUser}. Every room has a host (its creator, a moderator who never leaves) and guests. A
 * seeded random choice, made from each user's own view of its room, picks what each does next:
 * <ul>
 *   <li>guests: join when out of the room; a listener raises or lowers its hand or leaves; an invited speaker
 *       accepts or declines; a speaker mutes or unmutes itself or leaves; every 3-10 s;</li>
 *   <li>hosts: accept or deny the oldest raised hand, demote a speaker when there are more than 3, mute a
 *       speaker, invite a listener to speak, kick a listener; every 1-2 s.</li>
 * </ul>
 * The first {@code passivePerRoom} guests of each room are passive ({@link #passive(Room)}, the audio's speakers and
 * listeners, {@link ChaosAudio}): they only join, and the host never picks them.
 * Some commands are rejected (the views lag the room): that is part of the load. Every user sends a HEARTBEAT
 * every 5 s and sends unanswered commands again ({@link ChaosUser#RESEND_AFTER}).
 */
final class ChaosWorkload implements AutoCloseable {
    /** A room and its users; the host is {@code users.getFirst()}. */
    record Room(String id, String title, List<ChaosUser> users) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WAIT = Duration.ofSeconds(120);
    /**
     * Longest wait for every user to be in its room before the audio and the faults start: 1,000 users joining at
     * once on 2 cores take minutes (joins answered {@code 4000} when not decided within the gateway's 25 s).
     */
    private static final Duration SEAT_WAIT = Duration.ofSeconds(300);
    /** How long a user not in its room, with no command awaiting an answer, waits after its last answer to join again. */
    private static final Duration JOIN_AGAIN_AFTER = Duration.ofSeconds(2);

    private final List<String> gateways;
    private final Random random;
    private final PrintStream out;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final List<HttpClient> clients = new ArrayList<>();
    private final List<Room> rooms = new ArrayList<>();
    private final List<ChaosUser> everyone = new ArrayList<>();
    private final Map<ChaosUser, long[]> nextActionMs = new java.util.HashMap<>();
    private final java.util.Set<ChaosUser> passive = new java.util.HashSet<>();
    private int passivePerRoom;
    private volatile boolean acting;

    ChaosWorkload(List<String> gateways, long seed, PrintStream out) {
        this.gateways = gateways;
        this.random = new Random(seed);
        this.out = out;
        for (int i = 0; i < 8; i++) {
            clients.add(HttpClient.newHttpClient());
        }
    }

    /**
     * Connects every user (each room's users in turn over the nodes) and starts their heartbeats, then creates the
     * rooms over REST (each host is in its room from then on) and joins each user to its room.
     *
     * @param passivePerRoom guests per room that only join (again, when out) and are never the host's target: the
     *                       audio's speakers and listeners ({@link #passive(Room)})
     * @throws IllegalStateException if a room is not created, or users are not all READY within 120 s and in their
     *                               rooms within 300 s, or a
     *                               room has fewer guests than {@code passivePerRoom}
     */
    void start(String run, int userCount, int roomCount, int passivePerRoom) throws IOException, InterruptedException {
        require(userCount / roomCount - 1 >= passivePerRoom, "users per room " + userCount / roomCount
            + " leave fewer guests than the " + passivePerRoom + " passive ones (audio speakers and listeners)");
        this.passivePerRoom = passivePerRoom;
        GatewayHttp rest = new GatewayHttp(gateways.getFirst());
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < userCount; u++) {
            ids.add("chaos-" + run + "-u" + u);
        }
        List<String> tokens = rest.tokens(ids);
        List<List<ChaosUser>> dealt = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            dealt.add(new ArrayList<>());
        }
        for (int u = 0; u < userCount; u++) {
            // users 0..rooms-1 are the hosts; the others are dealt to the rooms in turn, and each room's users to the
            // nodes in turn (node u / rooms: with u % nodes, an even room count put every room on one node only)
            ChaosUser user = new ChaosUser(ids.get(u), tokens.get(u), gateways, u / roomCount,
                clients.get(u % clients.size()), timers);
            dealt.get(u % roomCount).add(user);
            everyone.add(user);
            user.connect();
        }
        // Heartbeats from READY on, as a client does, before the rooms exist: a host is in its room from its creation
        // and is timed out (presence, 45 s) unless its session heartbeats; 50 rooms and 1,000 connects take longer.
        timers.scheduleAtFixedRate(() -> everyone.forEach(ChaosUser::heartbeat), 5, 5, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            everyone.forEach(u -> u.resendUnanswered(now));
        }, 1, 1, TimeUnit.SECONDS);
        out.printf("  %d users connecting over %d gateway nodes ...%n", userCount, gateways.size());
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        for (ChaosUser user : everyone) {
            while (!user.ready()) {
                require(System.nanoTime() < deadline, user.user() + " not READY within " + READY_WAIT);
                Thread.sleep(20); // polling a client flag set on the HTTP client's thread
            }
        }
        for (int r = 0; r < roomCount; r++) {
            String title = "Chaos room " + r;
            String roomId = rest.createRoom(tokens.get(r), JSON.createObjectNode().put("title", title)
                .put("topic", "chaos"), Duration.ofSeconds(60));
            rooms.add(new Room(roomId, title, dealt.get(r)));
        }
        rooms.forEach(r -> passive.addAll(passive(r)));
        out.printf("  %d rooms created; every user joining its room ...%n", roomCount);
        for (Room room : rooms) {
            room.users().forEach(user -> user.join(room.id()));
        }
        awaitSeated();
        acting = true;
        timers.scheduleAtFixedRate(this::tick, 500, 100, TimeUnit.MILLISECONDS);
    }

    /** Stops choosing new commands; heartbeats and resends go on until {@link #close()}. */
    void stopActing() {
        acting = false;
    }

    List<Room> rooms() {
        return rooms;
    }

    List<ChaosUser> users() {
        return everyone;
    }

    /** The room's passive guests: the first {@code passivePerRoom} after the host. */
    List<ChaosUser> passive(Room room) {
        return room.users().subList(1, 1 + passivePerRoom);
    }

    private void tick() {
        if (!acting) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Room room : rooms) {
            for (int i = 0; i < room.users().size(); i++) {
                ChaosUser user = room.users().get(i);
                long[] next = nextActionMs.computeIfAbsent(user, u -> new long[] {now + random.nextInt(3_000)});
                if (now < next[0]) {
                    continue;
                }
                boolean host = i == 0;
                next[0] = now + (host ? 1_000 + random.nextInt(1_000) : 3_000 + random.nextInt(7_000));
                try {
                    if (host) {
                        host(user);
                    } else {
                        guest(user);
                    }
                } catch (RuntimeException e) {
                    out.println("  workload: " + user.user() + ": " + e);
                }
            }
        }
    }

    private void guest(ChaosUser user) {
        if (!user.ready() || unanswered(user)) {
            return;
        }
        RoomFold.Member me = user.view().members().get(user.user());
        if (me == null || lastRejectedNotInRoom(user)) {
            user.send("join", null);
            return;
        }
        if (passive.contains(user)) {
            return; // an audio speaker or listener stays as it is
        }
        double r = random.nextDouble();
        switch (me.role()) {
            case "listener" -> {
                if (r < 0.08) {
                    user.send("leave", null);
                } else if (!me.hand() && r < 0.5) {
                    user.send("raise_hand", null);
                } else if (me.hand() && r < 0.3) {
                    user.send("lower_hand", null);
                }
            }
            case "invited_speaker" -> user.send(r < 0.7 ? "accept_invite" : "decline_invite", null);
            case "speaker" -> {
                if (r < 0.1) {
                    user.send("leave", null);
                } else if (r < 0.6) {
                    user.send(me.muted() ? "unmute" : "mute", null);
                }
            }
            default -> { }
        }
    }

    private void host(ChaosUser host) {
        if (!host.ready() || unanswered(host)) {
            return;
        }
        RoomFold view = host.view();
        List<String> hands = new ArrayList<>(view.hands());
        List<String> speakers = active(view.withRole("speaker"));
        List<String> listeners = active(view.withRole("listener"));
        double r = random.nextDouble();
        if (!hands.isEmpty() && r < 0.6) {
            String who = hands.get(random.nextInt(hands.size()));
            host.send(speakers.size() < 3 && random.nextBoolean() ? "accept_hand" : "deny_hand", who);
        } else if (speakers.size() > 3 && r < 0.8) {
            host.send("demote", speakers.get(random.nextInt(speakers.size())));
        } else if (!speakers.isEmpty() && r < 0.85) {
            host.send("mute", speakers.get(random.nextInt(speakers.size())));
        } else if (!listeners.isEmpty() && r < 0.9) {
            host.send("invite_speaker", listeners.get(random.nextInt(listeners.size())));
        } else if (!listeners.isEmpty() && r < 0.93) {
            host.send("kick", listeners.get(random.nextInt(listeners.size())));
        }
    }

    /** Of {@code users}, those the host may act on: not passive. */
    private List<String> active(java.util.Collection<String> users) {
        List<String> active = new ArrayList<>(users);
        passive.forEach(p -> active.remove(p.user()));
        return active;
    }

    /** One command at a time per user: the next waits for the answer (or its resend). */
    private static boolean unanswered(ChaosUser user) {
        return user.awaitingAnswer();
    }

    /** The user's last answered command was refused because it is not in the room (e.g. removed while away). */
    private static boolean lastRejectedNotInRoom(ChaosUser user) {
        return user.lastRejected("not_in_room");
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("chaos: " + failure);
        }
    }

    @Override
    public void close() {
        acting = false;
        everyone.forEach(ChaosUser::stop);
        timers.shutdownNow();
    }

    /**
     * Waits until every user is a member of its room in its own view (folded from what it received), sending a join
     * again when it has none awaiting an answer ({@link ChaosUser#mayJoinAgain}); unanswered ones are resent by the
     * workload's timer.
     *
     * @throws IllegalStateException when a user is not in its room within {@link #SEAT_WAIT}
     */
    private void awaitSeated() throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + SEAT_WAIT.toNanos();
        for (Room room : rooms) {
            for (ChaosUser user : room.users()) {
                while (!user.inRoom()) {
                    require(System.nanoTime() < deadline, "not in its room within " + SEAT_WAIT + ": " + user.describe());
                    if (user.mayJoinAgain(System.currentTimeMillis(), JOIN_AGAIN_AFTER.toMillis())) {
                        user.join(room.id());
                    }
                    Thread.sleep(200); // polling the users' views, folded on their own threads
                }
            }
        }
        out.printf("  every user in its room after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
