package io.roomcast.gateway.ws;

import io.roomcast.events.RoomSnapshot;
import io.roomcast.gateway.fanout.Frame;
import io.roomcast.gateway.protocol.Dispatches;
import io.roomcast.gateway.protocol.FrameCodec;
import io.roomcast.gateway.rest.GatewayRedis;
import io.roomcast.schemas.ReadModelKeys;
import io.roomcast.schemas.RoomSnapshotText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room snapshots that joining and resuming sessions wait for, read from the Redis read model
 * (field {@code snapshot} of {@code room:{id}}): however many sessions of a room wait, the room is
 * read at most once at a time, again every {@code retry} while some still wait. Each read is
 * decoded once, its participant and requester ids collected once and its SNAPSHOT frame encoded once (per
 * {@code fresh} flag), then offered to every waiter. A crowd joining one room of N people costs N
 * reads of the snapshot in the worst case instead of N per joiner per retry.
 *
 * <p>Never blocks a thread: reads are Lettuce async; decoding and hand-over run on the scheduler.
 */
final class RoomSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(RoomSnapshots.class);

    private final GatewayRedis redis;
    private final FrameCodec codec;
    private final ScheduledExecutorService scheduler;
    private final Duration retry;
    private final Map<String, List<Waiter>> waiting = new HashMap<>();
    private final Set<String> reading = new HashSet<>();

    /**
     * One session waiting for a room's snapshot.
     *
     * @param wants     whether a snapshot will do (e.g. it shows the joining user)
     * @param deliver   hands it over; false if the session needs a newer one (keeps waiting)
     * @param deadline  {@link System#nanoTime()} after which it gives up and {@code expired} runs
     * @param abandoned true once the session is gone (it then stops waiting, {@code expired} runs)
     */
    record Waiter(Predicate<Fetched> wants, Predicate<Fetched> deliver, long deadline, BooleanSupplier abandoned,
                  Runnable expired) {}

    /** One read of a room's snapshot, shared by every waiter it is offered to. */
    final class Fetched {
        private final RoomSnapshot snapshot;
        private Set<String> receivers;
        private final Frame[] frames = new Frame[2];

        Fetched(RoomSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        RoomSnapshot snapshot() {
            return snapshot;
        }

        /**
         * Whether the user receives the room's facts at this snapshot: a participant, or a user whose
         * join request waits for a moderator (so that it sees its admission or denial).
         */
        synchronized boolean receives(String userId) {
            if (receivers == null) {
                receivers = new HashSet<>();
                snapshot.getParticipants().forEach(p -> receivers.add(p.getUserId()));
                snapshot.getJoinRequests().forEach(r -> receivers.add(r.getUserId()));
            }
            return receivers.contains(userId);
        }

        /** The SNAPSHOT frame, encoded on first use. */
        synchronized Frame frame(boolean fresh) {
            int i = fresh ? 1 : 0;
            if (frames[i] == null) {
                var frame = Dispatches.snapshot(snapshot, fresh);
                frames[i] = Outgoing.frame(codec.encode(frame), frame, null);
            }
            return frames[i];
        }
    }

    RoomSnapshots(GatewayRedis redis, FrameCodec codec, ScheduledExecutorService scheduler, Duration retry) {
        this.redis = redis;
        this.codec = codec;
        this.scheduler = scheduler;
        this.retry = retry;
    }

    /** Adds a waiter for {@code room}'s snapshot; reads the room now unless a read is under way. */
    void await(String room, Waiter waiter) {
        boolean start;
        synchronized (this) {
            waiting.computeIfAbsent(room, r -> new ArrayList<>()).add(waiter);
            start = reading.add(room);
        }
        if (start) {
            read(room);
        }
    }

    private void read(String room) {
        redis.async().hget(ReadModelKeys.room(room), ReadModelKeys.SNAPSHOT).whenCompleteAsync((text, error) -> {
            Fetched fetched = null;
            if (error != null) {
                LOG.warn("reading the snapshot of room {} failed: {}", room, error.toString());
            } else if (text != null) {
                fetched = new Fetched(RoomSnapshotText.decode(text));
            }
            offer(room, fetched);
        }, scheduler);
    }

    /** Offers a read (null: none in Redis) to the room's waiters; reads again later if some remain. */
    private void offer(String room, Fetched fetched) {
        List<Waiter> waiters;
        synchronized (this) {
            waiters = List.copyOf(waiting.getOrDefault(room, List.of()));
        }
        List<Waiter> done = new ArrayList<>();
        long now = System.nanoTime();
        for (Waiter w : waiters) {
            boolean finished;
            try {
                if (w.abandoned().getAsBoolean()) {
                    w.expired().run();
                    finished = true;
                } else if (fetched != null && w.wants().test(fetched) && w.deliver().test(fetched)) {
                    finished = true;
                } else if (now > w.deadline()) {
                    w.expired().run();
                    finished = true;
                } else {
                    finished = false;
                }
            } catch (RuntimeException e) {
                LOG.warn("handing the snapshot of room {} to a session failed: {}", room, e.toString());
                finished = true;
            }
            if (finished) {
                done.add(w);
            }
        }
        boolean again;
        synchronized (this) {
            List<Waiter> left = waiting.get(room);
            left.removeAll(done);
            again = !left.isEmpty();
            if (!again) {
                waiting.remove(room);
                reading.remove(room);
            }
        }
        if (again) {
            scheduler.schedule(() -> read(room), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
