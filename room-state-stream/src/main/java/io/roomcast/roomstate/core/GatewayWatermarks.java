package io.roomcast.roomstate.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a presence task has read each gateway node's records (heartbeats and ticks, see {@code PresenceTicks}) in
 * its partition of {@code presence-heartbeats}: the newest time read from each node, its watermark. A node's records
 * reach a partition in the order it sent them, so a user whose last heartbeat came through a node is silent for
 * sure once that node's watermark is a deadline past it. Pure: the caller reads the records and keeps the state.
 *
 * <p>Judging a user ({@link #judging}):
 * <ul>
 *   <li>by the watermark of their own node while it is live, that is less than {@code silence} (the presence
 *       deadline, 45 s) behind the newest watermark of any node: a node whose backlog is read after another's is
 *       judged by its own progress, not the other's;</li>
 *   <li>by the <i>floor</i>, the oldest watermark of the live nodes, when their node is not live (it died, or lags
 *       another by {@code silence} or more), was never read by this task, or is not known (a user who joined but has
 *       not heartbeated yet);</li>
 *   <li>not at all while nothing was read: with no node heard from, no silence can be told from unread records.</li>
 * </ul>
 * Nothing here reads a clock: after a broker outage, a take-over or a backlog, users are judged only as the records
 * sent meanwhile are read.
 */
public final class GatewayWatermarks {
    /** Each user's node, for judging: a node name (or "" for none) to the instant to judge at, null if none yet. */
    @FunctionalInterface
    public interface Judging {
        /** @return the instant to judge a user of {@code node} at, or null to judge nobody yet */
        Instant at(String node);
    }

    private final Duration silence;
    private final Map<String, Instant> newest = new HashMap<>();

    /** @param silence how far a node may be behind the newest before its users are judged by the floor (the deadline) */
    public GatewayWatermarks(Duration silence) {
        this.silence = silence;
    }

    /**
     * A record of {@code node} stamped {@code at} was read (or restored: a watermark kept in a store).
     *
     * @return true if it moved the node's watermark forward (a record older than the watermark moves nothing)
     */
    public boolean advance(String node, Instant at) {
        Instant before = newest.get(node);
        if (before != null && !at.isAfter(before)) {
            return false;
        }
        newest.put(node, at);
        return true;
    }

    /** @return the judging as of what was read so far (a copy: later reads do not change it) */
    public Judging judging() {
        Instant top = top();
        if (top == null) {
            return node -> null;
        }
        Map<String, Instant> live = new HashMap<>();
        newest.forEach((node, at) -> {
            if (at.isAfter(top.minus(silence))) {
                live.put(node, at);
            }
        });
        Instant floor = live.values().stream().min(Instant::compareTo).orElseThrow();
        return node -> live.getOrDefault(node, floor);
    }

    /**
     * Forgets the nodes silent for {@code forgetAfter} or more behind the newest (a node that is gone for good, such as
     * one started with a random id): their users are judged by the floor, as for any node not live.
     *
     * @return the nodes forgotten
     */
    public List<String> forgetSilent(Duration forgetAfter) {
        Instant top = top();
        if (top == null) {
            return List.of();
        }
        List<String> gone = newest.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(top.minus(forgetAfter))).map(Map.Entry::getKey).toList();
        gone.forEach(newest::remove);
        return gone;
    }

    /** @return the newest watermark of any node, or null when nothing was read */
    private Instant top() {
        return newest.values().stream().max(Instant::compareTo).orElse(null);
    }
}
