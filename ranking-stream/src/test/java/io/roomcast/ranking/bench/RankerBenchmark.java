package io.roomcast.ranking.bench;

import io.roomcast.events.HallwayViewer;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.Visibility;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.Rooms;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The hallway ranker's CPU cost (issue 13), one thread, no Kafka: a tick ranks {@code --tick-users} active users
 * from one read of every room, as ranking-stream's punctuator does. {@code --rooms} LIVE public rooms, each with its
 * host, 2 speakers and 0 to 2 × {@code --listeners} listeners drawn from {@code --users} users; each ranked viewer
 * follows {@code --follows} of them and 2 of 20 topics. Prints one JSON line: rankings per second of one core,
 * per-ranking µs (p50, p99 over ticks), bytes allocated per ranking, each with the tick's read of the rooms shared
 * among its rankings; and apart, the read's ms (p50) and the rankings' own µs (p50, p99 over ticks, read excluded).
 *
 * <pre>ranking-stream/bench-ranker [--rooms 2000] [--listeners 40] [--users 100000] [--follows 10]
 *                             [--tick-users 50] [--seconds 10]</pre>
 */
public final class RankerBenchmark {
    /** A hash of the first tick's rankings (rooms, scores, reasons, followed speakers): equal for equal rankers. */
    private static final int[] FINGERPRINT = {0};

    private RankerBenchmark() {}

    public static void main(String[] args) {
        Map<String, Integer> opts = new HashMap<>(Map.of("rooms", 2000, "listeners", 40, "users", 100_000,
            "follows", 10, "tick-users", 50, "seconds", 10));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        Random random = new Random(42);
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        int users = opts.get("users");
        List<RoomSnapshot> rooms = new ArrayList<>();
        Map<String, Double> momentum = new HashMap<>();
        Map<String, Double> quality = new HashMap<>();
        for (int r = 0; r < opts.get("rooms"); r++) {
            List<String> speakers = List.of(user(random, users), user(random, users));
            List<String> listeners = new ArrayList<>();
            for (int l = random.nextInt(2 * opts.get("listeners") + 1); l > 0; l--) {
                listeners.add(user(random, users));
            }
            String roomId = "r" + r;
            rooms.add(Rooms.live(roomId, user(random, users), Visibility.PUBLIC, "topic" + random.nextInt(20), null,
                speakers, listeners, now));
            momentum.put(roomId, random.nextDouble() * 10);
            speakers.forEach(s -> quality.put(s, random.nextDouble()));
        }
        List<HallwayViewer> viewers = new ArrayList<>();
        for (int v = 0; v < 1000; v++) {
            List<String> follows = new ArrayList<>();
            for (int f = 0; f < opts.get("follows"); f++) {
                follows.add(user(random, users));
            }
            Map<String, Double> topics = new HashMap<>();
            topics.put("topic" + random.nextInt(20), 0.5);
            topics.put("topic" + random.nextInt(20), 1.0);
            viewers.add(Rooms.viewer("viewer" + v, follows, topics, now.minusSeconds(86_400L * random.nextInt(400))));
        }
        HallwayRanker ranker = new HallwayRanker(HallwayRanker.Settings.DEFAULTS);
        int tickUsers = opts.get("tick-users");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long warmupEnd = System.nanoTime() + 3_000_000_000L;
        long end = warmupEnd + opts.get("seconds") * 1_000_000_000L;
        List<Double> perRankingMicros = new ArrayList<>();
        List<Double> rankOnlyMicros = new ArrayList<>();
        List<Double> readMillis = new ArrayList<>();
        long rankings = 0;
        long allocated = 0;
        long busyNanos = 0;
        int next = 0;
        long listed = 0;
        long[] readNanos = {0};
        tick(ranker, viewers, 0, tickUsers, rooms, momentum, quality, now, readNanos);
        int fingerprint = FINGERPRINT[0];
        while (System.nanoTime() < end) {
            long allocBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            long shown = tick(ranker, viewers, next, tickUsers, rooms, momentum, quality, now, readNanos);
            long took = System.nanoTime() - start;
            next = (next + tickUsers) % viewers.size();
            if (start >= warmupEnd) {
                listed += shown;
                perRankingMicros.add(took / 1_000.0 / tickUsers);
                rankOnlyMicros.add((took - readNanos[0]) / 1_000.0 / tickUsers);
                readMillis.add(readNanos[0] / 1e6);
                rankings += tickUsers;
                busyNanos += took;
                allocated += threads.getCurrentThreadAllocatedBytes() - allocBefore;
            }
        }
        double[] sorted = sorted(perRankingMicros);
        double[] rankOnly = sorted(rankOnlyMicros);
        System.out.printf("{\"rooms\":%d,\"listeners_avg\":%d,\"follows\":%d,\"tick_users\":%d,\"rankings\":%d,"
                + "\"rankings_per_core_second\":%.0f,\"ranking_us_p50\":%.1f,\"ranking_us_p99\":%.1f,"
                + "\"bytes_per_ranking\":%d,\"read_ms_p50\":%.2f,\"rank_only_us_p50\":%.1f,\"rank_only_us_p99\":%.1f,"
                + "\"live_listed_avg\":%.1f,\"first_tick_fingerprint\":%d}%n", opts.get("rooms"), opts.get("listeners"),
            opts.get("follows"), tickUsers, rankings, rankings / (busyNanos / 1e9), percentile(sorted, 0.5),
            percentile(sorted, 0.99), allocated / Math.max(1, rankings), percentile(sorted(readMillis), 0.5),
            percentile(rankOnly, 0.5), percentile(rankOnly, 0.99), listed / (double) Math.max(1, rankings), fingerprint);
    }

    /**
     * One punctuator tick: {@code count} viewers from {@code first}, ranked from one read of the rooms (its ns in
     * {@code readNanos[0]}); live rooms listed.
     */
    private static long tick(HallwayRanker ranker, List<HallwayViewer> viewers, int first, int count,
                             List<RoomSnapshot> rooms, Map<String, Double> momentum, Map<String, Double> quality,
                             Instant now, long[] readNanos) {
        long sink = 0;
        long start = System.nanoTime();
        HallwayRanker.Rooms read = ranker.rooms(rooms, id -> momentum.getOrDefault(id, 0.0), quality::get);
        readNanos[0] = System.nanoTime() - start;
        for (int i = 0; i < count; i++) {
            HallwayViewer viewer = viewers.get((first + i) % viewers.size());
            HallwayRanker.Hallway hallway = ranker.rank(viewer, user -> false, read, HallwayRanker.Personal.NONE, now);
            sink += hallway.live().size();
            FINGERPRINT[0] = 31 * FINGERPRINT[0] + hallway.live().stream()
                .map(r -> r.getRoomId() + "|" + r.getScore() + "|" + r.getReasons() + "|" + r.getFollowedSpeakerIds())
                .toList().hashCode();
        }
        return sink;
    }

    private static String user(Random random, int users) {
        return "u" + random.nextInt(users);
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
