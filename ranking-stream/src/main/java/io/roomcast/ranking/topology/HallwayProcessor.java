package io.roomcast.ranking.topology;

import io.roomcast.events.HallwayActivity;
import io.roomcast.events.HallwayImpression;
import io.roomcast.events.HallwayRanking;
import io.roomcast.events.HallwayViewer;
import io.roomcast.events.PresenceHeartbeat;
import io.roomcast.events.RankedRoom;
import io.roomcast.events.RankingWeights;
import io.roomcast.events.RoomSnapshot;
import io.roomcast.events.SocialEdge;
import io.roomcast.events.SocialRelation;
import io.roomcast.events.SocialTargetType;
import io.roomcast.ranking.core.HallwayRanker;
import io.roomcast.ranking.core.HallwayScore;
import io.roomcast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read side of the hallway, on the partitions of the viewer (key userId). Inputs: the viewer's own
 * social edges and the FOLLOWS/BLOCKS edges pointing at the viewer ({@link SocialEdge}), the viewer's
 * heartbeats ({@link PresenceHeartbeat}) and nudges from {@link FollowerFanoutProcessor} (a roomId).
 * <ul>
 *   <li><b>Active users only:</b> a user is active while their newest heartbeat or hallway impression (a page
 *       of GET /hallway or GET /rooms/friends served to them, even an empty one) is within
 *       {@link HallwayTopology.Settings#activeWindow()} ({@link HallwayTopology#ACTIVE_STORE}); only active
 *       users are ranked. A user's first such sign (or the first after the window lapsed) ranks them: so a user
 *       who never connected gets a hallway on their first request.</li>
 *   <li><b>Debounced:</b> any input for an active user schedules a ranking
 *       ({@link HallwayTopology#DUE_STORE}) no sooner than {@link HallwayTopology.Settings#debounce()} after
 *       their last one, however many inputs arrive; a wall-clock punctuator every
 *       {@link HallwayTopology.Settings#tick()} ranks the users due.</li>
 *   <li><b>Co-listens:</b> each ranking also finds the LIVE rooms the user is in with people they follow
 *       ({@link HallwayRanker.Hallway#together()}) and counts each such room once per followee in
 *       {@link HallwayTopology#CO_LISTENS_STORE} (a stretch in one room counts once; an unfollow forgets the count);
 *       the next rankings weigh that follow more ({@link HallwayScore}'s affinity).</li>
 *   <li><b>Refresh:</b> every {@link HallwayTopology.Settings#refresh()} each active user is scheduled again
 *       (momentum moved on, celebrities moved, rooms started or ended), and users whose window lapsed are
 *       forgotten.</li>
 * </ul>
 * <b>A nudge waits for its room:</b> room-events (the nudge's source) and room-state (the global
 * {@link HallwayTopology#ROOMS_STORE}) are read by different threads, so a nudge can come before the snapshot
 * that shows the move; ranked then, the user would miss the room until the next refresh. So a nudge names the
 * snapshot version it needs ({@link HallwayTopology#nudge}) and, while the store holds an older one, the user's
 * due ranking is put off from tick to tick ({@link HallwayTopology#AWAITED_STORE}), at most
 * {@link HallwayTopology.Settings#nudgeWait()}.
 * A ranking reads every room from the global {@link HallwayTopology#ROOMS_STORE} and momentum from
 * {@link HallwayTopology#MOMENTUM_STORE} and speakers' quality from {@link HallwayTopology#QUALITY_STORE}
 * ({@link HallwayRanker}), with the score weights of the global
 * {@link HallwayTopology#WEIGHTS_STORE} (ranking-config, set at run time) or else the settings'; it is written to hallway-rankings only when
 * it differs from the user's last one (rooms, order, counts, reasons; scores and score terms aside).
 */
final class HallwayProcessor implements Processor<String, Object, String, HallwayRanking> {
    private final HallwayRanker configured;
    private HallwayRanker ranker;
    private final HallwayTopology.Settings settings;
    private final Runnable computed;
    private final RoomsReads reads;
    /** This task's {@link RoomsReads#mark()}, made when it starts. */
    private long started;
    /**
     * Users who became active since they were last ranked: user -> a {@link RoomsReads#mark()} made then. Their first
     * ranking is read from a read begun after it, so it holds every room the store showed when they arrived (a reused
     * read up to the debounce old could lack a room made a moment before, and the next ranking of a user with no
     * nudge is the refresh's, an interval later). Task-local, not stored: after a restart the task's own mark
     * ({@link #started}) is newer anyway.
     */
    private final Map<String, Long> arrivals = new HashMap<>();
    /** Rooms this task relied on the store showing since its last tick: room id -> version (RoomsReads). */
    private final Map<String, Long> relied = new HashMap<>();
    private ProcessorContext<String, HallwayRanking> context;
    private KeyValueStore<String, HallwayViewer> viewers;
    private KeyValueStore<String, Long> followedBy;
    private KeyValueStore<String, HallwayActivity> active;
    private KeyValueStore<String, Long> due;
    private KeyValueStore<String, String> awaited;
    private KeyValueStore<String, String> coListens;
    private KeyValueStore<String, Long> hidden;
    private ReadOnlyKeyValueStore<String, RoomSnapshot> rooms;
    private ReadOnlyKeyValueStore<String, Double> momentum;
    private ReadOnlyKeyValueStore<String, RankingWeights> weights;
    private ReadOnlyKeyValueStore<String, Double> quality;

    /**
     * @param computed called once per ranking computed (for a counter)
     * @param reads    the rooms reads shared by the hallway tasks of this instance
     */
    HallwayProcessor(HallwayRanker ranker, HallwayTopology.Settings settings, Runnable computed, RoomsReads reads) {
        this.configured = ranker;
        this.ranker = ranker;
        this.settings = settings;
        this.computed = computed;
        this.reads = reads;
    }

    @Override
    public void init(ProcessorContext<String, HallwayRanking> context) {
        this.context = context;
        this.viewers = context.getStateStore(HallwayTopology.VIEWERS_STORE);
        this.followedBy = context.getStateStore(HallwayTopology.FOLLOWED_BY_STORE);
        this.active = context.getStateStore(HallwayTopology.ACTIVE_STORE);
        this.due = context.getStateStore(HallwayTopology.DUE_STORE);
        this.awaited = context.getStateStore(HallwayTopology.AWAITED_STORE);
        this.coListens = context.getStateStore(HallwayTopology.CO_LISTENS_STORE);
        this.hidden = context.getStateStore(HallwayTopology.HIDDEN_STORE);
        this.rooms = context.getStateStore(HallwayTopology.ROOMS_STORE);
        this.momentum = context.getStateStore(HallwayTopology.MOMENTUM_STORE);
        this.weights = context.getStateStore(HallwayTopology.WEIGHTS_STORE);
        this.quality = context.getStateStore(HallwayTopology.QUALITY_STORE);
        this.started = reads.mark();
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::rankDue);
        context.schedule(settings.refresh(), PunctuationType.WALL_CLOCK_TIME, this::refresh);
    }

    @Override
    public void process(Record<String, Object> record) {
        String user = record.key();
        long now = context.currentSystemTimeMs();
        switch (record.value()) {
            case SocialEdge edge -> {
                if (edge.getUserId().equals(user)) {
                    own(user, edge);
                }
                if (edge.getTargetType() == SocialTargetType.USER && edge.getTargetId().equals(user)) {
                    incoming(user, edge);
                }
                schedule(user, now);
            }
            case PresenceHeartbeat beat -> seen(user, beat.getOccurredAt(), now);
            case HallwayImpression asked -> seen(user, asked.getOccurredAt(), now);
            case String nudge -> {
                if (schedule(user, now)) {
                    if (shows(nudge)) {
                        relied.merge(HallwayTopology.nudgedRoom(nudge), HallwayTopology.nudgedVersion(nudge), Math::max);
                    } else {
                        awaited.put(user, (now + settings.nudgeWait().toMillis()) + HallwayTopology.SEPARATOR + nudge);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unexpected hallway input " + record.value().getClass());
        }
    }

    private void own(String user, SocialEdge edge) {
        HallwayViewer viewer = viewer(user);
        boolean on = edge.getActive();
        String target = edge.getTargetId();
        switch (edge.getRelation()) {
            case FOLLOWS -> {
                switch (edge.getTargetType()) {
                    case USER -> {
                        put(viewer.getFollows(), target, on ? edge.getOccurredAt().toEpochMilli() : null);
                        if (!on) {
                            coListens.delete(user + HallwayTopology.SEPARATOR + target);
                        }
                    }
                    case TOPIC -> put(viewer.getTopics(), target, on ? Objects.requireNonNullElse(edge.getWeight(), 1.0) : null);
                    case CLUB -> set(viewer.getFollowedClubs(), target, on);
                }
            }
            case MEMBER -> set(viewer.getClubs(), target, on);
            case BLOCKS -> set(viewer.getBlocks(), target, on);
            case HIDES -> {
                String key = user + HallwayTopology.SEPARATOR + target;
                if (on) {
                    hidden.put(key, edge.getOccurredAt().toEpochMilli());
                } else {
                    hidden.delete(key);
                }
                return;
            }
            case CLUB_MODERATOR, CLUB_ADMIN, REMINDS -> {
                return;
            }
        }
        viewers.put(user, viewer);
    }

    private void incoming(String user, SocialEdge edge) {
        if (edge.getRelation() == SocialRelation.FOLLOWS) {
            String key = user + HallwayTopology.SEPARATOR + edge.getUserId();
            if (edge.getActive()) {
                followedBy.put(key, edge.getOccurredAt().toEpochMilli());
            } else {
                followedBy.delete(key);
            }
        } else if (edge.getRelation() == SocialRelation.BLOCKS) {
            HallwayViewer viewer = viewer(user);
            set(viewer.getBlockedBy(), edge.getUserId(), edge.getActive());
            viewers.put(user, viewer);
        }
    }

    /** A sign of the user at {@code at} (a heartbeat, or a hallway page served): active from then on. */
    private void seen(String user, Instant at, long now) {
        HallwayActivity activity = active.get(user);
        boolean wasActive = isActive(activity, now);
        long seen = at.toEpochMilli();
        if (activity == null) {
            activity = new HallwayActivity(Instant.ofEpochMilli(seen), Instant.EPOCH, 0L, 0);
        } else if (seen > activity.getLastSeenAt().toEpochMilli()) {
            activity.setLastSeenAt(Instant.ofEpochMilli(seen));
        }
        active.put(user, activity);
        if (!wasActive) {
            arrivals.put(user, reads.mark());
            schedule(user, now);
        }
    }

    /**
     * Schedules an active user's ranking, no sooner than the debounce after their last one.
     *
     * @return whether the user is active (else nothing is scheduled)
     */
    private boolean schedule(String user, long now) {
        HallwayActivity activity = active.get(user);
        if (!isActive(activity, now)) {
            return false;
        }
        due(user, activity, now);
        return true;
    }

    /**
     * Makes an active user due at {@code notBefore}, and no sooner than the debounce after their last ranking (an
     * earlier due time stays).
     */
    private void due(String user, HallwayActivity activity, long notBefore) {
        long at = Math.max(notBefore, activity.getLastRankedAt().toEpochMilli() + settings.debounce().toMillis());
        Long scheduled = due.get(user);
        if (scheduled == null || scheduled > at) {
            due.put(user, at);
        }
    }

    private boolean isActive(HallwayActivity activity, long now) {
        return activity != null && activity.getLastSeenAt().toEpochMilli() >= now - settings.activeWindow().toMillis();
    }

    private void rankDue(long now) {
        List<String> ready = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = due.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value <= now) {
                    ready.add(entry.key);
                }
            });
        }
        // Waits are decided before the rooms are read: the global store only moves on, so a room seen here is in a read
        // begun after it; a shared read is reused only if it holds every room relied on (RoomsReads). Other rooms may
        // be as old as the debounce, by which a ranking may lag a change anyway: at rest (the refresh alone) one read
        // a second serves every task, not one a tick. A user who just arrived is ranked from a read begun after their
        // arrival (arrivals).
        ready.removeIf(user -> waiting(user, now));
        if (ready.isEmpty()) {
            return;
        }
        long after = started;
        for (String user : ready) {
            Long arrived = arrivals.remove(user);
            if (arrived != null) {
                after = Math.max(after, arrived);
            }
        }
        HallwayRanker ranking = ranker();
        long maxAge = Math.max(settings.tick().toMillis(), settings.debounce().toMillis());
        HallwayRanker.Rooms read = reads.get(now, maxAge, after, relied, ranking.weights(), () -> {
            List<RoomSnapshot> snapshots = new ArrayList<>();
            try (KeyValueIterator<String, RoomSnapshot> all = rooms.all()) {
                all.forEachRemaining(entry -> snapshots.add(entry.value));
            }
            return ranking.rooms(snapshots, this::joinsPerMinute, quality::get);
        }, (previous, changed) -> {
            List<RoomSnapshot> fresh = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            changed.forEach(roomId -> {
                RoomSnapshot room = rooms.get(roomId);
                if (room == null) {
                    gone.add(roomId);
                } else {
                    fresh.add(room);
                }
            });
            return ranking.rooms(previous, fresh, gone, this::joinsPerMinute, quality::get);
        });
        relied.clear();
        for (String user : ready) {
            due.delete(user);
            HallwayActivity activity = active.get(user);
            if (isActive(activity, now)) {
                rank(user, activity, read, now);
            }
        }
    }

    /** A room's joins per minute over the short window (momentum store; 0 if unknown). */
    private double joinsPerMinute(String roomId) {
        return Objects.requireNonNullElse(momentum.get(roomId), 0.0);
    }

    /** Whether the global store holds the nudge's room at its version or later. */
    private boolean shows(String nudge) {
        RoomSnapshot room = rooms.get(HallwayTopology.nudgedRoom(nudge));
        return room != null && room.getVersion() >= HallwayTopology.nudgedVersion(nudge);
    }

    /** Whether the user's ranking still waits for a nudge's room (it stays due); forgets the wait once over. */
    private boolean waiting(String user, long now) {
        String wait = awaited.get(user);
        if (wait == null) {
            return false;
        }
        int cut = wait.indexOf(HallwayTopology.SEPARATOR);
        if (now < Long.parseLong(wait.substring(0, cut))) {
            String nudge = wait.substring(cut + 1);
            if (!shows(nudge)) {
                return true;
            }
            relied.merge(HallwayTopology.nudgedRoom(nudge), HallwayTopology.nudgedVersion(nudge), Math::max);
        }
        awaited.delete(user);
        return false;
    }

    /**
     * The ranker of the newest weights on ranking-config (validated when stored), else of the settings; made
     * again only when the weights change.
     */
    private HallwayRanker ranker() {
        RankingWeights set = weights.get(Topics.HALLWAY_WEIGHTS);
        HallwayScore.Weights wanted = set == null ? configured.weights() : HallwayTopology.weights(set);
        if (!wanted.equals(ranker.weights())) {
            ranker = configured.withWeights(wanted);
        }
        return ranker;
    }

    private void rank(String user, HallwayActivity activity, HallwayRanker.Rooms read, long now) {
        HallwayRanker.Hallway hallway = ranker().rank(viewer(user),
            follower -> followedBy.get(user + HallwayTopology.SEPARATOR + follower) != null, read,
            new HallwayRanker.Personal(coListensOf(user), hiddenOf(user, read, now)), Instant.ofEpochMilli(now));
        computed.run();
        hallway.together().forEach((roomId, followees) -> followees.forEach(followee -> coListen(user, followee, roomId)));
        List<RankedRoom> ranked = hallway.rooms();
        int fingerprint = hallway.fingerprint();
        activity.setLastRankedAt(Instant.ofEpochMilli(now));
        if (activity.getVersion() == 0 || fingerprint != activity.getFingerprint()) {
            // Above every earlier version even after the user's activity was forgotten (their window lapsed): the
            // Redis read model keeps the highest version for a day, and a count starting again would be ignored there.
            long version = Math.max(activity.getVersion() + 1, now);
            activity.setVersion(version);
            activity.setFingerprint(fingerprint);
            UUID eventId = UUID.nameUUIDFromBytes((user + "|hallway|" + version).getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(user, new HallwayRanking(eventId, Instant.ofEpochMilli(now), user,
                hallway.coldStart(), ranked, version), now));
        }
        active.put(user, activity);
    }

    /** The viewer's co-listen counts by followee ({@link HallwayTopology#CO_LISTENS_STORE}). */
    private Map<String, Integer> coListensOf(String user) {
        Map<String, Integer> counts = new HashMap<>();
        String prefix = user + HallwayTopology.SEPARATOR;
        try (KeyValueIterator<String, String> it = coListens.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(entry -> counts.put(entry.key.substring(prefix.length()),
                Integer.parseInt(entry.value.substring(0, entry.value.indexOf(HallwayTopology.SEPARATOR)))));
        }
        return counts;
    }

    /**
     * The rooms the viewer hid ({@link HallwayTopology#HIDDEN_STORE}); marks of rooms that no longer exist are deleted
     * once {@link HallwayTopology#HIDDEN_KEPT} old.
     */
    private Set<String> hiddenOf(String user, HallwayRanker.Rooms read, long now) {
        Set<String> rooms = new HashSet<>();
        List<String> forgotten = new ArrayList<>();
        String prefix = user + HallwayTopology.SEPARATOR;
        long keptSince = now - HallwayTopology.HIDDEN_KEPT.toMillis();
        try (KeyValueIterator<String, Long> it = hidden.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(entry -> {
                String roomId = entry.key.substring(prefix.length());
                if (entry.value < keptSince && !read.exists(roomId)) {
                    forgotten.add(entry.key);
                } else {
                    rooms.add(roomId);
                }
            });
        }
        forgotten.forEach(hidden::delete);
        return rooms;
    }

    /** Counts a room the viewer and a followee are in together, once per stretch in that room. */
    private void coListen(String user, String followee, String roomId) {
        String key = user + HallwayTopology.SEPARATOR + followee;
        String last = coListens.get(key);
        int cut = last == null ? -1 : last.indexOf(HallwayTopology.SEPARATOR);
        if (last == null || !last.substring(cut + 1).equals(roomId)) {
            int count = last == null ? 0 : Integer.parseInt(last.substring(0, cut));
            coListens.put(key, (count + 1) + HallwayTopology.SEPARATOR + roomId);
        }
    }

    /**
     * Schedules every active user again, spread evenly over the refresh interval (the i-th of n at now + i × refresh
     * / n): all at once, a tick ranked every active user of the task in one punctuation, and nudges waited behind
     * them (seconds at 1,000 users per task). A user ranked since (a nudge, an edge) is due a refresh interval after
     * that ranking instead: a refresh renews rankings as old as the interval, and at the scale most active
     * users are nudged more often than that (docs/benchmarks.md, hallway run 8). Forgets users whose active window
     * lapsed.
     */
    private void refresh(long now) {
        List<KeyValue<String, HallwayActivity>> all = new ArrayList<>();
        try (KeyValueIterator<String, HallwayActivity> it = active.all()) {
            it.forEachRemaining(all::add);
        }
        long spread = settings.refresh().toMillis();
        List<KeyValue<String, HallwayActivity>> stillActive = new ArrayList<>();
        for (KeyValue<String, HallwayActivity> entry : all) {
            if (isActive(entry.value, now)) {
                stillActive.add(entry);
            } else {
                active.delete(entry.key);
                due.delete(entry.key);
                awaited.delete(entry.key);
            }
        }
        for (int i = 0; i < stillActive.size(); i++) {
            KeyValue<String, HallwayActivity> user = stillActive.get(i);
            due(user.key, user.value, Math.max(now + i * spread / stillActive.size(),
                user.value.getLastRankedAt().toEpochMilli() + spread));
        }
    }

    private HallwayViewer viewer(String user) {
        HallwayViewer viewer = viewers.get(user);
        return viewer != null ? viewer : new HallwayViewer(user, new HashMap<>(), new HashMap<>(), new ArrayList<>(),
            new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    private static <V> void put(Map<String, V> map, String key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /** Adds or removes {@code value} once (by index: a decoded Avro array's iterator cannot remove). */
    private static void set(List<String> list, String value, boolean present) {
        int at = list.indexOf(value);
        if (at >= 0) {
            list.remove(at);
        }
        if (present) {
            list.add(value);
        }
    }
}
