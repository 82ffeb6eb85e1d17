package io.roomcast.gateway.fanout;

import static io.roomcast.gateway.fanout.Fixtures.PARTITION;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomcast.gateway.fanout.Fanout.Catchup;
import io.roomcast.gateway.fanout.Fixtures.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * RESUME loses nothing (issue 10, "What to build" 5): a model test of the pure fan-out on two nodes
 * that share one room-events partition. Sessions join, read some of their frames, drop (losing what
 * was still queued) and resume at random points of a random stream of broadcast (versioned and
 * unversioned) and targeted facts, on either node, while the nodes lag behind Kafka, evict from their
 * room logs by count and age, forget idle rooms and seek back when a room becomes interesting again.
 * A resume is served from the room log, from Kafka ({@link Catchup.FromKafka}, then
 * {@link Fanout#finishCatchup}, reading on when the log evicted meanwhile), or by a fresh snapshot
 * (resume answered {@link Catchup.SnapshotNeeded}, or Kafka refused: {@link Fanout#abandonCatchup}).
 *
 * <p>At the end every session is brought back and every node reads to the end; then each client's
 * record must be exactly what the protocol promises (docs/protocol.md, "Snapshot, then stream" and
 * "Resume"):
 * <ul>
 *   <li>after each SNAPSHOT of version V: the room's DISPATCHes with a version above V (unversioned
 *       ones seen at V or later), in room order, no duplicate and no gap; all of them after the last
 *       snapshot, a prefix of them before a later one;</li>
 *   <li>COMMAND_RESULTs (targeted facts): only the session's own, none twice, and every one decided
 *       after the session last needed a snapshot. A COMMAND_RESULT received after the last DISPATCH
 *       before a drop may come again on resume (the position is that DISPATCH's seq), once; one of
 *       a version below the client's may be lost with the connection; and a RESUME without seq (no
 *       DISPATCH since the snapshot), or one that ends in a fresh SNAPSHOT, places none of the
 *       results decided before it (known limits,
 *       issue 10's closing note: the client repeats an unanswered command with its nonce).</li>
 * </ul>
 */
class ResumePropertyTest {
    private static final String ROOM = "room-1";
    private static final int SESSIONS = 3;
    private static final int NODES = 2;

    enum Kind { WRITE, ADVANCE, CLOCK, READ, JOIN, DROP, CLOSE_OLD, RESUME, CATCHUP, SNAPSHOT, EXPIRE }

    /** One step; what {@code a}, {@code b}, {@code c} mean depends on the kind. */
    record Step(Kind kind, int a, int b, int c) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
            Tuple.of(10, Kind.WRITE), Tuple.of(8, Kind.ADVANCE), Tuple.of(3, Kind.CLOCK), Tuple.of(5, Kind.READ),
            Tuple.of(2, Kind.JOIN), Tuple.of(5, Kind.DROP), Tuple.of(1, Kind.CLOSE_OLD), Tuple.of(5, Kind.RESUME),
            Tuple.of(5, Kind.CATCHUP), Tuple.of(4, Kind.SNAPSHOT), Tuple.of(1, Kind.EXPIRE));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 5)).as(Step::new)
            .list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 2000)
    void everyResumedSessionEndsWithExactlyItsFactsInOrder(@ForAll("steps") List<Step> steps,
                                                           @ForAll @IntRange(min = 1, max = 6) int logFacts,
                                                           @ForAll @IntRange(min = 0, max = 3) int seekBackVersions) {
        World world = new World(logFacts, seekBackVersions);
        for (Step step : steps) {
            world.apply(step);
        }
        world.settle();
        world.check();
        for (String path : PATHS) {
            Statistics.label(path).collect(world.paths.contains(path));
        }
    }

    /** The resume paths a try went through (jqwik reports how many tries saw each). */
    private static final List<String> PATHS = List.of("resumed from the log", "from Kafka", "read on",
        "Kafka refused", "resume needed a snapshot", "join needed a newer snapshot", "room forgotten");

    // ---- the world: Kafka, two nodes, the clients --------------------------------------------------

    /** A gateway node: its fan-out and how far its feed has read the partition. */
    static final class Node implements KeyInterestListener {
        final World world;
        final Fanout fanout;
        /** Index into {@link World#kafka} of the next fact the feed delivers. */
        int cursor;
        boolean interested;
        /** The room's latest version when the room last became interesting here (no snapshot is older). */
        long floorVersion;

        Node(World world, int logFacts) {
            this.world = world;
            this.fanout = new Fanout(new Fanout.Settings(new RoomLog.Limits(logFacts, 1L << 20, World.LOG_AGE_MS),
                World.LINGER_MS), world.clock, FanoutMetrics.NONE, this);
        }

        /** The adapter contract: a newly interesting room is read from a little before its latest version began. */
        @Override
        public void keyAdded(String roomId) {
            interested = true;
            floorVersion = world.headVersion();
            cursor = world.seekBack();
        }

        @Override
        public void keyRemoved(String roomId) {
            interested = false;
            world.paths.add("room forgotten");
        }

        void advance(int facts) {
            for (int i = 0; i < facts && interested && cursor < world.kafka.size(); i++) {
                fanout.deliver(ROOM, world.kafka.get(cursor++));
            }
        }
    }

    enum State { NEW, PENDING_SNAPSHOT, CATCHING_UP, STREAMING, DROPPED }

    /** What a client saw after one SNAPSHOT (version {@code version}; -1 before the first one). */
    static final class Segment {
        final long version;
        final List<Fact> received = new ArrayList<>();

        Segment(long version) {
            this.version = version;
        }
    }

    /** One session: its server side (node, outbox, catch-up) and its client's record. */
    static final class Session {
        final String id;
        State state = State.NEW;
        int node;
        SessionOutbox outbox;
        /** A dropped connection's outbox whose close has not reached the node yet, and that node. */
        SessionOutbox oldOutbox;
        int oldNode;
        Catchup.FromKafka catchup;
        final List<Fact> read = new ArrayList<>();
        /** Targeted facts decided after this offset must reach the client (the last time it needed a snapshot). */
        long targetedFloor = Long.MAX_VALUE;
        final List<Segment> segments = new ArrayList<>(List.of(new Segment(-1)));
        final List<Long> results = new ArrayList<>();
        /** Results received after the last DISPATCH before a drop: the resume may send them once more. */
        final Set<Long> unconfirmed = new HashSet<>();
        final List<String> history = new ArrayList<>();
        /**
         * Per resume: Kafka's end then and the highest version key of targeted facts it may skip. The
         * replay after a position follows the version the client holds, and a COMMAND_RESULT carries
         * the version of its decision: one decided below that version and lost with the connection
         * is not sent again (the client repeats the command with its nonce: protocol.md, "Resume").
         */
        final List<long[]> skippableResults = new ArrayList<>();
        /**
         * Kafka's end at the latest RESUME without seq (no DISPATCH since the snapshot), or that
         * ended in a fresh SNAPSHOT: results decided before it carry no position the client could
         * echo, so one may come again (a node that newly reads the room seeks back, or lags: the
         * join after the snapshot streams targeted facts from any offset) or, if lost with the
         * connection, not at all.
         */
        long unpositionedResultsBefore = -1;

        Session(String id) {
            this.id = id;
        }

        Segment segment() {
            return segments.getLast();
        }
    }

    static final class World {
        static final long LOG_AGE_MS = 500;
        static final long LINGER_MS = 300;

        final ManualClock clock = new ManualClock();
        final List<Fact> kafka = new ArrayList<>();
        final Map<Long, Fact> byOffset = new HashMap<>();
        /** The version key of each fact (2v, or 2v+1 for an unversioned fact seen at v): RoomLog's rule. */
        final Map<Long, Long> keys = new HashMap<>();
        final int seekBackVersions;
        final Node[] nodes = new Node[NODES];
        final Session[] sessions = new Session[SESSIONS];
        final Set<String> paths = new HashSet<>();
        long nextOffset = 1;
        long version;

        World(int logFacts, int seekBackVersions) {
            this.seekBackVersions = seekBackVersions;
            for (int i = 0; i < NODES; i++) {
                nodes[i] = new Node(this, logFacts);
            }
            for (int i = 0; i < SESSIONS; i++) {
                sessions[i] = new Session("s" + i);
            }
            write(0, 0, 0); // the room's first fact (RoomCreated) has version 1
            for (int i = 0; i < SESSIONS - 1; i++) { // the last one joins during the steps
                join(sessions[i], i % NODES);
                snapshot(sessions[i], 0);
            }
        }

        long headVersion() {
            return version;
        }

        /** Kafka's end offset: the next offset to be written. */
        long end() {
            return nextOffset;
        }

        /** Index of the first fact of the version {@code seekBackVersions} before the latest. */
        int seekBack() {
            long target = Math.max(1, version - seekBackVersions);
            for (int i = 0; i < kafka.size(); i++) {
                if (kafka.get(i).roomVersion() != null && kafka.get(i).roomVersion() == target) {
                    return i;
                }
            }
            return kafka.size();
        }

        void apply(Step s) {
            Session session = suited(s.kind(), s.a());
            switch (s.kind()) {
                case WRITE -> write(s.a() % 4, s.b(), s.c());
                case ADVANCE -> nodes[s.a() % NODES].advance(s.b() + 1);
                case CLOCK -> clock.advance(1 + s.a() * 60L + s.b() * 7L);
                case READ -> read(session, s.b());
                case JOIN -> join(session, s.b() % NODES);
                case DROP -> drop(session, s.b(), s.c() % 2 == 0);
                case CLOSE_OLD -> closeOld(session);
                case RESUME -> resume(session, s.b() % NODES);
                case CATCHUP -> catchup(session, s.b() % 4 != 0, s.c());
                case SNAPSHOT -> snapshot(session, s.b() % 3);
                case EXPIRE -> {
                    for (Node n : nodes) {
                        n.fanout.expireIdleRooms();
                    }
                }
            }
        }

        /**
         * kind 0: a new version; 1: another fact of the latest version; 2: unversioned; 3: targeted.
         * The facts of one command are contiguous: after an unversioned or targeted fact (another
         * command's), kind 1 starts a new version (an unversioned fact between two facts of one version is a limit of the position
         * rule, see the closing note of issue 10).
         */
        /** Session {@code a}, or the next one whose state the step applies to (so few steps are no-ops). */
        Session suited(Kind kind, int a) {
            State wanted = switch (kind) {
                case JOIN -> State.NEW;
                case DROP -> State.STREAMING;
                case RESUME, CLOSE_OLD -> State.DROPPED;
                case CATCHUP -> State.CATCHING_UP;
                case SNAPSHOT -> State.PENDING_SNAPSHOT;
                default -> null;
            };
            for (int i = 0; i < SESSIONS && wanted != null; i++) {
                Session candidate = sessions[(a + i) % SESSIONS];
                if (candidate.state == wanted) {
                    return candidate;
                }
            }
            return sessions[a % SESSIONS];
        }

        void write(int kind, int target, int gap) {
            if (kind == 1 && (kafka.getLast().roomVersion() == null || kafka.getLast().targetSessionId() != null)) {
                kind = 0;
            }
            long offset = nextOffset;
            nextOffset += 1 + gap % 3; // other rooms share the partition
            Fact f;
            long key;
            switch (kind) {
                case 0 -> {
                    version++;
                    f = Fact.broadcast(PARTITION, offset, version, Frame.text(Long.toString(offset)));
                    key = 2 * version;
                }
                case 1 -> {
                    f = Fact.broadcast(PARTITION, offset, version, Frame.text(Long.toString(offset)));
                    key = 2 * version;
                }
                case 2 -> {
                    f = Fact.broadcast(PARTITION, offset, null, Frame.text(Long.toString(offset)));
                    key = 2 * version + 1;
                }
                default -> {
                    f = Fact.targeted(PARTITION, offset, version, sessions[target % SESSIONS].id,
                        Frame.text(Long.toString(offset)));
                    key = 2 * version;
                }
            }
            kafka.add(f);
            byOffset.put(offset, f);
            keys.put(offset, key);
        }

        void read(Session s, int frames) {
            if (s.state == State.DROPPED || s.outbox == null) {
                return;
            }
            List<Frame> got = new ArrayList<>();
            s.outbox.drainTo(got, frames);
            for (Frame frame : got) {
                Fact f = byOffset.get(Long.parseLong(frame.asText()));
                if (f.targetSessionId() != null) {
                    assertThat(f.targetSessionId()).as("%s got another session's result %s", s.id, f.offset())
                        .isEqualTo(s.id);
                    if (!s.unconfirmed.remove(f.offset())) {
                        s.results.add(f.offset());
                    }
                }
                s.segment().received.add(f);
            }
        }

        void join(Session s, int node) {
            if (s.state != State.NEW) {
                return;
            }
            s.node = node;
            s.outbox = Fixtures.outbox(s.id);
            nodes[node].fanout.beginJoin(s.outbox, ROOM);
            needsSnapshot(s, "join on n" + node);
        }

        void needsSnapshot(Session s, String why) {
            if (s.state != State.NEW) {
                s.unpositionedResultsBefore = end();
            }
            s.state = State.PENDING_SNAPSHOT;
            s.targetedFloor = end() - 1;
            s.history.add(why + ": snapshot needed, targeted floor " + s.targetedFloor);
        }

        /** The connection is lost: the client keeps what it read, the rest of the outbox is lost. */
        void drop(Session s, int readFirst, boolean closeNow) {
            if (s.state != State.STREAMING) {
                return;
            }
            read(s, readFirst);
            closeOld(s);
            s.oldOutbox = s.outbox;
            s.oldNode = s.node;
            s.outbox = null;
            s.state = State.DROPPED;
            unconfirmResultsAfterLastDispatch(s);
            s.history.add("dropped on n" + s.oldNode + " at " + position(s) + (closeNow ? ", closed" : ""));
            if (closeNow) {
                closeOld(s);
            }
        }

        /**
         * Results after the last DISPATCH are not covered by the position (its seq): they may come
         * again, once. The same holds for results a pending session got before its SNAPSHOT: they
         * came as decided, possibly ahead of DISPATCHes the snapshot's replay then sends.
         */
        static void unconfirmResultsAfterLastDispatch(Session s) {
            List<Fact> seg = s.segment().received;
            int lastDispatch = -1;
            for (int i = 0; i < seg.size(); i++) {
                if (seg.get(i).targetSessionId() == null) {
                    lastDispatch = i;
                }
            }
            for (int i = lastDispatch + 1; i < seg.size(); i++) {
                s.unconfirmed.add(seg.get(i).offset());
            }
        }

        void closeOld(Session s) {
            if (s.oldOutbox != null) {
                nodes[s.oldNode].fanout.close(s.oldOutbox);
                s.oldOutbox = null;
            }
        }

        /** What a client sends in RESUME: its last DISPATCH (seq, epoch) and the version it holds. */
        Fanout.ResumePoint position(Session s) {
            Segment seg = s.segment();
            long seq = -1;
            long held = seg.version;
            for (Fact f : seg.received) {
                if (f.targetSessionId() == null) {
                    seq = f.offset();
                    if (f.roomVersion() != null) {
                        held = Math.max(held, f.roomVersion());
                    }
                }
            }
            return new Fanout.ResumePoint(seq >= 0 ? PARTITION : -1, seq, held);
        }

        void resume(Session s, int node) {
            if (s.state != State.DROPPED) {
                return;
            }
            s.node = node;
            s.outbox = Fixtures.outbox(s.id);
            Fanout.ResumePoint at = position(s);
            Map<String, Fanout.ResumePoint> points = new LinkedHashMap<>();
            points.put(ROOM, at);
            Catchup answer = nodes[node].fanout.resumeFrom(s.outbox, points).get(ROOM);
            s.history.add("resume on n" + node + " from " + at + ": " + answer);
            s.read.clear();
            paths.add(switch (answer) {
                case Catchup.Replayed r -> "resumed from the log";
                case Catchup.FromKafka k -> "from Kafka";
                case Catchup.SnapshotNeeded n -> "resume needed a snapshot";
            });
            if (at.lastOffset() < 0) {
                s.unpositionedResultsBefore = end();
            }
            s.skippableResults.add(new long[] {end(), at.lastOffset() < 0 ? 2 * at.version() : 2 * at.version() - 1});
            handle(s, answer);
        }

        void handle(Session s, Catchup answer) {
            switch (answer) {
                case Catchup.Replayed r -> s.state = State.STREAMING;
                case Catchup.SnapshotNeeded n -> needsSnapshot(s, "resume");
                case Catchup.FromKafka k -> {
                    s.state = State.CATCHING_UP;
                    s.catchup = k; // a second one: read on, keeping what was read
                }
            }
        }

        /** The catch-up read completes (reading up to the stop point, or {@code overshoot} past it), or Kafka refuses. */
        void catchup(Session s, boolean served, int overshoot) {
            if (s.state != State.CATCHING_UP) {
                return;
            }
            Fanout fanout = nodes[s.node].fanout;
            if (!served) {
                fanout.abandonCatchup(s.outbox, ROOM);
                paths.add("Kafka refused");
                needsSnapshot(s, "catch-up refused");
                return;
            }
            Catchup.FromKafka at = s.catchup;
            assertThat(at.partition()).isEqualTo(PARTITION);
            long stop = at.stopAtOffset() >= 0 ? Math.min(at.stopAtOffset(), end()) : end();
            long readUpTo = at.fromOffset() >= stop ? at.fromOffset() - 1 : Math.min(stop - 1 + overshoot, end() - 1);
            for (Fact f : kafka) {
                if (f.offset() >= at.fromOffset() && f.offset() <= readUpTo) {
                    s.read.add(f);
                }
            }
            Catchup answer = fanout.finishCatchup(s.outbox, ROOM, List.copyOf(s.read), readUpTo);
            s.history.add("catch-up read " + at + " up to " + readUpTo + ": " + answer);
            if (answer instanceof Catchup.FromKafka) {
                paths.add("read on");
            }
            handle(s, answer);
        }

        /** The adapter sends a SNAPSHOT (the read model, {@code lag} versions behind Kafka at most), then joins. */
        void snapshot(Session s, int lag) {
            if (s.state != State.PENDING_SNAPSHOT) {
                return;
            }
            Node node = nodes[s.node];
            long v = Math.max(Math.max(1, node.floorVersion), version - lag);
            read(s, Integer.MAX_VALUE); // frames queued before the SNAPSHOT come first
            unconfirmResultsAfterLastDispatch(s);
            s.segments.add(new Segment(v));
            Catchup answer = node.fanout.join(s.outbox, ROOM, v);
            s.history.add("snapshot " + v + " on n" + s.node + ": " + answer);
            if (answer instanceof Catchup.Replayed) {
                s.state = State.STREAMING;
            } else {
                paths.add("join needed a newer snapshot");
            }
        }

        /** Everyone comes back and every node reads to the end. */
        void settle() {
            for (int round = 0; round < 20; round++) {
                boolean all = true;
                for (Session s : sessions) {
                    switch (s.state) {
                        case NEW -> join(s, 0);
                        case DROPPED -> {
                            closeOld(s);
                            resume(s, s.node);
                        }
                        case CATCHING_UP -> catchup(s, true, 0);
                        case PENDING_SNAPSHOT -> {
                            nodes[s.node].advance(Integer.MAX_VALUE);
                            snapshot(s, 0);
                        }
                        case STREAMING -> { }
                    }
                    all &= s.state == State.STREAMING;
                }
                for (Node n : nodes) {
                    n.advance(Integer.MAX_VALUE);
                }
                if (all) {
                    break;
                }
            }
            for (Session s : sessions) {
                closeOld(s);
                read(s, Integer.MAX_VALUE);
            }
        }

        void check() {
            for (Session s : sessions) {
                String story = s.id + ": " + String.join("; ", s.history);
                assertThat(s.state).as(story).isEqualTo(State.STREAMING);
                for (int i = 1; i < s.segments.size(); i++) {
                    checkSegment(s.segments.get(i), i == s.segments.size() - 1, "snapshot " + i + " of " + story);
                }
                assertThat(s.results.stream().filter(r -> r >= s.unpositionedResultsBefore).toList())
                    .as("results of %s", story).doesNotHaveDuplicates();
                List<Long> due = kafka.stream()
                    .filter(f -> s.id.equals(f.targetSessionId()) && f.offset() > s.targetedFloor)
                    .filter(f -> f.offset() >= s.unpositionedResultsBefore)
                    .filter(f -> s.skippableResults.stream()
                        .noneMatch(r -> f.offset() < r[0] && keys.get(f.offset()) <= r[1]))
                    .map(Fact::offset).toList();
                assertThat(s.results).as("results of %s", story).containsAll(due);
            }
        }

        /**
         * The DISPATCHes after one SNAPSHOT of version V: those with a version key above 2V, in room
         * order, none twice, none skipped; all of them if {@code last}, else up to the last one
         * received. One leniency, the documented limit of the snapshot rule for facts outside the room
         * state: unversioned facts seen at V itself (key 2V + 1) that the node evicted before the join
         * may be missing, and only at the start.
         */
        void checkSegment(Segment seg, boolean last, String story) {
            List<Long> got = seg.received.stream().filter(f -> f.targetSessionId() == null).map(Fact::offset).toList();
            List<Long> expected = kafka.stream()
                .filter(f -> f.targetSessionId() == null && keys.get(f.offset()) > 2 * seg.version)
                .map(Fact::offset).toList();
            String what = "DISPATCHes after the SNAPSHOT (v" + seg.version + ") " + story;
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i)).as("in order, none twice: %s: %s", got, what).isGreaterThan(got.get(i - 1));
            }
            assertThat(expected).as("none it should not get: %s", what).containsAll(got);
            long first = got.isEmpty() ? Long.MAX_VALUE : got.getFirst();
            long upTo = last ? Long.MAX_VALUE : got.isEmpty() ? Long.MIN_VALUE : got.getLast();
            for (long missing : expected) {
                if (missing < upTo && !got.contains(missing)) {
                    assertThat(keys.get(missing) == 2 * seg.version + 1 && missing < first)
                        .as("fact %d missing (got %s, expected %s): %s", missing, got, expected, what).isTrue();
                }
            }
        }
    }
}
