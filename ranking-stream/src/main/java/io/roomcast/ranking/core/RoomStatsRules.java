package io.roomcast.ranking.core;

import io.roomcast.events.HandRaised;
import io.roomcast.events.HourStats;
import io.roomcast.events.JoinBucket;
import io.roomcast.events.ParticipantJoined;
import io.roomcast.events.ParticipantLeft;
import io.roomcast.events.ParticipantMuted;
import io.roomcast.events.Role;
import io.roomcast.events.RoleChanged;
import io.roomcast.events.RoomCreated;
import io.roomcast.events.RoomEnded;
import io.roomcast.events.RoomEvent;
import io.roomcast.events.RoomLifecycle;
import io.roomcast.events.RoomStarted;
import io.roomcast.events.RoomStats;
import io.roomcast.events.RoomTally;
import io.roomcast.events.SpeakerTime;
import io.roomcast.events.SpeakingChanged;
import io.roomcast.events.TallyPresence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A room's statistics from its facts (pure: no Kafka, no clock; the time is an argument). A
 * {@link RoomTally} holds the running counts; {@link #apply} counts one fact, {@link #advance} moves the
 * join-rate windows on without one, {@link #stats} renders the {@link RoomStats} record. Tallies are
 * never changed in place: each call returns a new one, or null when nothing changed.
 *
 * <p>Idempotent under redelivery (ranking-stream README, "Room stats"): a fact of room-state-stream
 * (with a {@code roomVersion}) is counted once, by version and eventId: a version below the newest
 * counted, or the newest with an eventId already counted at it, is a replay. A {@code SpeakingChanged}
 * of a media edge (no version) is a replay when it is not newer (occurredAt) than the newest counted for
 * that participant. Answers to commands ({@code CommandRejected}, {@code CommandDuplicate}) and facts
 * about a room that ended change nothing.
 */
public final class RoomStatsRules {
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    private final Settings settings;

    /**
     * @param shortWindow the short momentum window (default 1 min): {@code joinsPerMinute1m}
     * @param longWindow  the long momentum window (default 5 min): {@code joinsPerMinute5m}; joins are
     *                    kept per second for this long
     */
    public record Settings(Duration shortWindow, Duration longWindow) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(1), Duration.ofMinutes(5));

        /** @throws IllegalArgumentException unless 1 s <= shortWindow <= longWindow */
        public Settings {
            if (shortWindow.toSeconds() < 1 || longWindow.compareTo(shortWindow) < 0) {
                throw new IllegalArgumentException("need 1 s <= momentum-short-window <= momentum-long-window: " + this);
            }
        }
    }

    public RoomStatsRules(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** A room's tally before any fact. */
    private static RoomTally empty(String roomId) {
        return RoomTally.newBuilder().setRoomId(roomId).setStatsVersion(0).setWindowEnd(Instant.EPOCH)
            .setLastRoomVersion(-1).setEventIdsAtLastVersion(new ArrayList<>()).setPresent(new HashMap<>())
            .setSpeakingSince(new HashMap<>()).setLastSpeakingChangeAt(new HashMap<>()).setSpeakingMs(new HashMap<>())
            .setPeakConcurrent(0).setTotalJoins(0).setStaysCompleted(0).setTotalStayMs(0).setHandRaises(0)
            .setJoinBuckets(new ArrayList<>()).setHourly(new ArrayList<>()).build();
    }

    /**
     * Counts one fact of the room.
     *
     * A room's tally starts at its RoomCreated: facts of a room without a tally (one whose tally was
     * forgotten after it ended, {@code ended-retention}) change nothing, so a late fact cannot replace an
     * ended room's final stats on the compacted topic. (room-events keeps 7 days, a room lives 12 h at most,
     * so a service reading room-events from the start sees every live room's RoomCreated.)
     *
     * @param tally the room's tally, or null for a room not seen yet
     * @param event a fact of that room from room-events
     * @return the new tally (its statsVersion one higher), or null if the fact changes nothing: a replay, an
     *     answer to a command, a fact without an effect on the statistics, a fact of a room without a tally
     *     other than its RoomCreated, or any fact after RoomEnded
     */
    public RoomTally apply(RoomTally tally, RoomEvent event) {
        Object fact = event.getFact();
        if (tally == null) {
            if (!(fact instanceof RoomCreated)) {
                return null;
            }
            tally = empty(event.getRoomId());
        }
        if (tally.getEndedAt() != null || !counts(fact) || replayed(tally, event)) {
            return null;
        }
        RoomTally t = RoomTally.newBuilder(tally).build();
        remember(t, event);
        long at = event.getOccurredAt().toEpochMilli();
        moveWindows(t, at);
        HourStats hour = hourOf(t, at);
        switch (fact) {
            case RoomCreated c -> {
                t.setVisibility(c.getDetails().getVisibility());
                if (c.getLifecycle() == RoomLifecycle.LIVE) {
                    t.setStartedAt(event.getOccurredAt());
                }
            }
            case RoomStarted s -> t.setStartedAt(event.getOccurredAt());
            case ParticipantJoined j -> {
                endStay(t, j.getParticipantId(), at, null); // a join without a leave first: the old stay ends
                t.getPresent().put(j.getParticipantId(), new TallyPresence(j.getRole(), event.getOccurredAt()));
                t.setTotalJoins(t.getTotalJoins() + 1);
                hour.setJoins(hour.getJoins() + 1);
                addJoin(t, at);
            }
            case ParticipantLeft l -> endStay(t, l.getParticipantId(), at, hour);
            case HandRaised h -> {
                t.setHandRaises(t.getHandRaises() + 1);
                hour.setHandRaises(hour.getHandRaises() + 1);
            }
            case RoleChanged r -> {
                TallyPresence p = t.getPresent().get(r.getParticipantId());
                if (p != null) {
                    t.getPresent().put(r.getParticipantId(), new TallyPresence(r.getTo(), p.getJoinedAt()));
                }
                if (!onStage(r.getTo())) {
                    stopSpeaking(t, r.getParticipantId(), at);
                }
            }
            case ParticipantMuted m -> stopSpeaking(t, m.getParticipantId(), at);
            case SpeakingChanged s -> {
                t.getLastSpeakingChangeAt().put(s.getParticipantId(), at);
                TallyPresence p = t.getPresent().get(s.getParticipantId());
                if (!s.getSpeaking()) {
                    stopSpeaking(t, s.getParticipantId(), at);
                } else if (p != null && onStage(p.getRole())) {
                    t.getSpeakingSince().putIfAbsent(s.getParticipantId(), at);
                }
            }
            case RoomEnded e -> {
                for (String participant : List.copyOf(t.getPresent().keySet())) {
                    endStay(t, participant, at, hour);
                }
                t.setEndedAt(event.getOccurredAt());
            }
            default -> throw new IllegalStateException("not counted: " + fact.getClass().getSimpleName());
        }
        hour.setPeakConcurrent(Math.max(hour.getPeakConcurrent(), t.getPresent().size()));
        t.setPeakConcurrent(Math.max(t.getPeakConcurrent(), t.getPresent().size()));
        t.setStatsVersion(t.getStatsVersion() + 1);
        return t;
    }

    /**
     * Moves the join-rate windows of a live room on to {@code now} without a fact (the punctuator's
     * refresh: joins older than the long window drop out).
     *
     * @param now wall-clock time; a time before the windows' end leaves them where they are
     * @return the new tally (statsVersion one higher) if a momentum figure changed, else null
     */
    public RoomTally advance(RoomTally tally, Instant now) {
        if (tally.getEndedAt() != null || tally.getJoinBuckets().isEmpty()
                || !now.isAfter(tally.getWindowEnd())) {
            return null;
        }
        RoomStats before = stats(tally);
        RoomTally t = RoomTally.newBuilder(tally).build();
        moveWindows(t, now.toEpochMilli());
        RoomStats after = stats(t);
        if (before.getJoinsPerMinute1m() == after.getJoinsPerMinute1m()
                && before.getJoinsPerMinute5m() == after.getJoinsPerMinute5m()) {
            return null;
        }
        t.setStatsVersion(t.getStatsVersion() + 1);
        return t;
    }

    /**
     * The room's score in the trending index ({@code GET /rooms/trending}, Redis {@code rooms:trending}):
     * its momentum over the long window ({@code joinsPerMinute5m}), in thousandths of a join per minute,
     * rounded (at least 1), while it is PUBLIC, live and has momentum.
     *
     * @return the score, or null when the room is not trending (not public, ended, or no join in the window)
     */
    public static Long trendingScore(RoomStats stats) {
        if (stats.getVisibility() != io.roomcast.events.Visibility.PUBLIC || stats.getEndedAt() != null
            || !(stats.getJoinsPerMinute5m() > 0)) {
            return null;
        }
        return Math.max(1L, Math.round(stats.getJoinsPerMinute5m() * 1000));
    }

    /** The statistics a tally stands for, as of its windows' end (field meanings: room-stats.avsc). */
    public RoomStats stats(RoomTally t) {
        long end = t.getWindowEnd().toEpochMilli();
        int listeners = 0;
        int speakers = 0;
        for (TallyPresence p : t.getPresent().values()) {
            if (onStage(p.getRole())) {
                speakers++;
            } else {
                listeners++;
            }
        }
        Map<String, Long> speaking = new TreeMap<>(t.getSpeakingMs());
        t.getSpeakingSince().forEach((who, since) -> speaking.merge(who, Math.max(0, end - since), Long::sum));
        List<SpeakerTime> speakTime = speaking.entrySet().stream()
            .map(e -> new SpeakerTime(e.getKey(), e.getValue())).toList();
        return RoomStats.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes((t.getRoomId() + "/" + t.getStatsVersion()).getBytes(StandardCharsets.UTF_8)))
            .setOccurredAt(t.getWindowEnd())
            .setRoomId(t.getRoomId())
            .setVersion(t.getStatsVersion())
            .setVisibility(t.getVisibility())
            .setStartedAt(t.getStartedAt())
            .setEndedAt(t.getEndedAt())
            .setListeners(listeners)
            .setSpeakers(speakers)
            .setPeakConcurrent(t.getPeakConcurrent())
            .setTotalJoins(t.getTotalJoins())
            .setJoinsPerMinute1m(perMinute(joinsSince(t, end - settings.shortWindow().toMillis()), settings.shortWindow()))
            .setJoinsPerMinute5m(perMinute(joinsSince(t, end - settings.longWindow().toMillis()), settings.longWindow()))
            .setStaysCompleted(t.getStaysCompleted())
            .setAverageStayMs(t.getStaysCompleted() == 0 ? null : t.getTotalStayMs() / t.getStaysCompleted())
            .setHandRaises(t.getHandRaises())
            .setSpeakTime(new ArrayList<>(speakTime))
            .setHourly(t.getEndedAt() == null ? new ArrayList<>() : new ArrayList<>(t.getHourly()))
            .build();
    }

    private static boolean counts(Object fact) {
        return fact instanceof RoomCreated || fact instanceof RoomStarted || fact instanceof ParticipantJoined
            || fact instanceof ParticipantLeft || fact instanceof HandRaised || fact instanceof RoleChanged
            || fact instanceof ParticipantMuted || fact instanceof SpeakingChanged || fact instanceof RoomEnded;
    }

    private static boolean replayed(RoomTally t, RoomEvent event) {
        if (event.getFact() instanceof SpeakingChanged s) {
            Long last = t.getLastSpeakingChangeAt().get(s.getParticipantId());
            return last != null && event.getOccurredAt().toEpochMilli() <= last;
        }
        Long version = event.getRoomVersion();
        if (version == null) {
            return false;
        }
        return version < t.getLastRoomVersion()
            || version == t.getLastRoomVersion() && t.getEventIdsAtLastVersion().contains(event.getEventId().toString());
    }

    private static void remember(RoomTally t, RoomEvent event) {
        Long version = event.getRoomVersion();
        if (version == null) {
            return;
        }
        if (version > t.getLastRoomVersion()) {
            t.setLastRoomVersion(version);
            t.setEventIdsAtLastVersion(new ArrayList<>());
        }
        t.getEventIdsAtLastVersion().add(event.getEventId().toString());
    }

    private static boolean onStage(Role role) {
        return role == Role.SPEAKER || role == Role.MODERATOR;
    }

    /** Ends a participant's stay (and speaking) if they are present; counts the leave in {@code hour} if given. */
    private static void endStay(RoomTally t, String participant, long at, HourStats hour) {
        TallyPresence p = t.getPresent().remove(participant);
        if (p == null) {
            return;
        }
        stopSpeaking(t, participant, at);
        t.setStaysCompleted(t.getStaysCompleted() + 1);
        t.setTotalStayMs(t.getTotalStayMs() + Math.max(0, at - p.getJoinedAt().toEpochMilli()));
        if (hour != null) {
            hour.setLeaves(hour.getLeaves() + 1);
        }
    }

    private static void stopSpeaking(RoomTally t, String participant, long at) {
        Long since = t.getSpeakingSince().remove(participant);
        if (since != null) {
            t.getSpeakingMs().merge(participant, Math.max(0, at - since), Long::sum);
        }
    }

    /** The hour entry of {@code at}, added (with the current occupancy as its peak so far) if new. */
    private static HourStats hourOf(RoomTally t, long at) {
        Instant start = Instant.ofEpochMilli(Math.floorDiv(at, HOUR_MS) * HOUR_MS);
        List<HourStats> hourly = t.getHourly();
        for (int i = hourly.size() - 1; i >= 0; i--) {
            if (hourly.get(i).getHourStart().equals(start)) {
                return hourly.get(i);
            }
        }
        HourStats hour = new HourStats(start, 0, 0, 0, t.getPresent().size());
        int i = hourly.size();
        while (i > 0 && hourly.get(i - 1).getHourStart().isAfter(start)) {
            i--;
        }
        hourly.add(i, hour);
        return hour;
    }

    private static void addJoin(RoomTally t, long at) {
        long second = Math.floorDiv(at, 1000);
        List<JoinBucket> buckets = t.getJoinBuckets();
        int i = buckets.size();
        while (i > 0 && buckets.get(i - 1).getSecond() > second) {
            i--;
        }
        if (i > 0 && buckets.get(i - 1).getSecond() == second) {
            JoinBucket b = buckets.get(i - 1);
            b.setJoins(b.getJoins() + 1);
        } else {
            buckets.add(i, new JoinBucket(second, 1));
        }
    }

    /** Moves the windows' end to {@code at} (never back) and drops the joins older than the long window. */
    private void moveWindows(RoomTally t, long at) {
        long end = Math.max(at, t.getWindowEnd().toEpochMilli());
        t.setWindowEnd(Instant.ofEpochMilli(end));
        long oldest = end - settings.longWindow().toMillis();
        t.setJoinBuckets(new ArrayList<>(t.getJoinBuckets().stream().filter(b -> b.getSecond() * 1000 > oldest).toList()));
    }

    /** Joins in buckets after {@code after} (epoch ms) up to the windows' end. */
    private static long joinsSince(RoomTally t, long after) {
        long sum = 0;
        for (JoinBucket b : t.getJoinBuckets()) {
            if (b.getSecond() * 1000 > after) {
                sum += b.getJoins();
            }
        }
        return sum;
    }

    private static double perMinute(long joins, Duration window) {
        return joins * 60_000.0 / window.toMillis();
    }
}
