package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.drain;
import static io.roomcast.gateway.fanout.Fixtures.outbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.gateway.fanout.Fanout.Catchup;
import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Joins and resumes on connection threads while consumer threads deliver: real threads, lined up
 * with a {@link Phaser} so that in every phase the deliveries of a chunk of facts and the joins (or
 * resumes) run at the same time. No sleeps, no timing assertions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanoutConcurrencyTest {
    private static final int PHASES = 20;
    private static final int FACTS_PER_PHASE = 100;

    private final ManualClock clock = new ManualClock();
    private final Fanout fanout = new Fanout(
        new Fanout.Settings(new RoomLog.Limits(100_000, 1L << 30, 3_600_000), 60_000), clock, FanoutMetrics.NONE,
        KeyInterestListener.NONE);

    /**
     * One room's stream: commands of 1 to 3 facts each (version 1, 2, ...), SpeakingChanged facts
     * (no version) in between, some command outcomes for one session; offsets skip (other rooms).
     */
    private static List<Fact> stream(String room, int partition, int count, List<String> targets, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fact> facts = new ArrayList<>(count);
        long offset = 0;
        long version = 0;
        int leftInCommand = 0;
        while (facts.size() < count) {
            offset += 1 + random.nextInt(3);
            Long v;
            String target = null;
            int kind = random.nextInt(10);
            if (kind == 0) {
                v = null; // SpeakingChanged
            } else if (kind == 1 && !targets.isEmpty() && version > 0) {
                v = version; // a rejection: unchanged version, for one session
                target = targets.get(random.nextInt(targets.size()));
            } else {
                if (leftInCommand == 0) {
                    version++;
                    leftInCommand = 1 + random.nextInt(3);
                }
                leftInCommand--;
                v = version;
            }
            facts.add(new Fact(partition, offset, v, target, Frame.text(room + ":" + offset + ":" + (v == null ? "-" : v))));
        }
        return facts;
    }

    /** What a holder of snapshot V must receive of {@code facts}: the rule of {@link RoomLog#afterSnapshot}. */
    private static List<String> afterSnapshot(List<Fact> facts, long snapshot) {
        List<String> out = new ArrayList<>();
        long seen = -1;
        for (Fact f : facts) {
            if (f.targetSessionId() == null
                && (f.roomVersion() != null ? f.roomVersion() > snapshot : seen >= snapshot)) {
                out.add(f.frame().asText());
            }
            if (f.roomVersion() != null) {
                seen = f.roomVersion();
            }
        }
        return out;
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Joined(SessionOutbox outbox, long snapshot) {}

    @Test
    void joinsDuringDeliveriesSeeNoGapAndNoDuplicate() throws Exception {
        int joiners = 16;
        List<Fact> facts = stream("r", 3, PHASES * FACTS_PER_PHASE, List.of(), 42);
        AtomicLong readModel = new AtomicLong(); // the room snapshot version in "Redis"
        SessionOutbox first = outbox("first");
        fanout.beginJoin(first, "r");
        fanout.join(first, "r", 0);
        Phaser phaser = new Phaser(joiners + 1);

        List<Callable<List<Joined>>> tasks = new ArrayList<>();
        tasks.add(() -> {
            for (int phase = 0; phase < PHASES; phase++) {
                phaser.arriveAndAwaitAdvance();
                for (Fact f : facts.subList(phase * FACTS_PER_PHASE, (phase + 1) * FACTS_PER_PHASE)) {
                    if (f.roomVersion() != null) {
                        // The read model may be ahead of this node: it sees a command's snapshot before its facts are read here.
                        readModel.accumulateAndGet(f.roomVersion(), Math::max);
                    }
                    fanout.deliver("r", f);
                }
                phaser.arriveAndAwaitAdvance();
            }
            return List.of();
        });
        for (int j = 0; j < joiners; j++) {
            int joiner = j;
            tasks.add(() -> {
                SplittableRandom random = new SplittableRandom(joiner);
                List<Joined> joined = new ArrayList<>();
                for (int phase = 0; phase < PHASES; phase++) {
                    phaser.arriveAndAwaitAdvance();
                    SessionOutbox out = outbox("j" + joiner + "-" + phase);
                    fanout.beginJoin(out, "r");
                    // A snapshot fetched now, possibly a little stale (a replica behind).
                    long snapshot = Math.max(0, readModel.get() - random.nextInt(3));
                    Catchup c = fanout.join(out, "r", snapshot);
                    while (c instanceof Catchup.SnapshotNeeded) {
                        snapshot = readModel.get();
                        c = fanout.join(out, "r", snapshot);
                    }
                    joined.add(new Joined(out, snapshot));
                    phaser.arriveAndAwaitAdvance();
                }
                return joined;
            });
        }
        List<Joined> all = new ArrayList<>();
        runAll(tasks).forEach(all::addAll);

        assertThat(all).hasSize(joiners * PHASES);
        for (Joined j : all) {
            assertThat(drain(j.outbox())).as("%s from snapshot %d", j.outbox(), j.snapshot())
                .containsExactlyElementsOf(afterSnapshot(facts, j.snapshot()));
        }
        assertThat(drain(first)).containsExactlyElementsOf(afterSnapshot(facts, 0));
    }

    @Test
    void resumesDuringDeliveriesOfTwoRoomsLoseNothingAndDoubleNothing() throws Exception {
        int resumers = 12;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < resumers; i++) {
            ids.add("s" + i);
        }
        Map<String, List<Fact>> streams = Map.of(
            "a", stream("a", 1, PHASES * FACTS_PER_PHASE, ids, 7),
            "b", stream("b", 2, PHASES * FACTS_PER_PHASE, ids, 8));
        Map<String, SessionOutbox> initial = new HashMap<>();
        for (String id : ids) {
            SessionOutbox out = outbox(id);
            for (String room : streams.keySet()) {
                fanout.beginJoin(out, room);
                fanout.join(out, room, 0);
            }
            initial.put(id, out);
        }
        Phaser phaser = new Phaser(resumers + streams.size());

        List<Callable<Map<String, List<String>>>> tasks = new ArrayList<>();
        for (Map.Entry<String, List<Fact>> s : streams.entrySet()) {
            tasks.add(() -> { // one consumer thread per partition
                for (int phase = 0; phase < PHASES; phase++) {
                    phaser.arriveAndAwaitAdvance();
                    for (Fact f : s.getValue().subList(phase * FACTS_PER_PHASE, (phase + 1) * FACTS_PER_PHASE)) {
                        fanout.deliver(s.getKey(), f);
                    }
                    phaser.arriveAndAwaitAdvance();
                }
                return Map.of();
            });
        }
        for (String id : ids) {
            tasks.add(() -> {
                Map<String, List<String>> received = new HashMap<>(Map.of("a", new ArrayList<>(), "b", new ArrayList<>()));
                // The client's RoomPosition per room: epoch, seq, version (snapshot 0, then DISPATCH versions).
                Map<String, Fanout.ResumePoint> last = new HashMap<>(Map.of(
                    "a", new Fanout.ResumePoint(1, -1, 0), "b", new Fanout.ResumePoint(2, -1, 0)));
                SessionOutbox out = initial.get(id);
                for (int phase = 0; phase < PHASES; phase++) {
                    phaser.arriveAndAwaitAdvance();
                    // The client got what was written so far, then the connection broke; it comes back.
                    take(drain(out), received, last);
                    fanout.close(out);
                    out = outbox(id);
                    Map<String, Catchup> answers = fanout.resumeFrom(out, last);
                    assertThat(answers.values()).allMatch(c -> c instanceof Catchup.Replayed);
                    phaser.arriveAndAwaitAdvance();
                }
                take(drain(out), received, last);
                return received;
            });
        }
        List<Map<String, List<String>>> results = runAll(tasks);

        for (int i = 0; i < resumers; i++) {
            Map<String, List<String>> received = results.get(streams.size() + i);
            String id = ids.get(i);
            for (Map.Entry<String, List<Fact>> s : streams.entrySet()) {
                List<String> expected = new ArrayList<>();
                for (Fact f : s.getValue()) {
                    if (f.isFor(id)) {
                        expected.add(f.frame().asText());
                    }
                }
                assertThat(received.get(s.getKey())).as("%s in room %s", id, s.getKey())
                    .containsExactlyElementsOf(expected);
            }
        }
    }

    /** Files frames "room:offset:version" by room and moves the client's position in each room. */
    private static void take(List<String> frames, Map<String, List<String>> received,
                             Map<String, Fanout.ResumePoint> last) {
        for (String frame : frames) {
            String[] parts = frame.split(":");
            String room = parts[0];
            received.get(room).add(frame);
            Fanout.ResumePoint p = last.get(room);
            long version = parts[2].equals("-") ? p.version() : Long.parseLong(parts[2]);
            last.put(room, new Fanout.ResumePoint(p.epoch(), Long.parseLong(parts[1]), Math.max(p.version(), version)));
        }
    }
}
