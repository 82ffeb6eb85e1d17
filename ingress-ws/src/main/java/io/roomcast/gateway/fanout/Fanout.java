package io.roomcast.gateway.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The fan-out of one gateway node: which local sessions are in which room, and the ordered,
 * exactly-once delivery of each room's facts to them, with the snapshot-then-stream handshake and
 * RESUME (ARCHITECTURE.md, "Join" and "Resume"; issue 4, items 4 to 6).
 *
 * <h2>Delivery</h2>
 * {@link #deliver} appends the fact to the room's {@link RoomLog} and queues the <em>same</em>
 * {@link Frame} in the outbox of every session of the room (or only the target session). A fact at
 * or below the last offset of the room is a re-delivery and is dropped, so a consumer that rewinds
 * after a rebalance causes no duplicate. Facts of rooms with no local interest are dropped at once.
 *
 * <h2>Snapshot, then stream</h2>
 * <ol>
 *   <li>{@link #beginJoin} registers the session as <em>pending</em> in the room: the room becomes
 *       interesting (its partition gets assigned) and its facts are kept in the room log; a pending
 *       session gets only facts targeted at it (its commands' outcomes).</li>
 *   <li>The adapter fetches the snapshot (version V) from the read model.</li>
 *   <li>{@link #join} releases, under the room lock, the logged facts a holder of V lacks (versioned
 *       facts above V, unversioned ones seen at V or later), then streams live facts past the same
 *       filter. A snapshot newer than the log (the read model ahead of this node's consumer) simply
 *       skips the facts it already contains when they arrive. If the log cannot prove it holds all
 *       facts after V, the answer is {@link Catchup.SnapshotNeeded}: fetch a newer snapshot, call
 *       {@code join} again.</li>
 * </ol>
 * No fact is lost or doubled between snapshot and stream, because the replay and the switch to
 * live delivery happen under the lock {@code deliver} takes for that room.
 *
 * <h2>Resume</h2>
 * {@link #resumeFrom} answers per room: the facts after the client's last offset from the room log
 * (targeted facts only if addressed to this session id; broadcast facts its snapshot holds
 * skipped), then the live stream with facts at or below that offset skipped (the client may have
 * been ahead of this node); or
 * {@link Catchup.FromKafka} when the log does not reach back that far but the client gave its
 * position (epoch and seq): the session is <em>catching up</em> (it gets nothing live) while the
 * adapter reads the room's facts from Kafka after that position; {@link #finishCatchup} then queues
 * them and the log's facts after the last offset read, and switches to live delivery, all under the
 * room lock, so the log is the hand-over point: nothing is lost or doubled. If the log evicted past
 * the point read meanwhile, the answer is to read on ({@code FromKafka} again). Or
 * {@link Catchup.SnapshotNeeded} (no position, another epoch, or the adapter gave up the catch-up
 * with {@link #abandonCatchup}): the session is then pending, as after {@code beginJoin}; finish
 * with {@code join}. A session id already registered with another outbox is taken over: the old
 * outbox is closed and removed from its rooms.
 *
 * <h2>Locking</h2>
 * One {@link ReentrantLock} per room guards its log and member list; {@code deliver} (one consumer
 * thread per partition) and {@code beginJoin/join/resume/leave/close} (connection threads) take it.
 * No thread ever holds two room locks, so there is no lock-order deadlock. Under a room lock the
 * code only touches outboxes (a short monitor each, never blocking) and the listeners. Rooms of
 * different partitions fan out in parallel. Calls about one session are expected from its
 * connection's thread, one at a time.
 *
 * <h2>Memory</h2>
 * Per room: its log ({@link RoomLog.Limits}) and one small member record per local session. Per
 * session: its outbox ({@link SessionOutbox.Limits}); frames are shared, never copied. A session
 * whose outbox overflows is dropped from every room on the next fact of that room (its outbox
 * already refuses frames and holds none). A room without sessions keeps its log for
 * {@link Settings#roomLingerMs()} (a client back in time resumes from memory), then
 * {@link #expireIdleRooms()} forgets it.
 *
 * <h2>Adapter contract</h2>
 * When a room becomes interesting ({@link KeyInterestListener#keyAdded}), the Kafka adapter reads
 * its partition from a position at or before the first fact a joiner's snapshot may lack (seeking
 * back by the log's age limit is enough while the read model lags less than that) and delivers in
 * partition order; re-delivered facts are ignored.
 */
public final class Fanout {
    /**
     * Node-wide fan-out settings.
     *
     * @param roomLog      bounds of each room's log
     * @param roomLingerMs how long a room without local sessions keeps its log and interest, ms (at least 0)
     */
    public record Settings(RoomLog.Limits roomLog, long roomLingerMs) {
        /** {@link RoomLog.Limits#DEFAULT}, 60 s linger (above the 45 s presence deadline). */
        public static final Settings DEFAULT = new Settings(RoomLog.Limits.DEFAULT, 60_000);

        /** @throws IllegalArgumentException if {@code roomLingerMs} is negative */
        public Settings {
            Objects.requireNonNull(roomLog, "roomLog");
            if (roomLingerMs < 0) {
                throw new IllegalArgumentException("roomLingerMs must be >= 0, was " + roomLingerMs);
            }
        }
    }

    /** How a join or a resume of one room was answered. */
    public sealed interface Catchup {
        /** @param facts facts queued from the room log before the live stream (0 or more) */
        record Replayed(int facts) implements Catchup {}

        /** The log does not hold everything the client lacks: send a (newer) snapshot, then {@link #join}. */
        record SnapshotNeeded() implements Catchup {}

        /**
         * RESUME only: the log no longer (or not yet) holds the client's position, Kafka may. The
         * session is <em>catching up</em>: it gets nothing live (not even targeted facts) until the
         * adapter reads the room's facts of {@code partition} from {@code fromOffset} on and hands
         * them to {@link #finishCatchup}, or gives up with {@link #abandonCatchup} (then a fresh
         * snapshot and {@link #join}).
         *
         * @param partition    room-events partition to read (the client's epoch)
         * @param fromOffset   first offset to read, at least 0
         * @param stopAtOffset the reader may stop before this offset (the log's oldest fact: the log
         *                     has the rest), -1 to read up to the partition's end
         */
        record FromKafka(int partition, long fromOffset, long stopAtOffset) implements Catchup {}
    }

    private static final Catchup.SnapshotNeeded SNAPSHOT_NEEDED = new Catchup.SnapshotNeeded();
    private static final long NONE = Long.MIN_VALUE;

    private final Settings settings;
    private final LongSupplier clockMs;
    private final FanoutMetrics metrics;
    private final KeyInterestListener interest;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SessionEntry> sessions = new ConcurrentHashMap<>();

    /**
     * @param settings log bounds and room linger
     * @param clockMs  node clock, epoch ms (log age, linger)
     * @param metrics  metrics hooks, or {@link FanoutMetrics#NONE}
     * @param interest told when rooms gain or lose local interest, or {@link KeyInterestListener#NONE}
     */
    public Fanout(Settings settings, LongSupplier clockMs, FanoutMetrics metrics, KeyInterestListener interest) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.interest = Objects.requireNonNull(interest, "interest");
    }

    /**
     * Fans out the next fact of {@code roomId}, in room order: call from the consumer thread of the
     * room's partition, in partition order.
     *
     * @return frames queued (sessions reached); 0 if the room has no local interest, the fact is a
     *         re-delivery, or no session wanted it
     */
    public int deliver(String roomId, Fact fact) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return 0;
        }
        room.lock.lock();
        try {
            if (room.removed || !room.log.append(fact)) {
                return 0;
            }
            int frames = 0;
            Member decided = decide(room, fact);
            if (fact.targetSessionId() != null) {
                Member m = room.bySession.get(fact.targetSessionId());
                if (m != null && m != decided && !m.catchingUp && fact.offset() > m.minOffset) {
                    frames = offerOrDrop(room, m, fact.frame()) ? 1 : 0;
                }
            } else {
                long key = room.log.lastKey();
                long offset = fact.offset();
                Frame frame = fact.frame();
                // Backwards, so that dropping a slow member (swap with the last one) skips nobody.
                for (int i = room.count - 1; i >= 0; i--) {
                    Member m = room.members[i];
                    if (m.pending || key <= m.minKey || offset <= m.minOffset) {
                        continue;
                    }
                    if (offerOrDrop(room, m, frame)) {
                        frames++;
                    }
                }
            }
            if (fact.membership() != null) {
                removeLeavers(room, fact);
            }
            metrics.factDelivered(roomId, frames);
            return frames;
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Step 1 of joining: the session will be in {@code roomId}; call before fetching the snapshot so
     * the room's facts are kept meanwhile. Idempotent; a no-op if the session already streams the room.
     */
    public void beginJoin(SessionOutbox session, String roomId) {
        SessionEntry entry = register(session);
        Room room = lockRoom(roomId);
        try {
            memberOf(room, entry);
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * A client command for a room the session does not receive (a {@code join}, or any command for a
     * room it is not in): the session becomes pending in the room (the room becomes interesting, its
     * facts are kept) and the fact that decides the command (the first fact of the room carrying its
     * sender, the session's user, and {@code nonce}: an applied fact, or the targeted CommandRejected /
     * CommandDuplicate) is handed to {@code onDecision} instead of being queued, under the room lock and
     * in room order (so {@code onDecision} must not block: hand it to another thread). The adapter then
     * sends what the decision calls for (for a join: SNAPSHOT and COMMAND_RESULT, or the result alone)
     * and finishes with {@link #join} or {@link #leave}.
     *
     * <p>A session streaming the room gets the decision as facts do; but if the fact removing its user comes
     * first (a kicked or banned user joining again before this node saw the kick), the session stops
     * streaming there and, still in the room as pending, gets the decision handed to {@code onDecision} as
     * a joiner does. Without it that decision would come after the session's last fact of the room: the
     * command would never be answered.
     *
     * @return true if the session now awaits the decision; false if it is already in the room (streaming,
     *     or pending for an earlier command): the decision then reaches it as facts do
     */
    public boolean awaitDecision(SessionOutbox session, String roomId, String nonce, Consumer<Fact> onDecision) {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(onDecision, "onDecision");
        SessionEntry entry = register(session);
        Room room = lockRoom(roomId);
        try {
            Member existing = room.bySession.get(session.sessionId());
            if (existing != null && existing.entry == entry) {
                if (!existing.pending && !existing.catchingUp) {
                    String key = decisionKey(session.userId(), nonce);
                    if (existing.undecided == null) {
                        existing.undecided = new HashMap<>();
                    }
                    existing.undecided.put(key, onDecision);
                    room.awaitingDecision.put(key, existing);
                }
                return false;
            }
            Member m = memberOf(room, entry);
            String key = decisionKey(session.userId(), nonce);
            m.awaitedDecision = key;
            m.onDecision = onDecision;
            room.awaitingDecision.put(key, m);
            return true;
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Gives up waiting for the decision of the session's command {@code nonce} (no decision in time):
     * the session leaves the room. A decision that comes later is ignored.
     *
     * A command of a session streaming the room is only forgotten (the session streams on), unless the session
     * stopped streaming while it was undecided: then, once none of its commands is left undecided, it leaves.
     *
     * @return true if the command was still undecided (the caller tells the client), false if it was
     *     decided meanwhile (the decision was handed over) or never awaited, or the session streams the room
     */
    public boolean cancelDecision(SessionOutbox session, String roomId, String nonce) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return false;
        }
        room.lock.lock();
        try {
            String key = decisionKey(session.userId(), nonce);
            Member m = room.awaitingDecision.get(key);
            if (m == null || m.entry.outbox != session) {
                return false;
            }
            if (m.undecided != null && m.undecided.remove(key) != null) {
                room.awaitingDecision.remove(key, m);
                if (!m.pending) {
                    return false;
                }
                if (m.undecided.isEmpty()) {
                    removeMember(room, m);
                }
                return true;
            }
            if (!m.pending) { // it streams the room now (a RESUME of it finished meanwhile): it streams on
                room.awaitingDecision.remove(key, m);
                m.awaitedDecision = null;
                m.onDecision = null;
                return false;
            }
            removeMember(room, m);
            return true;
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Step 2 of joining: the session received the room snapshot of version {@code snapshotVersion};
     * queue the facts it lacks and stream the rest. Works without {@link #beginJoin} too (then facts
     * that arrived before this call but were not kept, because the room had no interest, are missed
     * unless the adapter contract holds).
     *
     * @param snapshotVersion RoomSnapshot.version of the snapshot sent to the client, at least 0
     * @return {@link Catchup.Replayed} (now streaming) or {@link Catchup.SnapshotNeeded} (still
     *         pending: fetch a newer snapshot and call again)
     * @throws IllegalStateException if this session already streams this room
     */
    public Catchup join(SessionOutbox session, String roomId, long snapshotVersion) {
        SessionEntry entry = register(session);
        Room room = lockRoom(roomId);
        try {
            Member m = memberOf(room, entry);
            if (!m.pending) {
                throw new IllegalStateException("session " + session.sessionId() + " already streams room " + roomId);
            }
            m.catchingUp = false;
            if (!(room.log.afterSnapshot(snapshotVersion) instanceof RoomLog.Replay.Facts replay)) {
                metrics.joinServed(roomId, false, 0);
                return SNAPSHOT_NEEDED;
            }
            // Targeted facts were given to the pending session as they came (or predate it).
            List<Fact> facts = new ArrayList<>(replay.facts().size());
            for (Fact f : replay.facts()) {
                if (f.targetSessionId() == null) {
                    facts.add(f);
                }
            }
            Catchup c = startStreaming(room, m, facts, 2 * snapshotVersion, NONE, false);
            if (c instanceof Catchup.Replayed) {
                room.log.trustStreamAfter(snapshotVersion);
            }
            return c;
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Where a resuming client is in one room, as the protocol's RoomPosition says it.
     *
     * @param epoch      partition of the last DISPATCH processed (its epoch), -1 if unknown; another
     *                   partition than this node's (the topic was repartitioned) needs a snapshot
     * @param lastOffset seq (offset) of the last DISPATCH processed, -1 if none since the snapshot
     * @param version    room version of the state the client holds (last SNAPSHOT or DISPATCH), -1
     *                   if unknown; lets a client that has processed no fact yet resume from memory
     *                   and keeps facts held by a snapshot newer than this node's stream from being
     *                   sent twice (see {@link RoomLog#since(long, long)})
     */
    public record ResumePoint(int epoch, long lastOffset, long version) {}

    /**
     * RESUME by offsets only: {@link #resumeFrom} with epochs and versions unknown.
     *
     * @param lastOffsets roomId to the offset of the last fact the client received, -1 if none
     */
    public Map<String, Catchup> resume(SessionOutbox session, Map<String, Long> lastOffsets) {
        Map<String, ResumePoint> points = new LinkedHashMap<>();
        lastOffsets.forEach((room, offset) -> points.put(room, new ResumePoint(-1, offset, -1)));
        return resumeFrom(session, points);
    }

    /**
     * RESUME: for each room, queue exactly the facts the client lacks and stream the rest, or answer
     * that a snapshot is needed. Rooms are handled one after the other, each atomically; the answers
     * come in the map's iteration order.
     *
     * @param points roomId to where the client is in it
     * @return roomId to its answer
     * @throws IllegalStateException if this outbox already streams one of the rooms
     */
    public Map<String, Catchup> resumeFrom(SessionOutbox session, Map<String, ResumePoint> points) {
        SessionEntry entry = register(session);
        Map<String, Catchup> out = new LinkedHashMap<>();
        for (Map.Entry<String, ResumePoint> e : points.entrySet()) {
            String roomId = e.getKey();
            ResumePoint point = e.getValue();
            Room room = lockRoom(roomId);
            try {
                Member m = memberOf(room, entry);
                if (!m.pending) {
                    throw new IllegalStateException("session " + session.sessionId() + " already streams room " + roomId);
                }
                boolean otherEpoch = point.epoch() >= 0 && room.log.partition() >= 0
                    && point.epoch() != room.log.partition();
                boolean positioned = point.epoch() >= 0 && point.lastOffset() >= 0;
                // A log that has seen no fact cannot vouch for the client's position: Kafka can.
                boolean unknown = positioned && room.log.lastOffset() < 0;
                if (otherEpoch || unknown
                    || !(room.log.since(point.lastOffset(), point.version()) instanceof RoomLog.Replay.Facts replay)) {
                    out.put(roomId, otherEpoch || !positioned ? snapshotNeeded(roomId) : startCatchup(room, m, point));
                    continue;
                }
                List<Fact> facts = new ArrayList<>(replay.facts().size());
                for (Fact f : replay.facts()) {
                    if (f.isFor(session.sessionId())) {
                        facts.add(f);
                    }
                }
                // The live filter continues the replay's rule (RoomLog.since(long, long)).
                long minKey = point.version() < 0 ? NONE
                    : point.lastOffset() < 0 ? 2 * point.version() : 2 * point.version() - 1;
                out.put(roomId, startStreaming(room, m, facts, minKey, point.lastOffset(), true));
            } finally {
                room.lock.unlock();
            }
        }
        return out;
    }

    /**
     * Ends a catch-up ({@link Catchup.FromKafka}): the adapter read every fact of the partition up
     * to {@code readUpTo} from the client's position on, and these are the room's among them. Under
     * the room lock, if the log holds every fact after {@code readUpTo} (it evicted none of them),
     * queues the read facts the session lacks, then the log's facts after {@code readUpTo}, and
     * streams the rest: no gap and no duplicate. If the log evicted past {@code readUpTo} meanwhile,
     * the answer is another {@link Catchup.FromKafka} from {@code readUpTo + 1}: read on and call
     * again with all the facts read so far. A replay the outbox cannot hold is
     * {@link Catchup.SnapshotNeeded} (the session is then pending: fresh snapshot, {@link #join}).
     *
     * @param facts    the room's facts read, in offset order, from the client's position on (targeted
     *                 facts of other sessions are skipped here)
     * @param readUpTo highest offset the reader has seen
     * @return the answer; {@link Catchup.SnapshotNeeded} also if the session is no longer catching up
     *         in this room (it left or was closed)
     */
    public Catchup finishCatchup(SessionOutbox session, String roomId, List<Fact> facts, long readUpTo) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return SNAPSHOT_NEEDED;
        }
        room.lock.lock();
        try {
            Member m = catchingUp(room, session);
            if (m == null) {
                return SNAPSHOT_NEEDED;
            }
            if (!(room.log.afterRead(readUpTo, m.resumeVersion) instanceof RoomLog.Replay.Facts fromLog)) {
                return new Catchup.FromKafka(room.log.partition(), readUpTo + 1, room.log.firstOffset());
            }
            List<Fact> replay = new ArrayList<>(facts.size() + fromLog.facts().size());
            long lastVersion = NONE;
            for (Fact f : facts) {
                lastVersion = f.roomVersion() == null ? lastVersion : f.roomVersion();
                boolean held = m.resumeVersion >= 0 && lastVersion != NONE && lastVersion < m.resumeVersion;
                if (f.offset() > m.minOffset && f.offset() <= readUpTo && f.isFor(session.sessionId()) && !held) {
                    replay.add(f);
                }
            }
            for (Fact f : fromLog.facts()) {
                if (f.isFor(session.sessionId())) {
                    replay.add(f);
                }
            }
            m.catchingUp = false;
            long minKey = m.resumeVersion < 0 ? NONE : 2 * m.resumeVersion - 1;
            return startStreaming(room, m, replay, minKey, Math.max(m.minOffset, readUpTo), true);
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Gives up a catch-up (the gap is too old or too large for Kafka, or reading failed): the session
     * is pending, as after {@link Catchup.SnapshotNeeded}; send a fresh snapshot and {@link #join}.
     * Targeted facts held during the catch-up that the log still has are queued now. No-op if the
     * session is not catching up in this room.
     */
    public void abandonCatchup(SessionOutbox session, String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return;
        }
        room.lock.lock();
        try {
            Member m = catchingUp(room, session);
            if (m == null) {
                return;
            }
            m.catchingUp = false;
            for (Fact f : room.log.keptAbove(m.minOffset)) {
                if (f.targetSessionId() != null && f.isFor(session.sessionId()) && !offerOrDrop(room, m, f.frame())) {
                    return;
                }
            }
            metrics.resumeServed(roomId, false, 0);
        } finally {
            room.lock.unlock();
        }
    }

    /** The session leaves {@code roomId} (no more frames of it). No-op if it was not in the room. */
    public void leave(SessionOutbox session, String roomId) {
        SessionEntry entry = sessions.get(session.sessionId());
        if (entry == null || entry.outbox != session) {
            return;
        }
        Room room = rooms.get(roomId);
        if (room != null) {
            room.lock.lock();
            try {
                Member m = room.bySession.get(session.sessionId());
                if (m != null && m.entry == entry) {
                    removeMember(room, m);
                }
            } finally {
                room.lock.unlock();
            }
        }
    }

    /**
     * The connection is gone: the session leaves every room, its outbox is closed and it is
     * forgotten. Idempotent. (A later RESUME of the same session id comes with a new outbox.)
     */
    public void close(SessionOutbox session) {
        session.close();
        SessionEntry entry = sessions.get(session.sessionId());
        if (entry != null && entry.outbox == session && sessions.remove(session.sessionId(), entry)) {
            detach(entry);
        }
    }

    /**
     * Forgets rooms that have had no local session for {@link Settings#roomLingerMs()}; call
     * periodically (e.g. every second).
     *
     * @return the number of rooms forgotten
     */
    public int expireIdleRooms() {
        long now = clockMs.getAsLong();
        int n = 0;
        for (Room room : rooms.values()) {
            room.lock.lock();
            try {
                if (!room.removed && room.count == 0 && room.emptySinceMs != NONE
                    && now - room.emptySinceMs >= settings.roomLingerMs()) {
                    removeRoom(room);
                    n++;
                }
            } finally {
                room.lock.unlock();
            }
        }
        return n;
    }

    /** Rooms with local interest now (sessions, pending sessions, or lingering): a copy. */
    public Set<String> interestingRooms() {
        return Set.copyOf(rooms.keySet());
    }

    /**
     * Whether {@code session} streams {@code roomId} live already (not pending, not catching up): a SNAPSHOT of the
     * room would be a second one, possibly older than facts it was sent.
     */
    public boolean streams(SessionOutbox session, String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return false;
        }
        room.lock.lock();
        try {
            Member m = room.bySession.get(session.sessionId());
            return m != null && m.entry.outbox == session && !m.pending;
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * The latest room version this node's stream has seen of {@code roomId}: a state at least this new
     * is what the node's sessions may already hold (e.g. a ban they were sent).
     *
     * @return the version, or -1 if the room has no local interest or no versioned fact was seen yet
     */
    public long seenVersion(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return -1;
        }
        room.lock.lock();
        try {
            return room.log.lastVersion();
        } finally {
            room.lock.unlock();
        }
    }

    /**
     * Queues {@code frame}, a frame of the node and not a fact (no offset, not logged, never replayed), to every
     * session streaming {@code roomId} (not to pending or catching-up ones), under the room lock, so it comes
     * between two of the room's facts.
     *
     * @return sessions reached (0 if the room has no local session)
     */
    public int broadcast(String roomId, Frame frame) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return 0;
        }
        room.lock.lock();
        try {
            int frames = 0;
            for (int i = room.count - 1; i >= 0; i--) {
                Member m = room.members[i];
                if (!m.pending && offerOrDrop(room, m, frame)) {
                    frames++;
                }
            }
            return frames;
        } finally {
            room.lock.unlock();
        }
    }

    /** Local sessions in {@code roomId} (pending or streaming). */
    public int sessionsIn(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return 0;
        }
        room.lock.lock();
        try {
            return room.count;
        } finally {
            room.lock.unlock();
        }
    }

    /** Sessions registered on this node. */
    public int sessionCount() {
        return sessions.size();
    }

    // ---- internals ------------------------------------------------------------------------------

    /** The registry entry of {@code outbox}, taking over (closing) another outbox with the same session id. */
    private SessionEntry register(SessionOutbox outbox) {
        SessionEntry fresh = null;
        while (true) {
            SessionEntry current = sessions.get(outbox.sessionId());
            if (current != null && current.outbox == outbox) {
                return current;
            }
            if (fresh == null) {
                fresh = new SessionEntry(outbox);
            }
            boolean won = current == null
                ? sessions.putIfAbsent(outbox.sessionId(), fresh) == null
                : sessions.replace(outbox.sessionId(), current, fresh);
            if (won) {
                if (current != null) {
                    current.outbox.close();
                    detach(current);
                }
                return fresh;
            }
        }
    }

    /** Removes the entry's outbox from each of its rooms, one room lock at a time. */
    private void detach(SessionEntry entry) {
        for (String roomId : entry.rooms) {
            Room room = rooms.get(roomId);
            if (room == null) {
                continue;
            }
            room.lock.lock();
            try {
                Member m = room.bySession.get(entry.outbox.sessionId());
                if (m != null && m.entry == entry) {
                    removeMember(room, m);
                }
            } finally {
                room.lock.unlock();
            }
        }
    }

    /** The room, created if needed (telling the interest listener), returned locked and not removed. */
    private Room lockRoom(String roomId) {
        while (true) {
            Room room = rooms.get(roomId);
            if (room == null) {
                Room fresh = new Room(new RoomLog(settings.roomLog(), clockMs));
                fresh.lock.lock();
                room = rooms.putIfAbsent(roomId, fresh);
                if (room == null) {
                    fresh.roomId = roomId;
                    interest.keyAdded(roomId);
                    return fresh;
                }
                fresh.lock.unlock();
            }
            room.lock.lock();
            if (!room.removed) {
                return room;
            }
            room.lock.unlock();
        }
    }

    /** The session's member record in the locked room: existing, or new and pending. */
    private Member memberOf(Room room, SessionEntry entry) {
        String sessionId = entry.outbox.sessionId();
        Member m = room.bySession.get(sessionId);
        if (m != null && m.entry != entry) {
            removeMember(room, m); // a taken-over outbox not yet detached
            m = null;
        }
        if (m == null) {
            m = new Member(entry);
            room.add(m);
            room.bySession.put(sessionId, m);
            room.emptySinceMs = NONE;
            entry.rooms.add(room.roomId);
        }
        return m;
    }

    /** Queues the replay into the locked room's pending member and switches it to live delivery. */
    private Catchup startStreaming(Room room, Member m, List<Fact> facts, long minKey, long minOffset, boolean resume) {
        long bytes = 0;
        for (Fact f : facts) {
            bytes += f.frame().sizeBytes();
        }
        if (!m.entry.outbox.fits(facts.size(), bytes)) {
            // A replay the outbox cannot hold would only get the session dropped: a snapshot is cheaper.
            report(room.roomId, resume, false, 0);
            return SNAPSHOT_NEEDED;
        }
        for (Fact f : facts) {
            if (!offerOrDrop(room, m, f.frame())) {
                report(room.roomId, resume, false, 0);
                return SNAPSHOT_NEEDED;
            }
        }
        m.pending = false;
        m.minKey = minKey;
        m.minOffset = minOffset;
        report(room.roomId, resume, true, facts.size());
        for (Fact f : facts) {
            if (f.removes(m.entry.outbox.userId())) {
                removeMember(room, m); // it got the fact that removed its user: nothing of the room after it
                break;
            }
        }
        return new Catchup.Replayed(facts.size());
    }

    private Catchup snapshotNeeded(String roomId) {
        metrics.resumeServed(roomId, false, 0);
        return SNAPSHOT_NEEDED;
    }

    /** Marks the locked room's pending member as catching up from Kafka after the client's position. */
    private Catchup startCatchup(Room room, Member m, ResumePoint point) {
        m.catchingUp = true;
        m.minOffset = point.lastOffset();
        m.resumeVersion = point.version();
        return new Catchup.FromKafka(point.epoch(), point.lastOffset() + 1, room.log.firstOffset());
    }

    /** The session's member in the locked room if it is catching up, else null. */
    private Member catchingUp(Room room, SessionOutbox session) {
        Member m = room.bySession.get(session.sessionId());
        return m != null && m.entry.outbox == session && m.catchingUp ? m : null;
    }

    private void report(String roomId, boolean resume, boolean fromBuffer, int replayed) {
        if (resume) {
            metrics.resumeServed(roomId, fromBuffer, replayed);
        } else {
            metrics.joinServed(roomId, fromBuffer, replayed);
        }
    }

    /** Offers a frame; a dead outbox (slow or closed) is removed from the locked room. */
    private boolean offerOrDrop(Room room, Member m, Frame frame) {
        if (m.entry.outbox.offer(frame)) {
            return true;
        }
        if (m.entry.outbox.isSlow() && m.entry.slowReported.compareAndSet(false, true)) {
            metrics.slowSessionDropped(m.entry.outbox.sessionId());
        }
        removeMember(room, m);
        return false;
    }

    /**
     * If {@code fact} decides a join awaited in the locked room, hands it to the joiner's callback and
     * returns that member (it gets the fact from the adapter, not from the fan-out); else null, also when that
     * member streams the room by now (it gets the fact from the fan-out).
     */
    private static Member decide(Room room, Fact fact) {
        if (fact.decision() == null || room.awaitingDecision.isEmpty()) {
            return null;
        }
        String key = decisionKey(fact.decision().userId(), fact.decision().nonce());
        Member m = room.awaitingDecision.remove(key);
        if (m == null) {
            return null;
        }
        Consumer<Fact> sentWhileStreaming = m.undecided == null ? null : m.undecided.remove(key);
        if (sentWhileStreaming != null) {
            if (!m.pending) {
                return null; // still streaming: the fact reaches it as any other
            }
            sentWhileStreaming.accept(fact);
            return m;
        }
        Consumer<Fact> onDecision = m.onDecision;
        m.awaitedDecision = null;
        m.onDecision = null;
        if (!m.pending) {
            // It streams the room now: a RESUME naming the room finished while the command awaited its decision
            // (a joiner's SNAPSHOT here would be a second one, maybe older than facts already sent, and a leave
            // would end the stream; found by the chaos run, issue 19). The fact reaches it as any other.
            return null;
        }
        onDecision.accept(fact);
        return m;
    }

    /**
     * After a fact that ends the room or removes a user from it: its streaming sessions stop receiving it. One
     * with commands still undecided stays, pending, for their decisions ({@link #awaitDecision}).
     */
    private void removeLeavers(Room room, Fact fact) {
        for (int i = room.count - 1; i >= 0; i--) {
            Member m = room.members[i];
            if (!m.pending && fact.removes(m.entry.outbox.userId())) {
                if (m.undecided != null && !m.undecided.isEmpty()) {
                    m.pending = true;
                } else {
                    removeMember(room, m);
                }
            }
        }
    }

    private static String decisionKey(String userId, String nonce) {
        return userId + '\u0000' + nonce;
    }

    private void removeMember(Room room, Member m) {
        if (m.awaitedDecision != null) {
            room.awaitingDecision.remove(m.awaitedDecision, m);
            m.awaitedDecision = null;
            m.onDecision = null;
        }
        if (m.undecided != null) {
            m.undecided.keySet().forEach(key -> room.awaitingDecision.remove(key, m));
            m.undecided = null;
        }
        room.remove(m);
        room.bySession.remove(m.entry.outbox.sessionId(), m);
        m.entry.rooms.remove(room.roomId);
        if (room.count == 0) {
            if (settings.roomLingerMs() == 0) {
                removeRoom(room);
            } else {
                room.emptySinceMs = clockMs.getAsLong();
            }
        }
    }

    private void removeRoom(Room room) {
        room.removed = true;
        rooms.remove(room.roomId, room);
        interest.keyRemoved(room.roomId);
    }

    /** One room on this node; every field is guarded by {@link #lock}. */
    private static final class Room {
        final ReentrantLock lock = new ReentrantLock();
        final RoomLog log;
        final HashMap<String, Member> bySession = new HashMap<>();
        /** Joins awaiting their decision, by user and nonce ({@link #decisionKey}). */
        final HashMap<String, Member> awaitingDecision = new HashMap<>();
        String roomId;
        Member[] members = new Member[4];
        int count;
        boolean removed;
        long emptySinceMs = NONE;

        Room(RoomLog log) {
            this.log = log;
        }

        void add(Member m) {
            if (count == members.length) {
                members = Arrays.copyOf(members, count * 2);
            }
            m.index = count;
            members[count++] = m;
        }

        /** Swap-remove: O(1); the order of members does not matter (each gets facts in room order). */
        void remove(Member m) {
            int i = m.index;
            if (i < 0 || i >= count || members[i] != m) {
                return;
            }
            Member last = members[--count];
            members[i] = last;
            last.index = i;
            members[count] = null;
            m.index = -1;
        }
    }

    /** A session in one room: pending (waiting for its snapshot) or streaming past its filter. */
    private static final class Member {
        final SessionEntry entry;
        int index = -1;
        boolean pending = true;
        /** Skip broadcast facts whose version key is at or below this (2V for a snapshot of version V). */
        long minKey = NONE;
        /** Skip facts at or below this offset (the client's last offset on RESUME). */
        long minOffset = NONE;
        /** Catching up from Kafka ({@link Catchup.FromKafka}): pending, and not even targeted facts go live. */
        boolean catchingUp;
        /** While catching up: the room version the client holds, -1 if unknown. */
        long resumeVersion = -1;
        /** The join decision this pending member awaits ({@link #decisionKey}), or null. */
        String awaitedDecision;
        /** Who takes that decision. */
        Consumer<Fact> onDecision;
        /**
         * Commands sent while streaming and not decided yet ({@link #decisionKey}), with who takes each decision
         * if the member stops streaming first; null if none.
         */
        Map<String, Consumer<Fact>> undecided;

        Member(SessionEntry entry) {
            this.entry = entry;
        }
    }

    /** A registered session: its outbox and the rooms it is in (for close and takeover). */
    private static final class SessionEntry {
        final SessionOutbox outbox;
        final Set<String> rooms = ConcurrentHashMap.newKeySet();
        final AtomicBoolean slowReported = new AtomicBoolean();

        SessionEntry(SessionOutbox outbox) {
            this.outbox = outbox;
        }
    }
}
