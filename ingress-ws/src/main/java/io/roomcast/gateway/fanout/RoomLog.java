package io.roomcast.gateway.fanout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The recent facts of one room on this gateway node, in room order: what RESUME and the
 * snapshot-then-stream handshake replay from. Bounded by count, bytes and age ({@link Limits});
 * the oldest facts are evicted first.
 *
 * <p><b>What the log can prove.</b> The log holds every fact {@link #append appended} since it was
 * created, minus the evicted prefix. Facts from before its creation are unknown. So:
 * <ul>
 *   <li>{@link #since(long)} (RESUME, by offset) is exact when the client's last offset is at or
 *       after the newest evicted fact, or, if nothing was evicted yet, at or after the first fact
 *       this log saw; else it is a {@link Replay.Gap}.</li>
 *   <li>{@link #afterSnapshot(long)} (join, by snapshot version V) is exact when no fact of a
 *       version above V can be missing: V is at least the version of the newest evicted fact and at
 *       least the version of the first versioned fact this log saw (facts of that version may
 *       precede it), unless a join on the empty log already trusted the stream after an older
 *       snapshot. An empty log that never saw a fact trusts the stream to come (see
 *       {@link Fanout}'s adapter contract).</li>
 *   <li>{@link #since(long, long)} (RESUME by offset and version, the protocol's RoomPosition)
 *       is exact if either rule holds.</li>
 * </ul>
 *
 * <p><b>Versions.</b> A fact with {@code roomVersion == null} (e.g. SpeakingChanged, not part of
 * any snapshot) belongs to the latest version seen before it: it happened <em>after</em> the state
 * of that version, so a joiner holding a snapshot of that version still gets it. A joiner holding
 * snapshot V gets versioned facts with {@code roomVersion > V} and unversioned facts seen when the
 * room was at version V or later.
 *
 * <p>Not thread-safe: {@link Fanout} guards each room's log with that room's lock.
 */
public final class RoomLog {
    /**
     * How much of a room's recent stream a node keeps for resume and join.
     *
     * @param maxFacts at most this many facts (at least 1)
     * @param maxBytes at most this many frame bytes in total (at least 1); a single larger frame is
     *                 still kept until the next append
     * @param maxAgeMs facts older than this (node clock, ms since appended) are evicted; at least 1
     */
    public record Limits(int maxFacts, long maxBytes, long maxAgeMs) {
        /** 1,024 facts, 1 MiB, 120 s: longer than the 45 s presence deadline, so a client back in time resumes from memory. */
        public static final Limits DEFAULT = new Limits(1024, 1L << 20, 120_000);

        /** @throws IllegalArgumentException if a limit is below 1 */
        public Limits {
            if (maxFacts < 1 || maxBytes < 1 || maxAgeMs < 1) {
                throw new IllegalArgumentException("room log limits must be >= 1: " + maxFacts + " facts, "
                    + maxBytes + " bytes, " + maxAgeMs + " ms");
            }
        }
    }

    /** The answer of a replay: exactly the facts asked for, or a gap (the client needs a fresh snapshot). */
    public sealed interface Replay {
        /** @param facts the facts after the given point, in room order (may be empty) */
        record Facts(List<Fact> facts) implements Replay {
            public Facts {
                facts = List.copyOf(facts);
            }
        }

        /** The log no longer (or never did) hold everything after the given point. */
        record Gap() implements Replay {}
    }

    private static final Replay.Gap GAP = new Replay.Gap();
    private static final long NONE = Long.MIN_VALUE;

    /**
     * One kept fact. {@code key} places it among versions: 2v for a fact of version v, 2v+1 for an
     * unversioned fact seen at version v (NONE before any version). Keys are not monotone (a
     * rejection of version v may follow an unversioned fact seen at v), but {@code seenVersion}, the
     * latest version seen when the fact was appended, is: replays binary-search on it, then filter.
     */
    private record Entry(Fact fact, long key, long seenVersion, long appendedAtMs) {}

    private final Limits limits;
    private final LongSupplier clockMs;

    private Entry[] ring = new Entry[16];
    private int head;
    private int size;
    private long bytes;

    private int partition = -1;
    private long lastOffset = -1;
    /** Latest roomVersion seen (NONE before the first versioned fact). */
    private long lastVersion = NONE;
    /** since(L) is exact iff L >= resumeFloor (Long.MAX_VALUE: nothing known yet). */
    private long resumeFloor = Long.MAX_VALUE;
    /** Offset of the newest evicted fact (-1: none evicted since the log started). */
    private long evictedThrough = -1;
    /** afterSnapshot(V) is exact iff V >= joinFloor (NONE: trust the stream). */
    private long joinFloor = NONE;
    private long lastKey = NONE;
    /** Lowest snapshot version a join trusted the stream for while no versioned fact was seen (MAX: none). */
    private long trustedVersion = Long.MAX_VALUE;

    /**
     * @param limits  count, byte and age bounds
     * @param clockMs the node clock, epoch ms (injected so tests control age eviction)
     */
    public RoomLog(Limits limits, LongSupplier clockMs) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    }

    /**
     * Appends the next fact of the room. A fact at or below the last appended offset of the same
     * partition is a re-delivery (consumer rewind after a rebalance) and is ignored. A fact from
     * another partition (the topic was repartitioned) starts the log afresh: offsets of two
     * partitions are not comparable.
     *
     * @return true if appended, false if ignored as a re-delivery
     */
    public boolean append(Fact fact) {
        if (partition != -1 && fact.partition() != partition) {
            reset();
        }
        partition = fact.partition();
        if (fact.offset() <= lastOffset) {
            return false;
        }
        lastOffset = fact.offset();
        long key;
        if (fact.roomVersion() != null) {
            long v = fact.roomVersion();
            if (lastVersion == NONE) {
                // Facts of this version may have been written before this log started, unless a
                // joiner already trusted the stream to bring everything after an older snapshot.
                joinFloor = Math.max(joinFloor, Math.min(v, trustedVersion));
            }
            lastVersion = Math.max(lastVersion, v);
            key = 2 * lastVersion;
        } else {
            key = lastVersion == NONE ? NONE : 2 * lastVersion + 1;
        }
        if (resumeFloor == Long.MAX_VALUE) {
            resumeFloor = fact.offset();
        }
        lastKey = key;
        push(new Entry(fact, key, lastVersion, clockMs.getAsLong()));
        trim();
        return true;
    }

    /**
     * RESUME by offset: exactly the facts with an offset above {@code lastOffset} (for every target
     * session: the caller filters targeted facts), or a gap when some of them may be missing.
     *
     * @param lastOffset offset of the last fact the client received, -1 if none
     */
    public Replay since(long lastOffset) {
        return since(lastOffset, -1);
    }

    /**
     * RESUME by position: the facts a client lacks that processed every fact up to
     * {@code lastOffset} and holds the room state of {@code version} (its last SNAPSHOT or DISPATCH
     * version, as in the protocol's RoomPosition), or a gap when some of them may be missing.
     * <ul>
     *   <li>{@code version < 0}: by offset only, as {@link #since(long)}.</li>
     *   <li>{@code lastOffset < 0} (no fact since its snapshot): as {@link #afterSnapshot(long)},
     *       targeted facts included by the same rule. This lets a client that joined but received
     *       nothing yet resume from memory. A log that has seen no fact yet answers a gap, unless a
     *       join trusted the stream after a snapshot at most as new ({@link #trustStreamAfter}).</li>
     *   <li>both: facts above the offset, except those of versions below {@code version} (held by a
     *       snapshot newer than this node's stream; facts <em>of</em> {@code version} are kept, as
     *       the client may hold only part of that command's facts). Exact if the offset is recent
     *       enough, or if {@code version} is above every version that may be missing.</li>
     * </ul>
     *
     * @param lastOffset offset of the last fact the client processed, -1 if none
     * @param version    version of the room state the client holds, -1 if unknown
     */
    public Replay since(long lastOffset, long version) {
        if (version < 0) {
            trim();
            if (lastOffset < resumeFloor) {
                return GAP;
            }
            return new Replay.Facts(collect(firstIndexOffsetAbove(lastOffset), NONE));
        }
        if (lastOffset < 0) {
            // A log that has seen no fact knows nothing of a snapshot held before it started (it may
            // be older than where the feed began), unless a join trusted the stream after an older one.
            if (this.lastOffset < 0 && version < trustedVersion) {
                return GAP;
            }
            return afterSnapshot(version);
        }
        trim();
        if (lastOffset < resumeFloor && version <= joinFloor) {
            return GAP;
        }
        return new Replay.Facts(collect(firstIndexOffsetAbove(lastOffset), 2 * version - 1));
    }

    /**
     * The hand-over from a catch-up read of Kafka (RESUME by offset, when {@link #since} is a gap):
     * the reader saw every fact of the partition up to {@code readUpTo}; the log then holds exactly
     * the facts after it, unless it evicted a fact after {@code readUpTo}. Unlike {@link #since}, a
     * log that evicted nothing vouches for every fact from its creation on, even before its first
     * fact: the adapter contract ({@link Fanout}) has its partition read from at or before the point
     * where the room became interesting, and the reader started after that point.
     *
     * @param readUpTo highest offset the reader has seen (every fact of the room up to it is read), -1 if none
     * @param version  version of the room state the client holds (facts of lower versions are skipped
     *                 as in {@link #since(long, long)}), -1 if unknown
     * @return the facts above {@code readUpTo} in room order (every target session: the caller
     *         filters), or a gap if one of them was evicted
     */
    public Replay afterRead(long readUpTo, long version) {
        trim();
        if (evictedThrough > readUpTo) {
            return GAP;
        }
        return new Replay.Facts(collect(firstIndexOffsetAbove(readUpTo), version < 0 ? NONE : 2 * version - 1));
    }

    /**
     * Offset of the oldest fact kept, or -1 if the log is empty: a catch-up read of Kafka may stop
     * before it, as the log holds the rest (see {@link #afterRead}).
     */
    public long firstOffset() {
        trim();
        return size == 0 ? -1 : at(0).fact.offset();
    }

    /** The kept facts above {@code offset}, whatever was evicted (no proof of completeness). */
    List<Fact> keptAbove(long offset) {
        trim();
        return collect(firstIndexOffsetAbove(offset), NONE);
    }

    /**
     * Join: exactly the facts a client holding a snapshot of {@code snapshotVersion} lacks
     * (versioned facts above it, unversioned facts seen at or after it), or a gap when some may be
     * missing.
     *
     * @param snapshotVersion the version of the snapshot the client got (RoomSnapshot.version, at least 0)
     */
    public Replay afterSnapshot(long snapshotVersion) {
        trim();
        if (snapshotVersion < joinFloor) {
            return GAP;
        }
        // Entries seen before version V have keys of at most 2V - 1: start at the first seen at V or later.
        return new Replay.Facts(collect(firstIndexSeenAtLeast(snapshotVersion), 2 * snapshotVersion));
    }

    /**
     * A joiner holding snapshot {@code snapshotVersion} now streams this room, relying on the stream
     * to bring every fact after it: if no versioned fact was seen yet, later joiners with a snapshot
     * at least as old are as safe (see the adapter contract on {@link Fanout}).
     */
    void trustStreamAfter(long snapshotVersion) {
        if (lastVersion == NONE) {
            trustedVersion = Math.min(trustedVersion, snapshotVersion);
        }
    }

    /**
     * The version key of the last appended fact, for {@link Fanout}'s live filter: a client holding
     * snapshot V lacks the fact iff {@code lastKey() > 2 * V} (the rule of {@link #afterSnapshot}).
     */
    long lastKey() {
        return lastKey;
    }

    /** Evicts facts past the count, byte or age limit (also done by every append and replay). */
    public void trim() {
        long oldestKept = clockMs.getAsLong() - limits.maxAgeMs();
        while (size > 0 && (size > limits.maxFacts() || (bytes > limits.maxBytes() && size > 1)
            || at(0).appendedAtMs < oldestKept)) {
            Entry e = at(0);
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
            bytes -= e.fact.frame().sizeBytes();
            resumeFloor = e.fact.offset();
            evictedThrough = e.fact.offset();
            if (e.seenVersion != NONE) {
                // Every fact before this one is gone too, so facts of versions up to this one may be.
                joinFloor = Math.max(joinFloor, e.seenVersion);
            }
        }
    }

    /** The facts from index {@code from} on whose version key is above {@code minKey}, in order. */
    private List<Fact> collect(int from, long minKey) {
        List<Fact> out = new ArrayList<>(size - from);
        for (int i = from; i < size; i++) {
            Entry e = at(i);
            if (minKey == NONE || e.key > minKey) {
                out.add(e.fact);
            }
        }
        return out;
    }

    /** The partition of the facts kept (the resume epoch), -1 before the first fact. */
    public int partition() {
        return partition;
    }

    /** Facts kept now. */
    public int size() {
        return size;
    }

    /** Frame bytes kept now. */
    public long bytes() {
        return bytes;
    }

    /** Offset of the last appended fact, -1 if none. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Latest roomVersion seen, or -1 if none. */
    public long lastVersion() {
        return lastVersion == NONE ? -1 : lastVersion;
    }

    private void reset() {
        Arrays.fill(ring, null);
        head = 0;
        size = 0;
        bytes = 0;
        lastOffset = -1;
        lastVersion = NONE;
        resumeFloor = Long.MAX_VALUE;
        evictedThrough = -1;
        joinFloor = NONE;
        lastKey = NONE;
        trustedVersion = Long.MAX_VALUE;
    }

    private void push(Entry e) {
        if (size == ring.length) {
            Entry[] bigger = new Entry[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = at(i);
            }
            ring = bigger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = e;
        size++;
        bytes += e.fact.frame().sizeBytes();
    }

    private Entry at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    private int firstIndexOffsetAbove(long offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at(mid).fact.offset() > offset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int firstIndexSeenAtLeast(long version) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (at(mid).seenVersion >= version) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
